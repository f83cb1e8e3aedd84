/**
 * DataTransfer (OCPP 1.6 §5.6) as vendor firmware does it: only its own vendorId is known; messageId "Echo"
 * answers with the data it got, a missing messageId is accepted, anything else is UnknownMessageId.
 */
import type { Handler } from './types.js';

export const dataTransfer: Handler<'DataTransfer'> = (cp, req) => {
  if (req.vendorId !== cp.profile.vendor) return { conf: { status: 'UnknownVendorId' } };
  if (req.messageId === undefined) return { conf: { status: 'Accepted' } };
  if (req.messageId === 'Echo') return { conf: req.data === undefined ? { status: 'Accepted' } : { status: 'Accepted', data: req.data } };
  return { conf: { status: 'UnknownMessageId' } };
};
