/** A backend harness with one OCPP 2.0.1 station, CS1 on connection c1, connected and booted (the 2.0.1 tests' start). */
import { createHarness, type Harness } from '../../testing/harness.js';
import { BOOT201 } from './frames201.js';

export async function bootedStation201(): Promise<Harness> {
  const h = await createHarness();
  await h.connect('CS1', 'c1', 'ocpp2.0.1');
  await h.call('CS1', 'BootNotification', BOOT201, { connectionId: 'c1' });
  return h;
}
