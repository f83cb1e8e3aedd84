/**
 * A 2.0.1 station's outbox (outbox.ts) wired to the station: it writes only while powered and online, only
 * BootNotification until Accepted, and retries TransactionEvents per OCPPCommCtrlr MessageAttempts /
 * MessageAttemptInterval. The station passes itself (station.ts) once its link exists.
 */
import type { SimStats } from '../stats.js';
import type { Link } from './link.js';
import { Outbox } from './outbox.js';
import type { StationCore } from './stationCore.js';

export interface OutboxStation extends Pick<StationCore, 'id' | 'profile' | 'dm' | 'scheduler' | 'random' | 'registration' | 'powered' | 'error'> {
  readonly stats: SimStats;
  readonly link: Link;
  sendRaw(text: string): boolean;
}

export function stationOutbox(cp: OutboxStation): Outbox {
  const t = cp.profile.hardware.timing;
  return new Outbox(
    {
      id: cp.id,
      scheduler: cp.scheduler,
      stats: cp.stats,
      canSend: () => cp.powered && cp.link.open,
      accepted: () => cp.registration === 'Accepted',
      blocked: (beforeAccepted) =>
        !cp.powered
          ? 'powered off'
          : !cp.link.open
            ? 'offline'
            : cp.registration !== 'Accepted' && !beforeAccepted
              ? `BootNotification not accepted (${cp.registration})`
              : null,
      write: (text) => cp.sendRaw(text),
      error: (m) => cp.error(m),
      callTimeoutMs: () => t.callTimeoutS * 1000,
      maxAttempts: () => cp.dm.int('OCPPCommCtrlr', 'MessageAttempts', 3, { variableInstance: 'TransactionEvent' }),
      retryIntervalMs: () => cp.dm.int('OCPPCommCtrlr', 'MessageAttemptInterval', 60, { variableInstance: 'TransactionEvent' }) * 1000,
    },
    Math.floor(cp.random() * 1e9),
  );
}
