/**
 * Window position/size remembered across launches in a small JSON file in the user-data folder. Anything
 * unreadable falls back to the defaults; a window that would open off every display is re-centred.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rectangle } from './electronLike.js';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const WINDOW_STATE_FILE = 'window-state.json';

const finiteInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 100_000;

export function parseWindowState(text: string | undefined): WindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const state: WindowState = {
    width: finiteInt(r.width) && r.width >= 400 ? Math.round(r.width) : DEFAULT_WINDOW_STATE.width,
    height: finiteInt(r.height) && r.height >= 300 ? Math.round(r.height) : DEFAULT_WINDOW_STATE.height,
    maximized: r.maximized === true,
  };
  if (finiteInt(r.x) && finiteInt(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Keeps the saved bounds only if enough of the window lands on a display; shrinks it to fit the largest one. */
export function fitToDisplays(state: WindowState, workAreas: Rectangle[]): WindowState {
  if (workAreas.length === 0) return state;
  const largest = workAreas.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  const width = Math.min(state.width, largest.width);
  const height = Math.min(state.height, largest.height);
  const out: WindowState = { width, height, maximized: state.maximized };
  if (state.x !== undefined && state.y !== undefined) {
    const rect = { x: state.x, y: state.y, width, height };
    const visible = workAreas.some((wa) => overlap(rect, wa) >= Math.min(width * height, 200 * 100));
    if (visible) {
      out.x = state.x;
      out.y = state.y;
    }
  }
  return out;
}

export async function loadWindowState(userDataDir: string, workAreas: Rectangle[]): Promise<WindowState> {
  const text = await readFile(path.join(userDataDir, WINDOW_STATE_FILE), 'utf8').catch(() => undefined);
  return fitToDisplays(parseWindowState(text), workAreas);
}

/** Atomic write (temp file + rename) so a crash mid-write never leaves half a file. */
export async function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  await mkdir(userDataDir, { recursive: true });
  const file = path.join(userDataDir, WINDOW_STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', 'utf8');
  await rename(tmp, file);
}

/** What to save from a window: its normal (un-maximized) bounds plus the maximized flag. */
export function captureWindowState(win: { getNormalBounds(): Rectangle; isMaximized(): boolean }): WindowState {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}
