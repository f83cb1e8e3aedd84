/** Types for scripts/build-electron.js (used by tests and scripts/start.js). */
export function buildElectron(): Promise<{ main: string; preload: string }>;
