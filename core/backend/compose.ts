/** Koa-style composition: each middleware gets `next()` to run the rest of the chain. */
import { OcppError } from '../ocpp/index.js';
import type { CallContext, MiddlewareDefinition, ReplyContext } from './context.js';

/** An exception thrown by a middleware (not a deliberate OcppError): becomes CALLERROR InternalError. */
export class MiddlewareFailure extends OcppError {
  constructor(
    readonly middleware: string,
    cause: unknown,
  ) {
    super('InternalError', `Middleware "${middleware}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { middleware });
    this.name = 'MiddlewareFailure';
    this.cause = cause;
  }
}

export function compose(middleware: readonly MiddlewareDefinition[]): (ctx: CallContext | ReplyContext) => Promise<void> {
  return (ctx) => {
    let index = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called more than once');
      index = i;
      const mw = middleware[i];
      if (!mw) return;
      try {
        await mw.handle(ctx, () => dispatch(i + 1));
      } catch (err) {
        if (err instanceof OcppError) throw err;
        throw new MiddlewareFailure(mw.name, err);
      }
    };
    return dispatch(0);
  };
}
