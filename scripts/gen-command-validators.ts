/** Writes core/ocpp/commandValidators.generated.ts (see scripts/ocpp-validators/generate.ts). */
import { writeFileSync } from 'node:fs';
import { OUT_FILE, generateCommandValidators } from './ocpp-validators/generate.js';

const text = generateCommandValidators();
writeFileSync(OUT_FILE, text);
console.log(`wrote ${OUT_FILE} (${Math.round(text.length / 1024)} KiB)`);
