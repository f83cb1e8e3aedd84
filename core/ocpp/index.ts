export * from './actions.js';
export * from './errors.js';
export * from './frames.js';
export * from './validation.js';
export * from './messageIds.js';
export type * from './types.generated.js';
export * from './chargePointId.js';
