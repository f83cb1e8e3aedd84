import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const require = createRequire(import.meta.url);

describe('electron-builder configuration', () => {
  const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown> & {
    linux: { target: string[] };
    win: { target: string[] };
    mac: { target: string[] };
    files: string[];
    asarUnpack: string[];
  };

  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('builds AppImage + deb, nsis and dmg for ChargeBench, with native modules rebuilt and unpacked', () => {
    expect(config).toMatchObject({ appId: 'org.chargebench.app', productName: 'ChargeBench', npmRebuild: true });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'electron/dist/**', 'renderer/dist/**']));
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('electron/dist/main.js');
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
  });

  it('has a 512×512 PNG icon', () => {
    const png = readFileSync(new URL('build/icon.png', root));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
  });
});
