/** A transaction row's note for readers: orphan cleanup or a stale close, a late StopTransaction that replaced their values, differing stops. */
import type { TransactionRow } from '../store/index.js';

export function transactionNote(
  t: Pick<TransactionRow, 'state' | 'cleanup' | 'differingStops'> & { staleClose?: TransactionRow['staleClose'] },
): string | null {
  const parts: string[] = [];
  const c = t.cleanup;
  if (c) {
    if (t.state === 'orphaned') {
      parts.push(`Closed by orphan cleanup at ${c.at}: ${c.reason}. Its own StopTransaction has not arrived; meter stop and time are cleanup's.`);
    } else {
      parts.push(`Orphan cleanup closed it first at ${c.at}: ${c.reason}. The charger's StopTransaction arrived later; its data is shown.`);
    }
  }
  const st = t.staleClose;
  if (st) {
    const why = st.note ? ` (${st.note})` : '';
    if (t.state === 'stale')
      parts.push(
        `Closed as stale by the operator at ${st.at}${why}, with its last meter reading (${st.meterStop} Wh). Its own StopTransaction has not arrived.`,
      );
    else parts.push(`Closed as stale by the operator at ${st.at}${why}. The charger's StopTransaction arrived later; its data is shown.`);
  }
  if (t.differingStops > 0) {
    parts.push(
      `${t.differingStops} later StopTransaction${t.differingStops === 1 ? '' : 's'} with other data ${t.differingStops === 1 ? 'was' : 'were'} received and kept; the first stop is shown.`,
    );
  }
  return parts.length ? parts.join(' ') : null;
}
