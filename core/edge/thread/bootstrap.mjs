// The edge thread's first module: from sources (.ts) it registers tsx's loader in this thread, then runs the edge.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
