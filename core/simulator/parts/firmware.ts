/** Firmware and diagnostics state (OCPP 1.6): the statuses reported, and an installed firmware waiting for its reboot. */
import type { DiagnosticsStatus, FirmwareStatus } from '../../ocpp/index.js';
import type { Calls } from './calls.js';

export class Firmware {
  diagnosticsStatus: DiagnosticsStatus = 'Idle';
  firmwareStatus: FirmwareStatus = 'Idle';
  /** Set while a firmware update waits for the reboot that installs it. */
  pendingFirmware: string | null = null;

  constructor(private readonly calls: Calls) {}

  setFirmwareStatus(status: FirmwareStatus): void {
    this.firmwareStatus = status;
    void this.calls.send('FirmwareStatusNotification', { status });
  }

  setDiagnosticsStatus(status: DiagnosticsStatus): void {
    this.diagnosticsStatus = status;
    void this.calls.send('DiagnosticsStatusNotification', { status });
  }

  /** After a boot is accepted: a firmware that was waiting for the reboot is Installed. */
  booted(): void {
    if (this.pendingFirmware === null) return;
    this.pendingFirmware = null;
    this.setFirmwareStatus('Installed');
  }
}
