/** A full-width banner when the bench server is gone, restarted or refuses the token: what happened and what to do. */
import { useSyncExternalStore } from 'react';
import { serverWatch } from '../api/serverWatch.js';
import { formatClock } from './States.js';

export function ServerBanner() {
  const s = useSyncExternalStore(serverWatch.subscribe, serverWatch.snapshot);
  if (s.kind === 'ok') return null;
  const [title, text, action] =
    s.kind === 'gone'
      ? [
          'The bench server is not answering',
          `Since ${formatClock(new Date(s.since).toISOString())} nothing on this page is live: figures are from before. Start ChargeBench again (npm start, or chargebench serve); this page reconnects by itself.`,
          null,
        ]
      : s.kind === 'restarted'
        ? [
            'The bench server restarted',
            `A new run started at ${formatClock(s.at)}: this page still shows what it loaded from the previous run. Reload to see the current data.`,
            'Reload',
          ]
        : ['The bench no longer accepts this page\u2019s token', `${s.detail} Open the address the new run printed (it ends in #token=…).`, null];
  return (
    <div className="server-banner" role="alert" data-testid="server-banner" data-kind={s.kind}>
      <b>{title}.</b> <span>{text}</span>
      {action && (
        <button type="button" className="btn small" onClick={() => window.location.reload()}>
          {action}
        </button>
      )}
    </div>
  );
}
