/**
 * The status-bar part that tells a user where to point a real charger: which transport runs, and the
 * edge's websocket URL — on the LAN when the edge listens there (first IPv4 address; all in the tooltip),
 * else on this machine with a hint how to open it to the LAN — with a copy button.
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
      {lan ? (
        <span title={`This machine: ${transport.ocppUrl}\n${transport.lanOcppUrls.join('\n')}`}>
          Chargers connect to <code data-testid="lan-ocpp-url">{lan}</code>
          {transport.lanOcppUrls.length > 1 && <span className="muted"> (+{transport.lanOcppUrls.length - 1})</span>}
        </span>
      ) : (
        <span title="Chargers on other machines cannot reach this address: start with --host 0.0.0.0 to listen on the LAN">
          Chargers connect to <code data-testid="ocpp-url">{transport.ocppUrl}</code> <span className="muted">(this machine only)</span>
        </span>
      )}
      <CopyButton text={lan ?? transport.ocppUrl} label="Copy URL" />
    </>
  );
}
