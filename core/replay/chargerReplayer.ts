/**
 * One recorded charger replayed against a live CSMS (see replay.ts): its CALLs go out as recorded, the CSMS's CALLs
 * are answered with the recorded replies, and every exchange becomes a row of the divergence report.
 */
import WebSocket from 'ws';
import { callError, parseFrame, serializeFrame, type CallFrame, type Frame } from '../ocpp/index.js';
import type { ProtocolVersion } from '../ocpp/protocol.js';
import { protocols } from '../ocpp/protocols.js';
import { createLogger } from '../util/log.js';
import { chargerUrl } from './chargerUrl.js';
import { compareFrames } from './compare.js';
import { entriesProtocol, type TraceEntry } from './trace.js';
import type { ReplayOptions, ReplayRow } from './replayTypes.js';

const log = createLogger('replay');

interface RecordedCsmsCall {
  entry: TraceEntry;
  reply: TraceEntry | undefined;
  state: 'waiting' | 'matched' | 'missed';
  notify?: () => void;
}

function replyIndex(entries: readonly TraceEntry[], i: number): TraceEntry | undefined {
  const call = entries[i] as TraceEntry;
  for (let j = i + 1; j < entries.length; j++) {
    const e = entries[j] as TraceEntry;
    if (e.from !== call.from && e.frame[0] !== 2 && e.frame[1] === call.frame[1]) return e;
  }
  return undefined;
}

function actionOf(entry: TraceEntry): string {
  return entry.frame[0] === 2 ? entry.frame[2] : '?';
}

export class ChargerReplayer {
  private ws: WebSocket | null = null;
  private readonly pending = new Map<string, (f: Frame | null, text: string | null) => void>();
  private readonly csmsCalls: RecordedCsmsCall[] = [];
  private readonly txMap = new Map<number, number>();
  readonly rows: ReplayRow[] = [];
  closedBy: string | null = null;
  /** The OCPP version the recorded charger spoke. */
  readonly protocol: ProtocolVersion;

  constructor(
    readonly id: string,
    private readonly entries: readonly TraceEntry[],
    private readonly opts: Required<Pick<ReplayOptions, 'url' | 'speed' | 'replyTimeoutMs' | 'csmsCallSlackMs' | 'mapTransactionIds'>> & ReplayOptions,
  ) {
    this.protocol = entriesProtocol(entries);
    entries.forEach((e, i) => {
      if (e.from === 'csms' && e.frame[0] === 2) this.csmsCalls.push({ entry: e, reply: replyIndex(entries, i), state: 'waiting' });
    });
  }

  get transactionIds(): Array<{ recorded: number; live: number }> {
    return [...this.txMap].map(([recorded, live]) => ({ recorded, live }));
  }

  private row(r: Omit<ReplayRow, 'charger'>): void {
    const row = { charger: this.id, ...r };
    this.rows.push(row);
    this.opts.onRow?.(row);
  }

