/**
 * What the CSMS manages on a 2.0.1 station beyond its sessions: charging profiles, the local authorization list and
 * the authorization cache, firmware and log upload status (and the install waiting for its reboot).
 */
import type { FirmwareStatusEnumType, IdTokenInfoType, UploadLogStatusEnumType } from '../../ocpp/v201/index.js';
import type { Task } from '../scheduler.js';
import { ChargingProfiles201 } from './smartCharging.js';
import type { StationCore } from './stationCore.js';

export class StationState {
  readonly profiles = new ChargingProfiles201();
  /** idToken value → info; versionNumber of the list. */
  localList = new Map<string, IdTokenInfoType>();
  localListVersion = 0;
  authCache = new Map<string, IdTokenInfoType>();
  firmwareStatus: FirmwareStatusEnumType = 'Idle';
  firmwareRequestId: number | undefined;
  /** A firmware install waiting for its reboot: reported Installed after the next accepted boot. */
  installAfterBoot: string | null = null;
  logStatus: UploadLogStatusEnumType = 'Idle';
  logRequestId: number | undefined;
  /** Firmware / log steps still to come. */
  tasks = new Set<Task>();

  setFirmwareStatus(cp: StationCore, status: FirmwareStatusEnumType): void {
    this.firmwareStatus = status;
    cp.send('FirmwareStatusNotification', {
      status,
      ...(this.firmwareRequestId !== undefined ? { requestId: this.firmwareRequestId } : {}),
    });
  }

  setLogStatus(cp: StationCore, status: UploadLogStatusEnumType): void {
    this.logStatus = status;
    cp.send('LogStatusNotification', {
      status,
      ...(this.logRequestId !== undefined ? { requestId: this.logRequestId } : {}),
    });
  }

  /** Runs `fn` after `ms` of station time unless the station stops first. */
  later(cp: StationCore, ms: number, fn: () => void): void {
    const t = cp.scheduler.after(ms, () => {
      this.tasks.delete(t);
      fn();
    });
    this.tasks.add(t);
  }

  afterBoot(cp: StationCore): void {
    if (this.installAfterBoot === null) return;
    cp.firmwareVersion = this.installAfterBoot;
    this.installAfterBoot = null;
    this.setFirmwareStatus(cp, 'Installed');
  }

  clear(cp: StationCore): void {
    for (const t of this.tasks) cp.scheduler.cancel(t);
    this.tasks.clear();
  }
}
