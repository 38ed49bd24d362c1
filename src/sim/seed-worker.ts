/**
 * A worker thread of a multi-seed simulation (multi-seed.ts): resolves the policies once, then
 * simulates each seed it is sent and posts back the summaries and the files to write.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { InputError, IoError } from '../errors.js';
import { runSeed, type SeedJob, type SeedReply } from './multi-seed.js';

const job = workerData as SeedJob;
const port = parentPort!;

port.on('message', async (message: { seed: number } | 'close') => {
  if (message === 'close') {
    port.close();
    return;
  }
  let reply: SeedReply;
  try {
    reply = { seed: message.seed, result: await runSeed(job, message.seed) };
  } catch (error) {
    const kind = error instanceof InputError ? 'input' : error instanceof IoError ? 'io' : 'internal';
    reply = { seed: message.seed, error: { kind, message: kind === 'internal' ? String((error as Error).stack ?? error) : (error as Error).message } };
  }
  port.postMessage(reply);
});
