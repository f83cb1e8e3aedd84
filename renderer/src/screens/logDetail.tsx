/** The Message log's pieces: a row's result badge and queued tag, the detail pane (CALL, reply, wire times). */
import { useState } from 'react';
import { api } from '../api/client.js';
import { JsonView } from '../components/JsonView.js';
import { resultStatus, toneOfReply, TONE_BADGE } from '../components/resultTone.js';
import { href } from '../router.js';
import type { FrameView, LogEntry } from '../../../core/api/types.js';

export function resultLabel(e: LogEntry) {
  if (e.reply?.messageType === 'CALLERROR') return <span className="badge red">{e.reply.errorCode ?? 'CALLERROR'}</span>;
  if (e.call?.messageType === 'INVALID' || e.reply?.messageType === 'INVALID') return <span className="badge red">invalid</span>;
  if (e.reply) {
    const status = resultStatus(e.reply.payload) ?? 'ok';
    return <span className={`badge ${TONE_BADGE[toneOfReply({ ok: true, response: e.reply.payload })]}`}>{status}</span>;
  }
  if (e.call) {
    const state = e.call.state;
    if (state === 'queued')
      return (
        <span className="badge grey" title="Waiting in the edge's queue for this charger; not on the wire yet">
          queued
        </span>
      );
    if (state === 'timeout')
      return (
        <span className="badge red" title="Sent; no reply within the call timeout">
          timeout
        </span>
      );
    if (state === 'failed')
      return e.call.sentAt ? (
        <span className="badge red">failed</span>
      ) : (
        <span className="badge red" title="Given up before it was written to the charger">
          not sent
        </span>
      );
    return <span className="badge grey">pending</span>;
  }
  return <span className="badge amber">orphan reply</span>;
}

/** Time a server CALL spent queued before the edge wrote it (the Grizzl-E delay, CALLs ahead of it). */
export function queuedMs(call: FrameView | null): number | null {
  if (!call?.queuedAt || !call.sentAt) return null;
  return Math.max(0, Date.parse(call.sentAt) - Date.parse(call.queuedAt));
}

export function QueuedTag({ entry }: { entry: LogEntry }) {
  const ms = queuedMs(entry.call);
  if (ms === null || ms < 10) return null;
  return (
    <span className="tag" title={`Queued at ${entry.call?.queuedAt}; written to the charger at ${entry.call?.sentAt} (the time shown)`}>
      queued {ms.toLocaleString()} ms
    </span>
  );
}

/** `chargerLink` false: the charger is not this bench's (a scenario run's own bench). */
export function EntryDetail({ entry, chargerLink = true }: { entry: LogEntry; chargerLink?: boolean }) {
  return (
    <div className="entry-detail" data-testid="entry-detail">
      <h2>
        {entry.action ?? 'Frame'} <span className="muted mono">{entry.chargePointId}</span>
      </h2>
      <p className="muted">
        {chargerLink ? <a href={href(['charger', entry.chargePointId])}>Open charger</a> : <span>On the run&apos;s own bench</span>}
        {entry.latencyMs !== null && <> · latency {entry.latencyMs.toLocaleString()} ms (reply − CALL, both wire times)</>}
      </p>
      {entry.call?.queuedAt && <CallTimes call={entry.call} />}
      {entry.call && <FrameBlock title={`CALL ${entry.call.direction === 'in' ? 'charger → CS' : 'CS → charger'}`} frame={entry.call} />}
      {entry.reply && <FrameBlock title={`${entry.reply.messageType}`} frame={entry.reply} />}
      {entry.call && !entry.reply && <NoReply call={entry.call} />}
    </div>
  );
}

/** A CALL without a reply: still waiting, or how it ended (timed out / failed, with the reason the bench recorded). */
function NoReply({ call }: { call: FrameView }) {
  if (call.state !== 'timeout' && call.state !== 'failed') return <p className="muted">No reply stored yet.</p>;
  return (
    <p className="bad-text" data-testid="no-reply">
      No reply: {call.state === 'timeout' ? 'timed out' : 'failed'}
      {call.errorDescription ? ` (${call.errorDescription})` : ''}
    </p>
  );
}

/** A server CALL's queued and sent times, and how it ended when it never got a reply. */
function CallTimes({ call }: { call: FrameView }) {
  const waited = queuedMs(call);
  return (
    <dl className="kv small" data-testid="call-times">
      <dt>Queued</dt>
      <dd className="mono">{call.queuedAt}</dd>
      <dt>Sent</dt>
      <dd className="mono">
        {call.sentAt ? (
          <>
            {call.sentAt} <span className="muted">(queued {waited?.toLocaleString()} ms)</span>
          </>
        ) : call.state === 'queued' ? (
          <span className="muted">not yet: waiting in the queue</span>
        ) : (
          <span className="bad-text">
            never: {call.state === 'timeout' ? 'timed out' : 'given up'} at {call.at} before it was written
          </span>
        )}
      </dd>
    </dl>
  );
}

export function FrameBlock({ title, frame }: { title: string; frame: FrameView }) {
  return (
    <section className={`frame-block ${frame.messageType === 'CALLERROR' || frame.messageType === 'INVALID' ? 'error' : ''}`}>
      <div className="frame-head">
        <b>{title}</b>
        <span className="mono muted">{frame.at}</span>
        <span className="mono muted">id {frame.messageId ?? '—'}</span>
      </div>
      {frame.messageType === 'CALLERROR' && (
        <p className="bad-text">
          {frame.errorCode}: {frame.errorDescription}
        </p>
      )}
      {frame.note ? <RawFrame frame={frame} /> : <JsonView value={frame.payload} />}
    </section>
  );
}

/** A frame whose payload cannot be shown whole (nested too deep, too large): the reason and its raw text. */
function RawFrame({ frame }: { frame: FrameView }) {
  const [full, setFull] = useState<FrameView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = full ?? frame;
  return (
    <div data-testid="raw-frame">
      <p className="muted">{frame.note}</p>
      <JsonView value={shown.raw ?? ''} />
      {shown.rawLength !== undefined && (
        <p className="muted">
          Showing {(shown.raw?.length ?? 0).toLocaleString()} of {shown.rawLength.toLocaleString()} characters.{' '}
          {!full && (
            <button type="button" className="btn small" onClick={() => void api.frame(frame.id).then(setFull, (e: Error) => setError(e.message))}>
              Load the whole frame
            </button>
          )}
          {error && <span className="bad-text"> {error}</span>}
        </p>
      )}
    </div>
  );
}

export function toLocal(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export function fromLocal(v: string): string | undefined {
  return v ? new Date(v).toISOString() : undefined;
}
