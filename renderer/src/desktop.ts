/**
 * The desktop bridge (`window.chargebench`, exposed by electron/preload.ts) when the UI runs inside the
 * Electron app; undefined in a plain browser. Types only from electron/ — no Electron code in the bundle.
 */
import type { DesktopBridge } from '../../electron/ipcChannels.js';

export const desktop: DesktopBridge | undefined = (window as unknown as { chargebench?: DesktopBridge }).chargebench;
