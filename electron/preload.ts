/**
 * Preload (sandboxed, context-isolated): exposes `window.chargebench`, the typed desktop bridge, and
 * nothing else. Bundled to CommonJS (electron/dist/preload.cjs) because sandboxed preloads cannot load ESM
 * or local modules.
 */
import { createDesktopBridge } from './bridgeApi.js';
import type { ContextBridgeLike, IpcRendererLike } from './electronLike.js';
import { BRIDGE_KEY } from './ipcChannels.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as { contextBridge: ContextBridgeLike; ipcRenderer: IpcRendererLike };

contextBridge.exposeInMainWorld(BRIDGE_KEY, createDesktopBridge(ipcRenderer));
