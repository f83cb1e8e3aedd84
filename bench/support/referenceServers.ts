/**
 * The references ChargeBench's central system is measured against, taking the same load (the same charger fleet):
 *  - bareWsServer: a bare `ws` server that parses each CALL and answers it with a CALLRESULT — the wire alone;
 *  - bareAmqpServer: the same websocket front, but each CALL goes through RabbitMQ with bare amqplib and the
 *    durability ChargeBench's transport keeps: a durable queue, persistent messages, publisher confirms, and the
 *    consumer acks only after it has answered. The answer comes back on an exclusive reply queue (replyTo +
 *    correlationId, the classic RPC pattern) and is written to the socket.
 * Neither stores, validates or routes anything: they are what "close to the wire" is measured against.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect } from 'amqplib';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ReferenceServer {
  /** Append /{chargePointId}. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** A CALLRESULT for a CALL's text, or null when it is not a CALL. */
function answer(text: string): string | null {
  const frame = JSON.parse(text) as unknown[];
  if (frame[0] !== 2) return null;
  return JSON.stringify([3, frame[1], { currentTime: new Date().toISOString() }]);
}

async function listen(wss: WebSocketServer): Promise<string> {
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`;
}

async function closeServer(wss: WebSocketServer): Promise<void> {
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}

export async function bareWsServer(): Promise<ReferenceServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const out = answer(data.toString());
      if (out) ws.send(out);
    });
  });
  const baseUrl = await listen(wss);
  return { baseUrl, close: () => closeServer(wss) };
}

export async function bareAmqpServer(amqpUrl: string): Promise<ReferenceServer> {
  const queue = `cbbench-ref-${randomBytes(4).toString('hex')}.rpc`;
  const edgeConn = await connect(amqpUrl, { noDelay: true });
  const serverConn = await connect(amqpUrl, { noDelay: true });
  // The "backend": consumes the durable queue, answers on the reply queue, acks after answering.
  const sch = await serverConn.createChannel();
  await sch.assertQueue(queue, { durable: true, arguments: { 'x-queue-version': 2 } });
  await sch.consume(
    queue,
    (m) => {
      if (!m) return;
      const out = answer(m.content.toString());
      if (out) sch.sendToQueue(m.properties.replyTo as string, Buffer.from(out), { correlationId: m.properties.correlationId as string });
      sch.ack(m);
    },
    { noAck: false },
  );
  // The "edge": publishes every frame persistent on a confirm channel, writes the answers to the sockets.
  const pub = await edgeConn.createConfirmChannel();
  const replies = await edgeConn.createChannel();
  const { queue: replyQueue } = await replies.assertQueue('', { exclusive: true, autoDelete: true });
  const sockets = new Map<string, WebSocket>();
  await replies.consume(
    replyQueue,
    (m) => {
      if (!m) return;
      const id = m.properties.correlationId as string;
      sockets.get(id.slice(0, id.indexOf('|')))?.send(m.content.toString());
    },
    { noAck: true },
  );
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
  let seq = 0;
  wss.on('connection', (ws, req) => {
    const id = req.url ?? String(++seq);
    sockets.set(id, ws);
    ws.on('close', () => sockets.delete(id));
    ws.on('message', (data) => {
      pub.sendToQueue(
        queue,
        Buffer.isBuffer(data) ? data : Buffer.from(data.toString()),
        { persistent: true, replyTo: replyQueue, correlationId: `${id}|${++seq}` },
        (err: unknown) => {
          if (err) console.error(`reference: broker nacked a frame: ${String(err)}`);
        },
      );
    });
  });
  const baseUrl = await listen(wss);
  return {
    baseUrl,
    async close() {
      await closeServer(wss);
      await sch.deleteQueue(queue).catch(() => {});
      await edgeConn.close().catch(() => {});
      await serverConn.close().catch(() => {});
    },
  };
}
