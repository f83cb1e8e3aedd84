/** The Message log's filter bar: charger and text boxes (debounced, Enter or leaving applies at once), action, direction, type, time range. */
import type { LogFilter } from '../api/client.js';
import type { useDebouncedInput } from '../hooks.js';
import { href } from '../router.js';
import { COMMANDS } from '../ocpp/schemas.js';
import { fromLocal, toLocal } from './logDetail.js';
import { CHARGE_POINT_ACTIONS } from '../../../core/ocpp/v16/actions.js';
import { CHARGING_STATION_ACTIONS, CSMS_ACTIONS } from '../../../core/ocpp/v201/actions.js';

/** Every action of both versions, either direction (the log holds 1.6 and 2.0.1 frames). */
const ALL_ACTIONS = [...new Set<string>([...CHARGE_POINT_ACTIONS, ...COMMANDS, ...CHARGING_STATION_ACTIONS, ...CSMS_ACTIONS])].sort();

type DebouncedInput = ReturnType<typeof useDebouncedInput>;

export function LogFilterBar({
  filter,
  setFilter,
  cpInput,
  qInput,
  status,
}: {
  filter: LogFilter;
  setFilter: (patch: Partial<LogFilter>) => void;
  cpInput: DebouncedInput;
  qInput: DebouncedInput;
  status: string;
}) {
  return (
    <div className="toolbar" role="search">
      <input
        aria-label="Charger id"
        placeholder="Charger id"
        value={cpInput.text}
        onChange={(e) => cpInput.setText(e.target.value)}
        onBlur={cpInput.flush}
        onKeyDown={(e) => e.key === 'Enter' && cpInput.flush()}
        className="w-m"
      />
      <select aria-label="Action" value={filter.action ?? ''} onChange={(e) => setFilter({ action: e.target.value || undefined })}>
        <option value="">All actions</option>
        {ALL_ACTIONS.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      <select
        aria-label="Direction"
        value={filter.direction ?? ''}
        onChange={(e) => setFilter({ direction: (e.target.value || undefined) as LogFilter['direction'] })}
      >
        <option value="">Both directions</option>
        <option value="in">Charger → CS</option>
        <option value="out">CS → charger</option>
      </select>
      <select
        aria-label="Message type"
        value={filter.messageType ?? ''}
        onChange={(e) => setFilter({ messageType: (e.target.value || undefined) as LogFilter['messageType'] })}
      >
        <option value="">All types</option>
        <option>CALL</option>
        <option>CALLRESULT</option>
        <option>CALLERROR</option>
        <option>INVALID</option>
      </select>
      <input
        type="search"
        aria-label="Search text"
        placeholder="Search payloads, ids…"
        value={qInput.text}
        onChange={(e) => qInput.setText(e.target.value)}
        onBlur={qInput.flush}
        onKeyDown={(e) => e.key === 'Enter' && qInput.flush()}
        className="w-l"
      />
      <label className="inline">
        From{' '}
        <input type="datetime-local" aria-label="From time" value={toLocal(filter.from)} onChange={(e) => setFilter({ from: fromLocal(e.target.value) })} />
      </label>
      <label className="inline">
        To <input type="datetime-local" aria-label="To time" value={toLocal(filter.to)} onChange={(e) => setFilter({ to: fromLocal(e.target.value) })} />
      </label>
      {Object.keys(filter).length > 0 && (
        <a href={href(['messages'])} className="btn small ghost">
          Clear filters
        </a>
      )}
      <span className="muted small" role="status" aria-live="polite" data-testid="filter-status">
        {status}
      </span>
    </div>
  );
}
