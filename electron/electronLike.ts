/**
 * The slices of Electron's API the main-process modules use, as plain interfaces. The logic modules take
 * these as parameters so they run under vitest without the Electron binary; main.ts passes the real objects.
 * (The `electron` package is an optional dependency: its types are absent wherever its binary is.)
 */
export interface IpcMainInvokeEventLike {
  senderFrame?: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}
