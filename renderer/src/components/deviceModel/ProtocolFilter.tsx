/**
 * The Chargers screen's OCPP version filter, kept in the address (`#/chargers?protocol=ocpp2.0.1`, the same name
 * and values as GET /api/chargers?protocol=): a link or reload keeps it. An unknown value is said, and ignored.
 */
import { PROTOCOL_LABELS, PROTOCOL_VERSIONS, isProtocolVersion, type ProtocolVersion } from '../../../../core/ocpp/protocol.js';
import { navigate, type RouteState } from '../../router.js';

export function protocolFromQuery(query: URLSearchParams): ProtocolVersion | null {
  const v = query.get('protocol');
  return isProtocolVersion(v) ? v : null;
}

export function ProtocolFilter({ route }: { route: RouteState }) {
  const raw = route.query.get('protocol');
  const current = protocolFromQuery(route.query);
  function choose(v: string) {
    const q: Record<string, string> = Object.fromEntries(route.query.entries());
    if (v) q.protocol = v;
    else delete q.protocol;
    navigate(route.parts.length ? route.parts : ['chargers'], q);
  }
  return (
    <>
      <select aria-label="OCPP version" data-testid="protocol-filter" value={current ?? ''} onChange={(e) => choose(e.target.value)}>
        <option value="">All versions</option>
        {PROTOCOL_VERSIONS.map((p) => (
          <option key={p} value={p}>
            {PROTOCOL_LABELS[p]}
          </option>
        ))}
      </select>
      {raw && !current && (
        <span className="bad-text small" role="alert">
          Unknown OCPP version "{raw}" in the address (use {PROTOCOL_VERSIONS.join(' or ')}): showing all.
        </span>
      )}
    </>
  );
}
