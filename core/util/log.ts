/**
 * Structured logging: one JSON object per line (pino). `CHARGEBENCH_LOG_LEVEL` sets the level
 * (default info; tests default to silent unless set).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const defaultLevel = process.env.CHARGEBENCH_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
const root = pino({ level: defaultLevel, base: { app: 'chargebench' }, timestamp: pino.stdTimeFunctions.isoTime });

/** A child logger named for the component ("backend", "edge", "amqp", ...). */
export function createLogger(component: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ component, ...bindings });
}
