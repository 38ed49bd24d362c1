/**
 * The worker thread of a user's policy module (see plugin-policy.ts): loads the module, then
 * answers each call by posting the reply and waking the waiting engine through the shared
 * signal. `process.exit` is turned into a reported failure instead of a silent end.
 */

import { type MessagePort, workerData } from 'node:worker_threads';
import { CarbonIntegrator } from '../carbon/accounting.js';
import type { CarbonTrace } from '../carbon/trace.js';
import { Random } from '../random.js';
import type { Policy, PolicyContext } from './policies.js';
import { type PluginReply, SIGNAL_ANSWERED, SIGNAL_EXITED } from './plugin-policy.js';

const { url, signal, port } = workerData as { url: string; signal: Int32Array; port: MessagePort };

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`called process.exit(${code})`);
  }
}

/** Posts `message`; the answer to call `seq` also wakes the engine (slot 0 = the last call answered, slot 1 = ended). */
function reply(message: PluginReply, seq?: number): void {
  try {
    port.postMessage(message);
  } catch {
    // Not cloneable (a function, a promise): the engine reports the value's text instead.
    port.postMessage({ ...message, share: String((message as { share?: unknown }).share) });
  }
  if (message.kind === 'exited') Atomics.store(signal, SIGNAL_EXITED, 1);
  if (seq !== undefined) Atomics.store(signal, SIGNAL_ANSWERED, seq);
  Atomics.notify(signal, SIGNAL_ANSWERED);
}

process.exit = ((code?: number) => {
  throw new ExitCalled(Number(code ?? 0));
}) as typeof process.exit;
let callSeq: number | undefined;
process.on('exit', (code) => reply({ kind: 'exited', code }, callSeq));

let policy: Policy | undefined;
try {
  const module = (await import(url)) as { default?: unknown };
  const candidate = module.default as Partial<Policy> | undefined;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.name !== 'string' || typeof candidate.samplingShare !== 'function') {
    reply({ kind: 'load-failed', message: 'its default export must be { name: string, samplingShare(context): number }' });
  } else {
    policy = candidate as Policy;
    reply({ kind: 'loaded', name: policy.name, searchesOnEstimates: policy.searchesOnEstimates === true });
  }
} catch (error) {
  reply({ kind: 'load-failed', message: `cannot load (${(error as Error).message})` });
}

const integrators = new Map<number, CarbonIntegrator>();

if (policy !== undefined) {
  const loaded = policy;
  port.on('message', (request: { seq: number; context: Record<string, number>; traceId: number; trace?: CarbonTrace; randomState: number[] }) => {
    callSeq = request.seq;
    let carbon = integrators.get(request.traceId);
    if (carbon === undefined) integrators.set(request.traceId, (carbon = new CarbonIntegrator(request.trace!)));
    const random = new Random(0);
    random.setState(request.randomState);
    try {
      const share = loaded.samplingShare({ ...request.context, carbon, random } as unknown as PolicyContext);
      reply({ kind: 'share', share, randomState: random.getState() }, request.seq);
    } catch (error) {
      if (error instanceof ExitCalled) reply({ kind: 'exited', code: error.code }, request.seq);
      else reply({ kind: 'threw', message: error instanceof Error ? error.message : String(error), randomState: random.getState() }, request.seq);
    }
  });
}
