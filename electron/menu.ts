/** The application menu as a template (File: data folder, export logs, quit; View; Help: about, versions). */
import type { MenuItemTemplate } from './electronLike.js';

export interface MenuActions {
  openDataFolder(): void;
  exportLogs(): void;
  about(): void;
  versions(): void;
  openRabbitManagement?(): void;
}

export function buildMenuTemplate(actions: MenuActions, platform: string): MenuItemTemplate[] {
  const isMac = platform === 'darwin';
  const file: MenuItemTemplate = {
    label: 'File',
    submenu: [
      { label: 'Open Data Folder', click: actions.openDataFolder },
      { label: 'Export Message Log…', accelerator: 'CmdOrCtrl+E', click: actions.exportLogs },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit ChargeBench' },
    ],
  };
  const view: MenuItemTemplate = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemTemplate = {
    label: 'Help',
    submenu: [
      { label: 'About ChargeBench', click: actions.about },
      { label: 'Versions', click: actions.versions },
      ...(actions.openRabbitManagement ? [{ label: 'RabbitMQ Management UI', click: actions.openRabbitManagement }] : []),
    ],
  };
  return [...(isMac ? [{ role: 'appMenu' }] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
