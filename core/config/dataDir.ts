/**
 * Where ChargeBench keeps its database and settings: `--data-dir` (passed in by the CLI), else
 * `CHARGEBENCH_DATA_DIR`, else the per-user application data folder of the platform.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ConfigError } from './errors.js';

export const APP_DIR_NAME = 'chargebench';

export interface DataDirInput {
  /** The `--data-dir` option, when given. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The platform's per-user application data folder for ChargeBench. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') {
    const base = env.APPDATA || join(home, 'AppData', 'Roaming');
    return join(base, APP_DIR_NAME);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const xdg = env.XDG_DATA_HOME;
  // XDG says relative paths in XDG_DATA_HOME are invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(base, APP_DIR_NAME);
}

/** Resolves the data directory (absolute path) without creating it. */
export function resolveDataDir(input: DataDirInput = {}): string {
  const env = input.env ?? process.env;
  if (input.dataDir !== undefined && input.dataDir.trim() === '')
    throw new ConfigError('--data-dir is empty: pass a directory path, e.g. --data-dir ./bench-data');
  if (input.dataDir) return resolve(input.dataDir);
  const fromEnv = env.CHARGEBENCH_DATA_DIR;
  if (fromEnv && fromEnv.trim() !== '') return resolve(fromEnv);
  return defaultDataDir(env, input.platform ?? process.platform, input.home ?? homedir());
}

/** Resolves the data directory and makes sure it exists. */
export function ensureDataDir(input: DataDirInput = {}): string {
  const dir = resolveDataDir(input);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ConfigError(`Cannot create the data directory ${dir}: ${(err as Error).message}. Choose another one with --data-dir or CHARGEBENCH_DATA_DIR.`);
  }
  return dir;
}
