/**
 * Builds the object preload.ts hands to `contextBridge.exposeInMainWorld`: frozen, functions only, each one
 * a call on an allowlisted channel with checked arguments. No ipcRenderer, no Node, nothing generic.
 */
import { isIpcChannel, type DesktopBridge, type IpcArgs, type IpcChannel, type IpcResult } from './ipcChannels.js';
import type { IpcRendererLike } from './electronLike.js';

export function createDesktopBridge(ipc: IpcRendererLike): DesktopBridge {
  const invoke = <C extends IpcChannel>(channel: C, ...args: IpcArgs<C>): Promise<IpcResult<C>> => {
    if (!isIpcChannel(channel)) return Promise.reject(new Error(`IPC channel "${String(channel)}" is not allowed`));
    return ipc.invoke(channel, ...args) as Promise<IpcResult<C>>;
  };
  return Object.freeze({
    desktop: true as const,
    appInfo: () => invoke('app:info'),
    openDataFolder: () => invoke('app:open-data-folder'),
    exportLogs: () => invoke('app:export-logs'),
    openExternal: (url: string) => {
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return Promise.reject(new Error('openExternal takes an http(s) URL'));
      return invoke('app:open-external', url);
    },
  });
}
