/** Scenario durations: a number of seconds, or "500ms" / "30s" / "5m" / "5min" / "2h". */
import type { Duration } from './types.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

export function durationMs(value: Duration | undefined, fallbackMs = 0): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === 'number') return value * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)\s*$/.exec(value);
  if (!m) throw new Error(`Invalid duration "${value}": use seconds (30) or a string like "500ms", "30s", "5m", "2h"`);
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
  return `${Math.floor(ms / 3_600_000)}h${Math.round((ms % 3_600_000) / 60_000)}m`;
}
