/** The multiplexer's pass over amqplib's channels leaves as one socket write, bytes and order unchanged. */
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { ChannelModel } from 'amqplib';
import { batchSocketWrites } from './batchedWrites.js';

function socketLike() {
  const writes: Buffer[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes.push([chunk]);
      cb();
    },
    writev(chunks, cb) {
      writes.push(chunks.map((c) => c.chunk as Buffer));
      cb();
    },
  });
  return { stream, writes };
}

describe('batchSocketWrites', () => {
  it('turns one multiplexer pass of many frames into one writev, in order', () => {
    const { stream, writes } = socketLike();
    let pending = ['publish-1', 'ack-1', 'publish-2', 'ack-2'].map((s) => Buffer.from(s));
    const muxer = {
      _readIncoming() {
        for (const f of pending) stream.write(f);
        pending = [];
      },
    };
    const model = { connection: { muxer, stream } } as unknown as ChannelModel;
    expect(batchSocketWrites(model)).toBe(true);
    muxer._readIncoming();
    expect(writes.length).toBe(1); // one writev instead of four writes
    expect(Buffer.concat(writes.flat()).toString()).toBe('publish-1ack-1publish-2ack-2');
    muxer._readIncoming(); // nothing pending: no write, and the socket is not left corked
    stream.write(Buffer.from('later'));
    expect(Buffer.concat(writes.flat()).toString()).toBe('publish-1ack-1publish-2ack-2later');
    expect(stream.writableCorked).toBe(0);
  });

  it('leaves a connection it does not recognise alone', () => {
    expect(batchSocketWrites({} as ChannelModel)).toBe(false);
    expect(batchSocketWrites({ connection: { muxer: {}, stream: {} } } as unknown as ChannelModel)).toBe(false);
  });
});
