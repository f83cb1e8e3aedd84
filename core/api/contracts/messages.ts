/** The message log: every frame both ways, CALLs paired with their replies; one frame by id; the NDJSON export. */
import { Type, type Static } from '@sinclair/typebox';
import { ChargerId, Enum, Instant, Nullable } from './common.js';
import { Defaulted, defineContract } from './contract.js';
import { ALL_ACTIONS as ACTIONS_16 } from '../../ocpp/v16/actions.js';
import { ALL_ACTIONS as ACTIONS_201 } from '../../ocpp/v201/actions.js';

/** Either version's actions: the log holds 1.6 and 2.0.1 frames. */
const LOG_ACTIONS: readonly string[] = [...new Set<string>([...ACTIONS_16, ...ACTIONS_201])].sort();

export const MESSAGE_TYPES = ['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
/** in = from the charger to the central system; out = from the central system to the charger. */
export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const FrameView = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    direction: Enum(DIRECTIONS),
    messageType: Enum(MESSAGE_TYPES),
    messageId: Nullable(Type.String()),
    action: Nullable(Type.String()),
    at: Type.String({ description: 'When it was on the wire: received from the charger, or written to it by the edge' }),
    payload: Type.Unknown({ description: 'CALL/CALLRESULT payload or CALLERROR details (cut at 64 levels); the raw text of an unparseable frame' }),
    errorCode: Nullable(Type.String()),
    errorDescription: Nullable(Type.String()),
    callFrameId: Type.Optional(Nullable(Type.Integer({ description: 'On a reply: the CALL it answers' }))),
    state: Type.Optional(Nullable(Type.String({ description: 'Server CALLs: queued | sent | answered | error | timeout | failed' }))),
    queuedAt: Type.Optional(Nullable(Type.String())),
    sentAt: Type.Optional(Nullable(Type.String())),
    replacesId: Type.Optional(Type.Integer({ description: 'Live stream only: this frame replaces the row with this id' })),
    raw: Type.Optional(Type.String()),
    rawLength: Type.Optional(Type.Integer()),
    note: Type.Optional(Type.String()),
  },
  { title: 'Frame' },
);
export type FrameView = Static<typeof FrameView>;

export const LogEntry = Type.Object(
  {
    id: Type.Integer(),
    chargePointId: Type.String(),
    action: Nullable(Type.String()),
    call: Nullable(FrameView),
    reply: Nullable(FrameView),
    latencyMs: Nullable(Type.Number()),
  },
  { title: 'LogEntry' },
);
export type LogEntry = Static<typeof LogEntry>;

export const LogPage = Type.Object(
  {
    items: Type.Array(LogEntry),
    hasMore: Type.Boolean(),
    nextBefore: Nullable(Type.Integer({ description: 'Pass as `before` for the next (older) page' })),
    tookMs: Type.Number(),
  },
  { title: 'LogPage' },
);
export type LogPage = Static<typeof LogPage>;

/** The log's filter (also the export's). `q`: text contained in the frame. */
export const LogFilter = Type.Object({
  chargePointId: Type.Optional(ChargerId),
  action: Type.Optional(Enum(LOG_ACTIONS)),
  direction: Type.Optional(Enum(DIRECTIONS)),
  messageType: Type.Optional(Enum(MESSAGE_TYPES)),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text contained in the frame' })),
});
export type LogFilter = Static<typeof LogFilter>;

export const LogQuery = Type.Composite([
  LogFilter,
  Type.Object({
    before: Type.Optional(Type.Integer({ minimum: 0, description: 'Entries with id < before (paging back from the newest)' })),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'Entries with id > after (tailing)' })),
    limit: Defaulted(Type.Integer({ minimum: 1, maximum: 2000 }), 200),
  }),
]);

export const messages = {
  list: defineContract({
    method: 'GET',
    path: '/api/messages',
    tag: 'Message log',
    summary: 'Log entries, newest first: CALLs with their replies',
    query: LogQuery,
    response: LogPage,
  }),
  get: defineContract({
    method: 'GET',
    path: '/api/messages/:id',
    tag: 'Message log',
    summary: 'One frame with its raw text (negative ids: server CALLs still queued at the edge)',
    params: Type.Object({ id: Type.Integer({ errorMessage: 'No frame "{value}"' }) }),
    response: FrameView,
    errors: { 404: 'no such frame' },
  }),
  export: defineContract({
    method: 'GET',
    path: '/api/export/messages.ndjson',
    tag: 'Message log',
    summary: 'The matching frames oldest first, one JSON object per line (streamed; the token may be ?token=)',
    query: LogFilter,
    response: null,
    produces: 'application/x-ndjson',
    queryToken: true,
  }),
};
