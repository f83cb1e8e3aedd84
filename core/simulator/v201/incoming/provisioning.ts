/**
 * The device model over the wire (B06–B08): GetVariables / SetVariables per variable with the spec's statuses
 * (more items than DeviceDataCtrlr.ItemsPerMessage → OccurrenceConstraintViolation), and GetBaseReport / GetReport
 * answered first, then sent as NotifyReport messages of ItemsPerMessage[GetReport] entries each, seqNo 0, 1, … and
 * tbc on all but the last. A changed interval takes effect at once.
 */
import { OcppError } from '../../../ocpp/index.js';
import type { ReportDataType } from '../../../ocpp/v201/index.js';
import type { VariableEntry } from '../deviceModel.js';
import type { StationPort } from '../stationPort.js';
import type { Handler } from './types.js';

function limit(cp: StationPort, instance: string, n: number): void {
  const max = cp.dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 50, {
    variableInstance: instance,
  });
  if (n > max)
    throw new OcppError('OccurrenceConstraintViolation', `${n} items; this station takes at most ${max} (DeviceDataCtrlr.ItemsPerMessage[${instance}])`);
}

export const getVariables: Handler<'GetVariables'> = (cp, req) => {
  limit(cp, 'GetVariables', req.getVariableData.length);
  return {
    conf: { getVariableResult: req.getVariableData.map((d) => cp.dm.get(d)) },
  };
};

function applyChange(cp: StationPort, e: VariableEntry): void {
  const key = `${e.component.name}.${e.variable.name}`;
  if (key === 'OCPPCommCtrlr.HeartbeatInterval') cp.scheduleHeartbeat();
  else if (key === 'SampledDataCtrlr.TxUpdatedInterval') cp.sessions.rescheduleSampling();
  else if (key === 'AlignedDataCtrlr.Interval') cp.sessions.scheduleAligned();
  else if (key === 'OCPPCommCtrlr.WebSocketPingInterval') cp.socket.pingIntervalS = Number(cp.dm.actual(e) ?? 0);
}

export const setVariables: Handler<'SetVariables'> = (cp, req) => {
  limit(cp, 'SetVariables', req.setVariableData.length);
  const changed: VariableEntry[] = [];
  const setVariableResult = req.setVariableData.map((d) => {
    const r = cp.dm.set(d);
    if (r.changed) changed.push(r.changed);
    return r.result;
  });
  return {
    conf: { setVariableResult },
    after: () => changed.forEach((e) => applyChange(cp, e)),
  };
};

/** Sends the report as NotifyReport chunks (after the answer). */
function sendReport(cp: StationPort, requestId: number, data: ReportDataType[]): void {
  const size = Math.max(
    1,
    cp.dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 20, {
      variableInstance: 'GetReport',
    }),
  );
  const generatedAt = cp.timestamp();
  const chunks = Math.max(1, Math.ceil(data.length / size));
  for (let seqNo = 0; seqNo < chunks; seqNo++) {
    const reportData = data.slice(seqNo * size, (seqNo + 1) * size);
    cp.send('NotifyReport', {
      requestId,
      generatedAt,
      seqNo,
      ...(seqNo < chunks - 1 ? { tbc: true } : {}),
      ...(reportData.length ? { reportData } : {}),
    });
  }
}

export const getBaseReport: Handler<'GetBaseReport'> = (cp, req) => {
  const data = cp.dm.baseReport(req.reportBase);
  return {
    conf: { status: 'Accepted' },
    after: () => sendReport(cp, req.requestId, data),
  };
};

export const getReport: Handler<'GetReport'> = (cp, req) => {
  const data = cp.dm.report(req.componentVariable, req.componentCriteria);
  if (!data.length) return { conf: { status: 'EmptyResultSet' } };
  return {
    conf: { status: 'Accepted' },
    after: () => sendReport(cp, req.requestId, data),
  };
};
