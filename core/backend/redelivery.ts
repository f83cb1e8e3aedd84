/** Recognising an event the transport delivered twice (a broker redelivers what was not acked). */
import type { FrameEvent } from '../transport/types.js';
import type { BackendCore } from './core.js';

/**
 * The eventId a frame is stored under, for the redelivery lookup: null when the transport never redelivers
 * (in-process), which keeps the frame out of the frames_event index it would only pay for.
 */
export function storedEventId(core: BackendCore, event: FrameEvent): string | null {
  return core.transport.redelivers === false ? null : event.eventId;
}
