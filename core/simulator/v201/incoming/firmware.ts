/**
 * UpdateFirmware (L01): Accepted, then FirmwareStatusNotification Downloading → Downloaded → (SignatureVerified)
 * → Installing → InstallRebooting, a reboot (FirmwareUpdate) and Installed after the next boot; a location that is
 * not a URL ends in DownloadFailed. GetLog (N01): Accepted with a file name, then LogStatusNotification Uploading →
 * Uploaded (UploadFailure for a bad location). DataTransfer (P01). Transfers are simulated: no bytes move.
 */
import type { FirmwareStatusEnumType } from '../../../ocpp/v201/index.js';
import type { StationPort } from '../stationPort.js';
import type { Handler } from './types.js';

const STEP_MS = 2_000;

function isUrl(s: string): boolean {
  try {
    return ['http:', 'https:', 'ftp:', 'ftps:', 'sftp:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

function steps(cp: StationPort, list: FirmwareStatusEnumType[], done: () => void): void {
  const [first, ...rest] = list;
  if (!first) return done();
  cp.state.later(cp, STEP_MS, () => {
    cp.state.setFirmwareStatus(cp, first);
    steps(cp, rest, done);
  });
}

export const updateFirmware: Handler<'UpdateFirmware'> = (cp, req) => {
  const busy =
    cp.state.firmwareStatus !== 'Idle' &&
    cp.state.firmwareStatus !== 'Installed' &&
    cp.state.firmwareStatus !== 'DownloadFailed' &&
    cp.state.firmwareStatus !== 'InstallationFailed';
  const conf = {
    status: busy ? ('AcceptedCanceled' as const) : ('Accepted' as const),
  };
  return {
    conf,
    after: () => {
      cp.state.firmwareRequestId = req.requestId;
      const start = Math.max(0, Date.parse(req.firmware.retrieveDateTime) - cp.now());
      cp.state.later(cp, Math.min(start, 60_000), () => {
        if (!isUrl(req.firmware.location)) {
          steps(cp, ['Downloading', 'DownloadFailed'], () => {});
          return;
        }
        const version = (req.firmware.location.split('/').pop() ?? 'new').replace(/\.[a-z]+$/i, '').slice(0, 50) || 'new';
        const list: FirmwareStatusEnumType[] = [
          'Downloading',
          'Downloaded',
          ...(req.firmware.signature ? (['SignatureVerified'] as const) : []),
          'Installing',
          'InstallRebooting',
        ];
        steps(cp, list, () => {
          cp.firmwareVersion = version;
          cp.state.installAfterBoot = version;
          void cp.reboot('FirmwareUpdate');
        });
      });
    },
  };
};

export const getLog: Handler<'GetLog'> = (cp, req) => {
  const filename = `${cp.id}-${req.logType === 'SecurityLog' ? 'security' : 'diagnostics'}-${req.requestId}.log`.slice(0, 255);
  return {
    conf: {
      status: cp.state.logStatus === 'Uploading' ? 'AcceptedCanceled' : 'Accepted',
      filename,
    },
    after: () => {
      cp.state.logRequestId = req.requestId;
      cp.state.later(cp, STEP_MS, () => {
        cp.state.setLogStatus(cp, 'Uploading');
        cp.state.later(cp, STEP_MS, () => cp.state.setLogStatus(cp, isUrl(req.log.remoteLocation) ? 'Uploaded' : 'UploadFailure'));
      });
    },
  };
};

/** Vendor "ChargeBench", messageId "Echo" echoes its data; any other vendor is unknown to this station. */
export const dataTransfer: Handler<'DataTransfer'> = (_cp, req) => {
  if (req.vendorId !== 'ChargeBench') return { conf: { status: 'UnknownVendorId' } };
  if (req.messageId !== 'Echo') return { conf: { status: 'UnknownMessageId' } };
  return {
    conf: {
      status: 'Accepted',
      ...(req.data !== undefined ? { data: req.data } : {}),
    },
  };
};
