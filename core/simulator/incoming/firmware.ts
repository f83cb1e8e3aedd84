/**
 * GetDiagnostics (§5.7) and UpdateFirmware (§5.19) with their notification sequences:
 *   diagnostics: Uploading → Uploaded (UploadFailed when the location is not an ftp/ftps/http/https URL);
 *   firmware:    (at retrieveDate) Downloading → Downloaded → [waits for transactions to end] → Installing →
 *                reboot → BootNotification with the new firmwareVersion → Installed
 *                (DownloadFailed for a location that is not a URL).
 * No bytes are transferred: the timings simulate the transfer.
 */
import type { ChargerPort } from './port.js';
import type { Handler } from './types.js';

const TRANSFER_MS = 3_000;
const INSTALL_MS = 2_000;
const SCHEMES = new Set(['ftp:', 'ftps:', 'http:', 'https:']);

function usableLocation(location: string): URL | null {
  try {
    const url = new URL(location);
    return SCHEMES.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

export const getDiagnostics: Handler<'GetDiagnostics'> = (cp, req) => {
  const fileName = `${cp.id}-diagnostics-${cp.timestamp().replace(/[:.]/g, '')}.log`.slice(0, 255);
  const ok = usableLocation(req.location) !== null;
  return {
    conf: { fileName },
    after: () => {
      cp.firmware.setDiagnosticsStatus('Uploading');
      cp.scheduler.after(TRANSFER_MS, () => {
        cp.firmware.setDiagnosticsStatus(ok ? 'Uploaded' : 'UploadFailed');
        cp.firmware.diagnosticsStatus = 'Idle';
      });
    },
  };
};

function installWhenIdle(cp: ChargerPort, version: string): void {
  if (cp.connectors.some((c) => c.tx)) {
    cp.scheduler.after(5_000, () => installWhenIdle(cp, version));
    return;
  }
  cp.firmware.setFirmwareStatus('Installing');
  cp.scheduler.after(INSTALL_MS, () => {
    cp.firmwareVersion = version;
    cp.firmware.pendingFirmware = version;
    cp.reboot('Hard').catch(() => {});
  });
}

export const updateFirmware: Handler<'UpdateFirmware'> = (cp, req) => {
  const url = usableLocation(req.location);
  const at = Date.parse(req.retrieveDate);
  return {
    conf: {},
    after: () => {
      cp.scheduler.at(Number.isFinite(at) ? at : cp.now(), () => {
        cp.firmware.setFirmwareStatus('Downloading');
        cp.scheduler.after(TRANSFER_MS, () => {
          if (!url) {
            cp.firmware.setFirmwareStatus('DownloadFailed');
            cp.firmware.firmwareStatus = 'Idle';
            return;
          }
          cp.firmware.setFirmwareStatus('Downloaded');
          const file = url.pathname.split('/').pop() ?? '';
          const version = (file.replace(/\.(bin|img|fw|zip|tar\.gz)$/i, '') || `${cp.firmwareVersion}+1`).slice(0, 50);
          installWhenIdle(cp, version);
        });
      });
    },
  };
};
