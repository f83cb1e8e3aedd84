/**
 * The one window's options and its navigation policy. Security is not optional here: the renderer is a web
 * page served over http://127.0.0.1, so it gets no Node, an isolated context, the Chromium sandbox, and a
 * preload that exposes only the typed bridge (ipcChannels.ts).
 */
import type { WindowState } from './windowState.js';

export interface MainWindowOptionsInput {
  preloadPath: string;
  state: WindowState;
  iconPath?: string;
}

export const MIN_WINDOW = { width: 1024, height: 640 } as const;

export function mainWindowOptions({ preloadPath, state, iconPath }: MainWindowOptionsInput) {
  return {
    title: 'ChargeBench',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false, // shown on 'ready-to-show': no white flash
    backgroundColor: '#0f172a',
    autoHideMenuBar: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

/**
 * In-window navigation stays on the bench UI's origin; http(s) links elsewhere (e.g. the RabbitMQ management
 * UI, OCPP docs) open in the user's browser; everything else (file:, javascript:, data:...) is refused.
 */
export function decideNavigation(targetUrl: string, uiOrigin: string): NavigationDecision {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return 'deny';
  }
  if (url.origin === uiOrigin) return 'allow';
  if (url.protocol === 'http:' || url.protocol === 'https:') return 'open-externally';
  return 'deny';
}

/**
 * Web permissions the UI may get: only writing to the clipboard (the Copy buttons). Camera, microphone,
 * geolocation, notifications, USB/serial/HID and the rest are refused.
 */
export function allowPermission(permission: string, requestingUrl: string, uiOrigin: string): boolean {
  return permission === 'clipboard-sanitized-write' && decideNavigation(requestingUrl, uiOrigin) === 'allow';
}
