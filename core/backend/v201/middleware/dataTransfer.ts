import { versionedCallMiddleware } from '../../context.js';

export const dataTransfer201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'DataTransfer201',
  description: 'Answers vendor DataTransfer with UnknownVendorId (no vendor extensions are implemented; 1.6 answers Rejected).',
  action: 'DataTransfer',
  async handle(ctx, next) {
    ctx.response = {
      status: 'UnknownVendorId',
      statusInfo: { reasonCode: 'UnknownVendor', additionalInfo: `no extension for vendor ${ctx.request.vendorId}`.slice(0, 512) },
    };
    await next();
  },
});
