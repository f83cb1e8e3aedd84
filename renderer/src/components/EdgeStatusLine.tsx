/**
 * The status-bar part that tells a user where to point a real charger: which transport runs, and the
 * edge's websocket URL on this machine and on the LAN (first IPv4 address; all of them in the tooltip),
 * each with a copy button.
 */
import type { TransportView } from '../../../core/api/types.js';
import { CopyButton } from './Copy.js';

export function EdgeStatusLine({ transport }: { transport: TransportView }) {
  const lan = transport.lanOcppUrls[0];
  return (
    <>
      <span data-testid="transport-kind">
        Transport: <b>{transport.kind}</b> {transport.url ? `(${transport.url})` : ''} {transport.connected ? '' : '— disconnected'}
      </span>
      <span className="sep" />
      <span>
        Chargers connect to <code data-testid="ocpp-url">{transport.ocppUrl}</code>
      </span>
      <CopyButton text={transport.ocppUrl} label="Copy URL" />
      {lan && (
        <>
          <span className="sep" />
          <span title={transport.lanOcppUrls.join('\n')}>
            on the LAN <code data-testid="lan-ocpp-url">{lan}</code>
            {transport.lanOcppUrls.length > 1 && <span className="muted"> (+{transport.lanOcppUrls.length - 1})</span>}
          </span>
          <CopyButton text={lan} label="Copy LAN URL" />
        </>
      )}
    </>
  );
}
