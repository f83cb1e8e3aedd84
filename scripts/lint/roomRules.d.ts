import type { ESLint } from 'eslint';

export const RENDERER_MAY_IMPORT: readonly string[];
export const KNOWN_BREACHES: ReadonlyArray<{ file: string; target: string }>;
export const ROOMS: ReadonlyArray<{ id: string; covers(file: string): boolean; forbids(target: string, spec: string): boolean; message: string }>;
export const roomsPlugin: ESLint.Plugin;
