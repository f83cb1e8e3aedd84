/** A charger's OCPP version as a small tag ("1.6J", "2.0.1"), with the full name on hover; "—" when not known yet. */
import { PROTOCOL_LABELS, type ProtocolVersion } from '../../../../core/ocpp/protocol.js';
import './deviceModel.css';

export function ProtocolTag({ protocol, testId = 'protocol' }: { protocol: ProtocolVersion | null | undefined; testId?: string }) {
  if (!protocol)
    return (
      <span className="muted" title="Not connected yet: its OCPP version is not known" data-testid={testId}>
        —
      </span>
    );
  const label = PROTOCOL_LABELS[protocol];
  return (
    <span className={`proto-tag ${protocol === 'ocpp2.0.1' ? 'v201' : 'v16'}`} title={label} data-testid={testId}>
      {label.replace(/^OCPP /, '')}
    </span>
  );
}
