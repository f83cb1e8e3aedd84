export * from './errors.js';
export * from './dataDir.js';
export * from './env.js';
export * from './settings.js';
