/** The RabbitMQ Docker helper (Settings screen): engine/container status and start/stop jobs with progress. */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, Nullable } from './common.js';
import { Defaulted, defineContract } from './contract.js';

const Endpoints = { amqpUrl: Type.String(), managementUrl: Type.String() };

export const BrokerStatus = Type.Object(
  {
    ...Endpoints,
    engine: Type.Union([
      Type.Object({ available: Type.Literal(true), version: Type.String(), apiVersion: Type.String(), os: Type.String() }),
      Type.Object({ available: Type.Literal(false), reason: Type.String(), message: Type.String() }),
    ]),
    containerName: Type.String(),
    container: Enum(['absent', 'created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const),
    containerId: Type.Optional(Type.String()),
    image: Type.Optional(Type.String()),
    startedAt: Type.Optional(Type.String()),
  },
  { title: 'BrokerStatus' },
);

const Progress = Type.Object({
  step: Enum(['engine', 'image', 'pull', 'create', 'start', 'wait', 'ready', 'stop', 'remove'] as const),
  message: Type.String(),
  percent: Type.Optional(Type.Number()),
});

export const BrokerJob = Type.Object(
  {
    id: Type.Integer(),
    action: Enum(['start', 'stop'] as const),
    state: Enum(['running', 'done', 'failed'] as const),
    startedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
    progress: Type.Array(Progress),
    result: Type.Unknown({ description: 'null while running; start: amqpUrl, managementUrl, containerId…; stop: what was stopped/removed' }),
    error: Nullable(Type.String()),
    failure: Nullable(Enum(['docker-unavailable', 'not-ready', 'error'] as const)),
  },
  { title: 'BrokerJob' },
);

export type BrokerStatus = Static<typeof BrokerStatus>;
export type BrokerJobView = Static<typeof BrokerJob>;

export const broker = {
  status: defineContract({ method: 'GET', path: '/api/broker', tag: 'Broker', summary: 'Docker engine and RabbitMQ container status', response: BrokerStatus }),
  job: defineContract({
    method: 'GET',
    path: '/api/broker/job',
    tag: 'Broker',
    summary: 'The latest broker job with its progress',
    response: Type.Object({ job: Nullable(BrokerJob) }),
  }),
  start: defineContract({
    method: 'POST',
    path: '/api/broker/start',
    tag: 'Broker',
    summary: 'Starts RabbitMQ in Docker (pull if needed, wait for AMQP); its progress arrives on the live stream (GET /api/broker/job reads it too)',
    response: Type.Object({ job: BrokerJob }),
  }),
  stop: defineContract({
    method: 'POST',
    path: '/api/broker/stop',
    tag: 'Broker',
    summary: 'Stops the RabbitMQ container (remove: also removes it; the data volume stays); its progress arrives on the live stream',
    body: Type.Object({ remove: Defaulted(Type.Boolean(), false) }, { additionalProperties: false }),
    response: Type.Object({ job: BrokerJob }),
  }),
};
