/** Reset (OCPP 1.6 §5.14): soft or hard, transactions stopped, connection closed, boot again. */
import type { Handler } from './types.js';

export const reset: Handler<'Reset'> = (cp, req) => ({
  conf: { status: 'Accepted' },
  after: () => {
    cp.reboot(req.type).catch(() => {});
  },
});
