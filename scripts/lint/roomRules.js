/**
 * The room rules of docs/ARCHITECTURE.md as one ESLint rule (`rooms/imports`): each import (static, re-export,
 * dynamic, type-only too) is resolved against the importing file and checked against the rules of its room.
 * Bare package imports are not rooms' business, except node: builtins in the renderer.
 */
import { dirname, relative, resolve } from 'node:path';

/** What the renderer may import besides its own code: contracts and pure, Node-free files (listed in docs/ARCHITECTURE.md). */
export const RENDERER_MAY_IMPORT = [
  'core/api/contracts/',
  'core/api/types.ts',
  'core/config/settingsSchema.ts',
  'core/ocpp/protocol.ts',
  'core/ocpp/chargePointId.ts',
  'core/ocpp/actions.ts',
  'core/ocpp/fieldErrors.ts',
  'core/ocpp/commandValidators.generated.ts',
  'core/ocpp/v16/types.generated.ts',
  'core/ocpp/v16/actions.ts',
  'core/ocpp/v201/types.generated.ts',
  'core/ocpp/v201/actions.ts',
  'core/ocpp/schemas/',
  'core/util/redactUrl.ts',
  'electron/ipcChannels.ts',
];

const withoutExt = (p) => p.replace(/\.(js|ts|tsx|mjs|cjs)$/, '');
const isTest = (file) => /\.test\.tsx?$/.test(file);

function rendererMay(target) {
  const t = withoutExt(target);
  return target.startsWith('renderer/') || RENDERER_MAY_IMPORT.some((a) => (a.endsWith('/') ? target.startsWith(a) : withoutExt(a) === t));
}

/** Each room: which files it covers, what they may not import (target is repo-relative), and why. */
export const ROOMS = [
  {
    id: 'ocpp',
    covers: (file) => file.startsWith('core/ocpp/'),
    forbids: (target) => target.startsWith('core/') && !target.startsWith('core/ocpp/'),
    message: 'core/ocpp imports nothing else of core (it is the protocol; every room builds on it)',
  },
  {
    id: 'simulator',
    // its tests may compare the simulator with the backend (sessionTruth.test.ts)
    covers: (file) => file.startsWith('core/simulator/') && !isTest(file),
    forbids: (target) => target.startsWith('core/backend/'),
    message: 'core/simulator never imports core/backend (the simulator is a plain OCPP client that works against any CSMS)',
  },
  {
    id: 'scenario',
    covers: (file) => file.startsWith('core/scenario/'),
    forbids: (target) => target.startsWith('core/app/'),
    message: 'core/scenario never imports core/app (the composition root sits above it)',
  },
  {
    id: 'renderer',
    covers: (file) => file.startsWith('renderer/') && !isTest(file),
    forbids: (target, spec) => (spec.startsWith('node:') ? true : spec.startsWith('.') && !rendererMay(target)),
    message: `the renderer imports only its own code, core/api/contracts and the pure files listed in docs/ARCHITECTURE.md (${RENDERER_MAY_IMPORT.join(', ')}), never Node built-ins`,
  },
];

/**
 * Known breaches being removed by other work, each with the import it may keep until then. Delete the entry with
 * the breach (the rule then holds for that file too).
 */
export const KNOWN_BREACHES = [
  // issue 14 item 3: the in-process target builds its backend through the composition root (sim-split moves it)
  { file: 'core/scenario/inProcessTarget.ts', target: 'core/app/services.js' },
];

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'The room rules of docs/ARCHITECTURE.md: which folder may import which' },
    schema: [],
    messages: { forbidden: '"{{spec}}": {{why}}' },
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split('\\').join('/');
    const rooms = ROOMS.filter((r) => r.covers(file));
    if (rooms.length === 0) return {};
    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const target = spec.startsWith('.')
        ? relative(root, resolve(dirname(context.filename), spec))
            .split('\\')
            .join('/')
        : spec;
      if (KNOWN_BREACHES.some((b) => b.file === file && b.target === target)) return;
      for (const r of rooms) {
        if (r.forbids(target, spec)) context.report({ node: source, messageId: 'forbidden', data: { spec, why: r.message } });
      }
    }
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source.type === 'Literal' ? n.source : null),
    };
  },
};

export const roomsPlugin = { meta: { name: 'chargebench-rooms' }, rules: { imports: importsRule } };
