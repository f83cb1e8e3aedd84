/**
 * Test helper: an independent, strict OCPP 1.6J central system (ocpp-rpc, strictMode) whose answers a test can
 * tune, exposed as a ScenarioTarget with a working CentralSystemControl (sendCall goes over the real socket).
 */
import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';
import type { CentralSystemControl, ScenarioTarget } from '../centralSystem.js';
import type { RegistrationStatus } from '../../ocpp/index.js';

export interface StrictCsmsOptions {
  bootStatus?: RegistrationStatus;
  authorize?: string;
  /** Send RemoteStartTransaction when a connector reports Preparing. */
  remoteStartOnPreparing?: boolean;
  /** Answer this action with a CALLERROR InternalError. */
  failAction?: string;
}

interface RpcClient {
  identity: string;
  call(method: string, params: unknown, opts?: { callTimeoutMs?: number }): Promise<unknown>;
}

export interface StrictCsms {
  url: string;
  received: Array<{ identity: string; method: string; params: Record<string, unknown> }>;
  options: StrictCsmsOptions;
  target(): ScenarioTarget;
  close(): Promise<void>;
}

export async function startStrictCsms(options: StrictCsmsOptions = {}): Promise<StrictCsms> {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true });
  const clients = new Map<string, RpcClient>();
  const received: StrictCsms['received'] = [];
  let nextTx = 100;
  const settings: Record<string, unknown> = { heartbeatInterval: 300 };
  server.on('client', (client: RpcClient & { handle: (fn: (c: { method: string; params: Record<string, unknown> }) => unknown) => void }) => {
    clients.set(client.identity, client);
    client.handle(({ method, params }) => {
      received.push({ identity: client.identity, method, params });
      if (options.failAction === method) throw Object.assign(new Error('test CSMS told to fail'), { rpcErrorCode: 'InternalError' });
      switch (method) {
        case 'BootNotification':
          return { status: options.bootStatus ?? 'Accepted', currentTime: new Date().toISOString(), interval: Number(settings.heartbeatInterval) };
        case 'Heartbeat':
          return { currentTime: new Date().toISOString() };
        case 'Authorize':
          return { idTagInfo: { status: options.authorize ?? 'Accepted' } };
        case 'StatusNotification':
          if (options.remoteStartOnPreparing && params.status === 'Preparing') {
            setTimeout(() => void client.call('RemoteStartTransaction', { idTag: 'REMOTE', connectorId: params.connectorId }).catch(() => undefined), 10);
          }
          return {};
        case 'StartTransaction':
          return { transactionId: nextTx++, idTagInfo: { status: options.authorize ?? 'Accepted' } };
        case 'StopTransaction':
          return {};
        case 'DataTransfer':
          return { status: 'UnknownVendorId' };
        default:
          return {};
      }
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;
  const control: CentralSystemControl = {
    async sendCall(chargerId, action, payload, opts) {
      const client = clients.get(chargerId);
      if (!client) throw new Error(`${chargerId} is not connected`);
      return (await client.call(action, payload, { callTimeoutMs: opts?.timeoutMs ?? 10_000 })) as Record<string, unknown>;
    },
    async setMiddleware() {
      throw new Error('the test CSMS has no middleware');
    },
    async setSetting(key, value) {
      if (!(key in settings)) throw new Error(`unknown setting "${key}"`);
      settings[key] = value;
    },
  };
  return {
    url,
    received,
    options,
    target: () => ({ url, label: url, control }),
    close: () => server.close({ force: true }) as Promise<void>,
  };
}
