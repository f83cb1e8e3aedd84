/**
 * The whole IPC surface between the renderer and the Electron main process, typed once and shared by
 * preload.ts (which exposes it) and main.ts (which handles it). The renderer does its real work over the
 * bench HTTP API like in a browser; IPC only covers what a web page cannot do itself.
 */
export interface AppInfo {
  name: string;
  version: string;
  versions: { electron: string; chrome: string; node: string; v8: string };
  dataDir: string;
  platform: string;
}

export interface ExportLogsResult {
  /** The file written, or null when the user cancelled the save dialog. */
  path: string | null;
  frames: number;
}

/** channel → [argument tuple, result] */
export interface IpcContract {
  'app:info': [[], AppInfo];
  'app:open-data-folder': [[], { opened: boolean; error?: string }];
  'app:export-logs': [[], ExportLogsResult];
  'app:open-external': [[url: string], { opened: boolean }];
}

export type IpcChannel = keyof IpcContract;
export type IpcArgs<C extends IpcChannel> = IpcContract[C][0];
export type IpcResult<C extends IpcChannel> = IpcContract[C][1];

/** The allowlist: preload refuses anything else, and main registers exactly these. */
export const IPC_CHANNELS = ['app:info', 'app:open-data-folder', 'app:export-logs', 'app:open-external'] as const satisfies readonly IpcChannel[];

// Compile-time check that the allowlist names every channel of the contract.
type Missing = Exclude<IpcChannel, (typeof IPC_CHANNELS)[number]>;
const _allListed: Missing extends never ? true : never = true;
void _allListed;

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && (IPC_CHANNELS as readonly string[]).includes(name);
}

/** What `window.chargebench` looks like in the renderer when it runs inside the desktop app. */
export interface DesktopBridge {
  readonly desktop: true;
  appInfo(): Promise<AppInfo>;
  openDataFolder(): Promise<IpcResult<'app:open-data-folder'>>;
  exportLogs(): Promise<ExportLogsResult>;
  openExternal(url: string): Promise<IpcResult<'app:open-external'>>;
}

/** The name under which preload exposes the bridge (`window.chargebench`). */
export const BRIDGE_KEY = 'chargebench';