  private async connect(): Promise<void> {
    const url = chargerUrl(this.opts.url, this.id);
    const offered = this.opts.subprotocol === null ? [] : [this.opts.subprotocol ?? this.protocol];
    const ws = new WebSocket(url, offered);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`${url}: the CSMS refused the websocket upgrade with HTTP ${res.statusCode}`)));
      ws.once('error', (err) => reject(new Error(`${url}: ${err.message}`)));
    });
    ws.on('message', (data, isBinary) => this.onMessage(isBinary ? '' : String(data)));
    ws.on('close', (code, reason) => {
      this.closedBy = `the CSMS closed the connection (${code}${reason.length ? ` ${String(reason)}` : ''})`;
      for (const [, resolve] of this.pending) resolve(null, null);
      this.pending.clear();
      for (const c of this.csmsCalls) c.notify?.();
    });
    ws.on('error', (err) => log.warn({ charger: this.id, err: err.message }, 'replay websocket error'));
  }

  private send(text: string): void {
    this.ws?.send(text);
  }

  private onMessage(text: string): void {
    let frame: Frame;
    try {
      frame = parseFrame(text, protocols[this.protocol].errors);
    } catch (err) {
      this.row({
        line: 0,
        action: '?',
        from: 'csms',
        kind: 'call',
        verdict: 'unexpected',
        recorded: null,
        live: text,
        note: `unparseable frame from the CSMS: ${(err as Error).message}`,
      });
      return;
    }
    if (frame[0] !== 2) {
      const waiter = this.pending.get(frame[1]);
      if (waiter) {
        this.pending.delete(frame[1]);
        waiter(frame, text);
      } else {
        this.row({
          line: 0,
          action: '?',
          from: 'csms',
          kind: 'reply',
          verdict: 'unexpected',
          recorded: null,
          live: text,
          note: 'reply to no outstanding CALL',
        });
      }
      return;
    }
    this.answerLiveCall(frame, text);
  }

  /** A CALL from the live CSMS: matched with the first recorded CSMS CALL of that action still waiting. */
  private answerLiveCall(frame: CallFrame, text: string): void {
    const [, liveId, action] = frame;
    const rec = this.csmsCalls.find((c) => c.state === 'waiting' && c.entry.frame[0] === 2 && c.entry.frame[2] === action);
    if (!rec) {
      this.send(serializeFrame(callError(liveId, 'NotSupported', `ChargeBench replay: the recorded session has no ${action} CALL at this point`)));
      this.row({
        line: 0,
        action,
        from: 'csms',
        kind: 'call',
        verdict: 'unexpected',
        recorded: null,
        live: text,
        note: 'CALL not in the recording; answered NotSupported',
      });
      return;
    }
    rec.state = 'matched';
    const cmp = compareFrames(rec.entry.frame, frame, action, 'req');
    this.row({
      line: rec.entry.line,
      action,
      from: 'csms',
      kind: 'call',
      verdict: cmp.verdict,
      recorded: rec.entry.text,
      live: text,
      note: cmp.differences.length ? `differs at ${cmp.differences.join(', ')}` : '',
    });
    if (rec.reply) {
      const r = rec.reply.frame;
      const out: Frame = r[0] === 3 ? [3, liveId, r[2]] : r[0] === 4 ? [4, liveId, r[2], r[3], r[4]] : r;
      const outText = serializeFrame(out);
      this.send(outText);
      this.row({
        line: rec.reply.line,
        action,
        from: 'charger',
        kind: 'reply',
        verdict: 'same',
        recorded: rec.reply.text,
        live: outText,
        note: 'recorded reply sent',
      });
    } else {
      const outText = serializeFrame(callError(liveId, 'GenericError', 'ChargeBench replay: the recording has no reply to this CALL'));
      this.send(outText);
      this.row({
        line: rec.entry.line,
        action,
        from: 'charger',
        kind: 'reply',
        verdict: 'missing',
        recorded: null,
        live: outText,
        note: 'the recording ends before the charger answered',
      });
    }
    rec.notify?.();
  }

  private mapTxIds(frame: Frame): Frame {
    if (!this.opts.mapTransactionIds || frame[0] !== 2 || this.txMap.size === 0) return frame;
    const p = frame[3];
    if (p.transactionId === undefined) return frame;
    const asNum = Number(p.transactionId);
    const live = this.txMap.get(asNum);
    if (live === undefined) return frame;
    return [2, frame[1], frame[2], { ...p, transactionId: typeof p.transactionId === 'string' ? String(live) : live }];
  }

  private delay(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.opts.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private gapMs(prevAt: number | null, at: number | null): number {
    if (prevAt === null || at === null || !Number.isFinite(this.opts.speed)) return 0;
    const ms = Math.max(0, at - prevAt) / this.opts.speed;
    return this.opts.maxGapMs !== undefined ? Math.min(ms, this.opts.maxGapMs) : ms;
  }

  private async sendCall(entry: TraceEntry): Promise<void> {
    const frame = this.mapTxIds(entry.frame);
    const text = frame === entry.frame ? entry.text : serializeFrame(frame);
    const action = actionOf(entry);
    const reply = new Promise<{ f: Frame | null; text: string | null }>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(entry.frame[1]);
        resolve({ f: null, text: null });
      }, this.opts.replyTimeoutMs);
      this.pending.set(entry.frame[1], (f, t) => {
        clearTimeout(timer);
        resolve({ f, text: t });
      });
    });
    this.send(text);
    this.row({
      line: entry.line,
      action,
      from: 'charger',
      kind: 'call',
      verdict: 'same',
      recorded: entry.text,
      live: text,
      note: text === entry.text ? 'sent as recorded' : 'sent with the live transaction id',
    });
    const recordedReply = replyIndex(this.entries, this.entries.indexOf(entry));
    const live = await reply;
    if (!live.f) {
      this.row({
        line: recordedReply?.line ?? entry.line,
        action,
        from: 'csms',
        kind: 'reply',
        verdict: 'missing',
        recorded: recordedReply?.text ?? null,
        live: null,
        note: this.closedBy ?? `no reply within ${this.opts.replyTimeoutMs} ms`,
      });
      return;
    }
    if (action === 'StartTransaction' && live.f[0] === 3 && recordedReply?.frame[0] === 3) {
      const rec = Number(recordedReply.frame[2].transactionId);
      const got = Number(live.f[2].transactionId);
      if (Number.isFinite(rec) && Number.isFinite(got)) this.txMap.set(rec, got);
    }
    if (!recordedReply) {
      this.row({
        line: entry.line,
        action,
        from: 'csms',
        kind: 'reply',
        verdict: 'unexpected',
        recorded: null,
        live: live.text,
        note: 'the recording has no reply to this CALL',
      });
      return;
    }
    const cmp = compareFrames(recordedReply.frame, live.f, action, 'conf');
    this.row({
      line: recordedReply.line,
      action,
      from: 'csms',
      kind: 'reply',
      verdict: cmp.verdict,
      recorded: recordedReply.text,
      live: live.text,
      note: cmp.differences.length ? `differs at ${cmp.differences.join(', ')}` : '',
    });
  }

  private async expectCsmsCall(entry: TraceEntry, waitMs: number): Promise<void> {
    const rec = this.csmsCalls.find((c) => c.entry === entry);
    if (!rec || rec.state !== 'waiting') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      rec.notify = done;
      if (this.closedBy) done();
    });
    rec.notify = undefined;
    if (rec.state === 'waiting') {
      rec.state = 'missed';
      this.row({
        line: entry.line,
        action: actionOf(entry),
        from: 'csms',
        kind: 'call',
        verdict: 'missing',
        recorded: entry.text,
        live: null,
        note: this.closedBy ?? `the CSMS did not send it within ${Math.round(waitMs)} ms of its recorded time`,
      });
    }
  }

  async run(): Promise<void> {
    await this.connect();
    let prevAt: number | null = null;
    for (const entry of this.entries) {
      if (this.opts.signal?.aborted) break;
      const gap = this.gapMs(prevAt, entry.at);
      if (entry.at !== null) prevAt = entry.at;
      if (entry.frame[0] !== 2) continue; // replies are compared or sent with their CALL
      if (this.closedBy) {
        this.row({
          line: entry.line,
          action: actionOf(entry),
          from: entry.from,
          kind: 'call',
          verdict: 'missing',
          recorded: entry.text,
          live: null,
          note: this.closedBy,
        });
        continue;
      }
      if (entry.from === 'charger') {
        await this.delay(gap);
        await this.sendCall(entry);
      } else {
        await this.expectCsmsCall(entry, gap + this.opts.csmsCallSlackMs);
      }
    }
    // A short grace period for CALLs the CSMS sends after the last recorded frame (reported as unexpected).
    await this.delay(Math.min(200, this.opts.csmsCallSlackMs));
  }

  close(): void {
    this.ws?.close(1000, 'replay finished');
  }
}
