/**
 * TransactionEvent Started / Updated / Ended into the one transactions and meter-sample model (version recorded,
 * the charger's string transactionId beside our id), in seqNo order whatever order the events arrive in:
 * v201/transactionTruth.ts keeps the truths. The answer carries idTokenInfo when the event carries an idToken.
 */
import { versionedCallMiddleware } from '../../context.js';
import { authorizeIdToken } from '../idTokens.js';
import { storeSamples } from '../../meterSamples.js';
import { applyEvent, endTransaction, eventTime, openTransaction, outcomeOf } from '../transactionTruth.js';

export const transactionEvent201 = versionedCallMiddleware('ocpp2.0.1', {
  name: 'TransactionEvent201',
  description:
    "Creates, updates and ends the transaction (seqNo order, late and offline events, retries recognised), stores its meter values, chargingState and triggerReason; Ended always closes it with the charger's data.",
  action: 'TransactionEvent',
  async handle(ctx, next) {
    const r = ctx.request;
    const idTokenInfo = r.idToken ? authorizeIdToken(ctx.store, ctx.settings, r.idToken, ctx.nowMs) : undefined;
    const { tx, created } = openTransaction(ctx, idTokenInfo);
    const outcome = outcomeOf(ctx, tx, created);
    ctx.store.transactionEvents.record({
      transactionId: tx.id,
      frameId: ctx.frameId,
      seqNo: r.seqNo,
      eventType: r.eventType,
      triggerReason: r.triggerReason,
      timestamp: eventTime(ctx),
      offline: r.offline ?? false,
      chargingState: r.transactionInfo.chargingState ?? null,
      idToken: r.idToken?.idToken ?? null,
      receivedAt: ctx.nowIso,
      outcome,
    });
    if (outcome === 'duplicate') {
      ctx.log.info(
        { chargePointId: ctx.chargePointId, transactionId: r.transactionInfo.transactionId, seqNo: r.seqNo },
        'repeated TransactionEvent (a retry) recognised; answered again, nothing changed',
      );
    } else {
      if (outcome === 'late')
        ctx.log.info(
          {
            chargePointId: ctx.chargePointId,
            transactionId: r.transactionInfo.transactionId,
            seqNo: r.seqNo,
            lastSeqNo: tx.lastSeqNo,
            offline: r.offline ?? false,
          },
          'late TransactionEvent: recorded, its meter values stored, the newer state kept',
        );
      applyEvent(ctx, tx, idTokenInfo);
      if (r.meterValue && r.meterValue.length > 0) {
        storeSamples(ctx, {
          protocol: 'ocpp2.0.1',
          connectorId: r.evse?.id ?? tx.connectorId,
          transactionId: tx.id,
          meterValue: r.meterValue,
          source: 'TransactionEvent',
        });
      }
      const after = r.eventType === 'Ended' ? endTransaction(ctx, tx) : ctx.store.transactions.get(tx.id);
      if (idTokenInfo?.status === 'Accepted' && r.idToken && r.idToken.type !== 'NoAuthorization')
        ctx.store.chargePoints.setLastIdTag(ctx.chargePointId, r.idToken.idToken);
      if (after) ctx.emit('transaction', { change: r.eventType === 'Ended' ? 'stopped' : created ? 'started' : 'updated', transaction: after });
    }
    ctx.response = idTokenInfo ? { idTokenInfo } : {};
    await next();
  },
});
