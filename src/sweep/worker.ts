/** A sweep worker thread: receives run requests, answers with results (or the error). */

import { parentPort } from 'node:worker_threads';
import { executeRun, type RunRequest } from './execute.js';

parentPort!.on('message', (request: RunRequest) => {
  try {
    parentPort!.postMessage({ ok: true, result: executeRun(request) });
  } catch (error) {
    parentPort!.postMessage({ ok: false, id: request.id, message: (error as Error).message });
  }
});
