import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { roomsPlugin } from './roomRules.js';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx}'],
      plugins: { rooms: roomsPlugin },
      languageOptions: { parser: tseslint.parser },
      rules: { 'rooms/imports': 'error' },
    },
  ],
});

/** The room-rule messages ESLint gives for `code` as if it were the file at `file` (repo-relative). */
async function problems(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(root, file) });
  return (r?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('room rules (docs/ARCHITECTURE.md) fire when broken', () => {
  it('core/ocpp imports nothing else of core', async () => {
    expect(await problems('core/ocpp/v16/x.ts', "import { log } from '../../util/log.js';")).toEqual([
      'rooms/imports: "../../util/log.js": core/ocpp imports nothing else of core (it is the protocol; every room builds on it)',
    ]);
    expect(await problems('core/ocpp/x.ts', "export * from '../store/index.js';")).toHaveLength(1);
    expect(await problems('core/ocpp/v16/x.ts', "import { frames } from '../frames.js'; import { Ajv } from 'ajv';")).toEqual([]);
  });
  it('core/simulator never imports core/backend (tests may compare with it)', async () => {
    expect(await problems('core/simulator/charger.ts', "import type { Backend } from '../backend/index.js';")).toEqual([
      expect.stringMatching(/core\/simulator never imports core\/backend/),
    ]);
    expect(await problems('core/simulator/incoming/x.ts', "const m = await import('../../backend/core.js');")).toHaveLength(1);
    expect(await problems('core/simulator/x.test.ts', "import { decide } from '../backend/autoRemoteStartDecision.js';")).toEqual([]);
    expect(await problems('core/simulator/x.ts', "import { parseFrame } from '../ocpp/frames.js';")).toEqual([]);
  });
  it('core/scenario never imports core/app', async () => {
    expect(await problems('core/scenario/runner.ts', "import { startServe } from '../app/services.js';")).toEqual([
      expect.stringMatching(/core\/scenario never imports core\/app/),
    ]);
    expect(await problems('core/scenario/runner.ts', "import { openStore } from '../store/index.js';")).toEqual([]);
  });
  it('the renderer imports only its own code, the contracts and the listed pure files', async () => {
    const file = 'renderer/src/screens/X.tsx';
    expect(await problems(file, "import { protocols } from '../../../core/ocpp/index.js';")).toEqual([
      expect.stringMatching(/the renderer imports only its own code/),
    ]);
    expect(await problems(file, "import type { Backend } from '../../../core/backend/index.js';")).toHaveLength(1);
    expect(await problems(file, "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(
      await problems(
        file,
        [
          "import { contracts } from '../../../core/api/contracts/index.js';",
          "import { ChargePointStatusValues } from '../../../core/ocpp/v16/types.generated.js';",
          "import { SETTING_DEFS } from '../../../core/config/settingsSchema.js';",
          "import schemas from '../../../core/ocpp/schemas/ocpp16.json';",
          "import { useState } from 'react';",
          "import { api } from '../api/client.js';",
        ].join('\n'),
      ),
    ).toEqual([]);
  });
  it('the project config switches the rule on for every TypeScript file', async () => {
    const real = new ESLint({ cwd: root });
    for (const f of ['core/ocpp/frames.ts', 'core/simulator/charger.ts', 'core/scenario/runner.ts', 'renderer/src/App.tsx']) {
      const cfg = (await real.calculateConfigForFile(join(root, f))) as { rules: Record<string, unknown> };
      expect(cfg.rules['rooms/imports'], f).toEqual([2]);
    }
  });
});
