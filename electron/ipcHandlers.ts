/**
 * Registers the main-process side of the IPC contract: exactly the allowlisted channels, each handler
 * refusing calls from any frame that is not the bench UI (a navigated-away or embedded page gets nothing).
 */
import { IPC_CHANNELS, type IpcArgs, type IpcChannel, type IpcResult } from './ipcChannels.js';
import type { IpcMainInvokeEventLike, IpcMainLike } from './electronLike.js';

export type IpcHandlers = { [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<IpcResult<C>> | IpcResult<C> };

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

/** True when the calling frame's URL is on the bench UI's origin (http://127.0.0.1:PORT). */
export function isTrustedSender(event: IpcMainInvokeEventLike, uiOrigin: string): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    return new URL(url).origin === uiOrigin;
  } catch {
    return false;
  }
}

/** Registers every channel; returns the function that unregisters them (used on shutdown). */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: IpcHandlers, uiOrigin: () => string): () => void {
  for (const channel of IPC_CHANNELS) {
    const handler = handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, (event, ...args) => {
      if (!isTrustedSender(event, uiOrigin())) throw new UntrustedSenderError(`IPC "${channel}" refused: the caller is not the ChargeBench UI`);
      return handler(...args);
    });
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}
