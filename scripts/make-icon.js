#!/usr/bin/env node
// Draws build/icon.png (512×512, the app icon electron-builder turns into .ico/.icns/Linux icons):
// a lightning bolt on a rounded dark-blue tile. Pure Node (zlib), run once: `node scripts/make-icon.js`.
import { Buffer } from 'node:buffer';
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 512;
const bolt = [
  [292, 64],
  [136, 292],
  [244, 292],
  [212, 448],
  [376, 204],
  [268, 204],
  [316, 64],
];

function inPolygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function inTile(x, y) {
  const r = 96,
    m = 16,
    lo = m + r,
    hi = S - m - r;
  const cx = Math.min(Math.max(x, lo), hi),
    cy = Math.min(Math.max(y, lo), hi);
  return x >= m && x <= S - m && y >= m && y <= S - m && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const raw = Buffer.alloc((S * 4 + 1) * S);
const N = 4; // 4×4 supersampling for smooth edges
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S; x++) {
    let tile = 0,
      fg = 0;
    for (let sy = 0; sy < N; sy++)
      for (let sx = 0; sx < N; sx++) {
        const px = x + (sx + 0.5) / N,
          py = y + (sy + 0.5) / N;
        if (inTile(px, py)) {
          tile++;
          if (inPolygon(px, py, bolt)) fg++;
        }
      }
    const t = y / S; // vertical gradient #1d4ed8 → #0f172a
    const bg = [29 + (15 - 29) * t, 78 + (23 - 78) * t, 216 + (42 - 216) * t];
    const yellow = [250, 204, 21];
    const a = tile / (N * N),
      f = tile ? fg / tile : 0;
    const o = y * (S * 4 + 1) + 1 + x * 4;
    for (let c = 0; c < 3; c++) raw[o + c] = Math.round(bg[c] * (1 - f) + yellow[c] * f);
    raw[o + 3] = Math.round(a * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('build', { recursive: true });
writeFileSync('build/icon.png', png);
console.log(`build/icon.png: ${S}×${S}, ${png.length} bytes`);
