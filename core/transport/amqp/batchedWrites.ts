/**
 * amqplib writes every frame set (a publish, an ack, a confirm-channel method) to the socket with its own
 * write(): under load one syscall and one TCP segment per message, the transport's largest single cost.
 * Its multiplexer already gathers everything the channels produced during one event-loop turn and writes it
 * out in one pass; corking the socket for that pass turns those writes into a single writev. Same bytes, same
 * order, same moment (the socket is uncorked before the pass returns): nothing is delayed or held.
 *
 * This reaches into amqplib's connection (`connection.muxer`, `connection.stream`); when a version does not
 * have them, writes simply stay as they are.
 */
import type { ChannelModel } from 'amqplib';

interface Muxer {
  _readIncoming(): void;
}
interface Corkable {
  cork(): void;
  uncork(): void;
}

/** Returns whether the connection's writes are now batched per event-loop turn. */
export function batchSocketWrites(model: ChannelModel): boolean {
  const connection = (model as unknown as { connection?: { muxer?: Muxer; stream?: Partial<Corkable> } }).connection;
  const muxer = connection?.muxer;
  const stream = connection?.stream;
  if (!muxer || typeof muxer._readIncoming !== 'function' || typeof stream?.cork !== 'function' || typeof stream.uncork !== 'function') return false;
  const pass = muxer._readIncoming;
  const out = stream as Corkable;
  muxer._readIncoming = function batchedPass(this: Muxer) {
    out.cork();
    try {
      pass.call(this);
    } finally {
      out.uncork();
    }
  };
  return true;
}
