/**
 * An OCPP 2.0.1 charger's device model: "Read device model" sends GetBaseReport (POST …/device-model/read) and
 * waits for its NotifyReport parts to arrive; the tree lists component (with its EVSE / connector) → variable →
 * attributes (value, mutability), filterable; writable values are edited in place (SetVariables, VariableRows).
 */
import { useState } from 'react';
import { call, contracts } from '../../api/client.js';
import { useLoad } from '../../hooks.js';
import type { ChargerDetail } from '../../../../core/api/types.js';
import { REPORT_BASES } from '../../../../core/api/contracts/deviceModel.js';
import { ErrorState, formatTime } from '../States.js';
import { AnswerBadge } from '../operator/badges.js';
import { useChargerChanges } from '../operator/useChargerChanges.js';
import { VariableRows } from './VariableRows.js';
import { componentLabel, filterModel, type SetAnswer } from './variables.js';
import './deviceModel.css';

/** How long "Read device model" waits for the report's parts after the charger accepted GetBaseReport. */
const REPORT_WAIT_MS = 20_000;
const POLL_MS = 400;

type ReportBase = (typeof REPORT_BASES)[number];

export function DeviceModelPanel({ charger }: { charger: ChargerDetail }) {
  const model = useLoad(() => call(contracts.deviceModel.get, { params: { id: charger.id } }), [charger.id]);
  useChargerChanges(charger.id, model.reload, 2000);
  const [reportBase, setReportBase] = useState<ReportBase>('FullInventory');
  const [filter, setFilter] = useState('');
  const [reading, setReading] = useState<string | null>(null);
  const [readAnswer, setReadAnswer] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, SetAnswer>>({});

  async function read() {
    setReading('Asking the charger (GetBaseReport)…');
    setError(null);
    setReadAnswer(null);
    try {
      const r = await call(contracts.deviceModel.read, { params: { id: charger.id }, body: { reportBase } });
      const status = r.result.ok ? ((r.result.response as { status?: string } | undefined)?.status ?? 'answered') : (r.result.error?.code ?? 'failed');
      setReadAnswer(status);
      if (!r.result.ok) setError(`GetBaseReport failed: ${r.result.error?.code} ${r.result.error?.description ?? ''}`);
      else if (status === 'Accepted') await waitForReport(r.requestId);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setReading(null);
    }
  }

  /** Reloads until a variable of this report is stored, then once more after the parts stop coming. */
  async function waitForReport(requestId: number) {
    setReading(`Waiting for the report (requestId ${requestId})…`);
    const until = Date.now() + REPORT_WAIT_MS;
    let seen = -1;
    while (Date.now() < until) {
      const m = await call(contracts.deviceModel.get, { params: { id: charger.id } });
      model.setData(m);
      const mine = m.components.reduce((n, c) => n + c.variables.filter((v) => v.requestId === requestId).length, 0);
      if (mine > 0 && mine === seen) return;
      seen = mine;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (seen <= 0) setError(`The charger accepted GetBaseReport but no NotifyReport for requestId ${requestId} arrived in ${REPORT_WAIT_MS / 1000} s.`);
  }

  const data = model.data;
  const shown = filterModel(data?.components ?? [], filter);
  const newest = data?.components
    .flatMap((c) => c.variables.map((v) => v.reportedAt))
    .sort()
    .at(-1);
  return (
    <section className="panel span2" aria-label="Device model" data-testid="device-model-panel">
      <div className="panel-head">
        <h2>Device model</h2>
        <span className="row" style={{ margin: 0 }}>
          <span className="muted small" data-testid="dm-count">
            {data && data.variables > 0
              ? `${data.variables} variables in ${data.components.length} components · reported ${formatTime(newest)}`
              : 'not read yet'}
          </span>
          <input
            type="search"
            aria-label="Filter components and variables"
            placeholder="Filter components / variables"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <select aria-label="Report base" value={reportBase} onChange={(e) => setReportBase(e.target.value as ReportBase)}>
            {REPORT_BASES.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
          <button type="button" className="btn" disabled={reading !== null || !charger.connected} onClick={() => void read()}>
            {reading ? 'Reading…' : 'Read device model'}
          </button>
        </span>
      </div>
      {(reading || readAnswer) && (
        <p className="muted small" role="status">
          {readAnswer && (
            <>
              GetBaseReport: <AnswerBadge value={readAnswer} testId="dm-read-answer" />{' '}
            </>
          )}
          {reading}
        </p>
      )}
      {error && <ErrorState error={error} />}
      {model.error && <ErrorState error={model.error} retry={model.reload} />}
      {data && data.components.length === 0 && (
        <p className="muted">Press "Read device model" to ask the charger for its components and variables (GetBaseReport → NotifyReport).</p>
      )}
      {data && data.components.length > 0 && shown.length === 0 && <p className="muted">No component or variable matches "{filter}".</p>}
      {shown.length > 0 && (
        <div className="dm-tree" data-testid="dm-tree">
          {shown.map((c) => (
            <details
              key={componentLabel(c)}
              className="dm-component"
              open={filter.trim() !== '' || shown.length <= 3}
              data-testid={`dm-component-${c.component}`}
            >
              <summary>
                <span className="mono">{componentLabel(c)}</span>
                <span className="muted small">
                  {c.variables.length} variable{c.variables.length === 1 ? '' : 's'}
                </span>
              </summary>
              <table className="dm-vars">
                <thead>
                  <tr>
                    <th>Variable</th>
                    <th>Attribute</th>
                    <th style={{ width: '34%' }}>Value</th>
                    <th>Mutability</th>
                    <th>Type</th>
                    <th>Last set</th>
                  </tr>
                </thead>
                <tbody>
                  {c.variables.map((v) => (
                    <VariableRows
                      key={`${v.variable}[${v.variableInstance ?? ''}]`}
                      chargePointId={charger.id}
                      component={c}
                      variable={v}
                      answers={answers}
                      onAnswer={(k, a) => setAnswers((prev) => ({ ...prev, [k]: a }))}
                      onChanged={model.reload}
                    />
                  ))}
                </tbody>
              </table>
            </details>
          ))}
        </div>
      )}
    </section>
  );
}
