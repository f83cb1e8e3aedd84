/**
 * Runs a bench for the e2e tests (`node --import tsx e2e/benchServer.ts DATA_DIR`): ephemeral OCPP and UI ports,
 * the given temp data dir; prints one JSON line with its addresses, stops cleanly on SIGTERM.
 */
import { startBench } from '../core/app/bench.js';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: benchServer.ts DATA_DIR [RENDERER_DIR]');
  process.exit(2);
}
const rendererDir = process.argv[3];
// every response is checked against its route's contract: a mismatch answers 500 and fails the test that saw it
// edgeThread: as `chargebench serve` runs it (the websocket edge in a worker thread of its own)
const bench = await startBench({ dataDir, ocppPort: 0, uiPort: 0, env: {}, checkResponses: true, edgeThread: true, ...(rendererDir ? { rendererDir } : {}) });
console.log(JSON.stringify({ uiUrl: bench.uiUrl, apiUrl: bench.apiUrl, token: bench.token, ocppUrl: bench.ocppUrl, rendererBuilt: bench.rendererBuilt }));
const stop = (): void => {
  void bench.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
