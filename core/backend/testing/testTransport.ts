/**
 * A tiny BackendTransport for contract-style tests: the test pushes EdgeEvents in, the backend's EdgeCommands
 * are captured. Chargers not "connected" here get NoRouteError, like a real transport.
 */
import { NoRouteError, type BackendTransport, type EdgeCommand, type EdgeEvent, type TransportStatus } from '../../transport/types.js';

export class TestTransport implements BackendTransport {
  readonly commands: EdgeCommand[] = [];
  readonly routes = new Set<string>();
  private handler: ((e: EdgeEvent) => Promise<void>) | null = null;
  private listeners: Array<(c: EdgeCommand) => void> = [];
  stopped = false;
  /** As an at-least-once broker by default; false: as the in-process transport. */
  redelivers = true;

  async start(handler: (event: EdgeEvent) => Promise<void>): Promise<void> {
    this.handler = handler;
  }
  async send(command: EdgeCommand): Promise<void> {
    if (!this.routes.has(command.chargePointId)) throw new NoRouteError(command.chargePointId, 'not connected to the test transport');
    this.commands.push(command);
    for (const l of this.listeners) l(command);
  }
  status(): TransportStatus {
    return { kind: 'in-process', connected: this.handler !== null && !this.stopped };
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  /** Delivers an event as the edge would; resolves when the backend has handled it. */
  deliver(event: EdgeEvent): Promise<void> {
    if (!this.handler) throw new Error('transport not started');
    if (event.kind === 'connect') this.routes.add(event.chargePointId);
    return this.handler(event);
  }
  onCommand(listener: (c: EdgeCommand) => void): void {
    this.listeners.push(listener);
  }
}
