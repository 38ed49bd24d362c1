/**
 * A user's policy module, run in a worker thread so that it is bounded: each call has a time
 * limit (an endless loop is stopped and reported) and the module cannot end the process
 * (`process.exit` in a worker ends only the worker, and is reported). The engine calls
 * `samplingShare` synchronously: the request goes over a message port and this thread waits
 * on a SharedArrayBuffer (Atomics.wait with the limit) until the worker has replied.
 *
 * The worker sees the same context as an in-process policy: the trace (sent once per
 * integrator) behind an identical CarbonIntegrator, and the run's generator, whose state goes
 * there with each call and comes back, so that results are byte-identical.
 */

import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { CarbonIntegrator } from '../carbon/accounting.js';
import { InputError } from '../errors.js';
import { packageFile } from '../package-files.js';
import type { Policy, PolicyContext } from './policies.js';

/** Per call and for loading the module. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;

/** Slots of the shared signal: the number of the last call answered; 1 once the thread ended. */
export const SIGNAL_ANSWERED = 0;
export const SIGNAL_EXITED = 1;

export interface PluginPolicy extends Policy {
  /** Stops the worker (also done when the process ends: the worker does not keep it alive). */
  close(): void;
}

export type PluginReply =
  | { readonly kind: 'loaded'; readonly name: string; readonly searchesOnEstimates: boolean }
  | { readonly kind: 'load-failed'; readonly message: string }
  | { readonly kind: 'share'; readonly share: unknown; readonly randomState: readonly number[] }
  | { readonly kind: 'threw'; readonly message: string; readonly randomState: readonly number[] }
  | { readonly kind: 'exited'; readonly code: number };

function waitForLoad(port: MessagePort, worker: Worker, label: string, timeoutMs: number): Promise<PluginReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new InputError(`${label}: cannot load (it did not finish loading within ${timeoutMs / 1000} s)`)), timeoutMs);
    port.once('message', (reply: PluginReply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(new InputError(`${label}: cannot load (${error.message})`));
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new InputError(`${label}: cannot load (the module ended its thread with exit code ${code})`));
    });
  });
}

/** Waits until the worker has answered call `seq` or ended; false when `timeoutMs` passed first. */
function waitForAnswer(signal: Int32Array, seq: number, timeoutMs: number): boolean {
  const deadlineMs = performance.now() + timeoutMs;
  for (;;) {
    const answered = Atomics.load(signal, SIGNAL_ANSWERED);
    if (answered === seq || Atomics.load(signal, SIGNAL_EXITED) === 1) return true;
    const leftMs = deadlineMs - performance.now();
    if (leftMs <= 0) return false;
    Atomics.wait(signal, SIGNAL_ANSWERED, answered, leftMs);
  }
}

/** Loads the module at `path` (relative to `resolveFrom`) into its own worker thread. */
export async function loadPluginPolicy(path: string, resolveFrom: string, timeoutMs = DEFAULT_PLUGIN_TIMEOUT_MS): Promise<PluginPolicy> {
  const label = `policy module ${path}`;
  const url = new URL(path, `file://${resolveFrom}/`).href;
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1: port, port2 } = new MessageChannel();
  const worker = new Worker(packageFile('dist/src/sim/plugin-worker.js'), { workerData: { url, signal, port: port2 }, transferList: [port2] });
  worker.unref();
  port.unref();
  let stopped: string | undefined;
  const stop = (why: string): void => {
    stopped ??= why;
    port.close();
    void worker.terminate();
  };
  let loaded: PluginReply;
  try {
    loaded = await waitForLoad(port, worker, label, timeoutMs);
  } catch (error) {
    stop('failed to load');
    throw error;
  }
  worker.removeAllListeners();
  worker.on('error', () => undefined); // reported through the signal by the next call
  if (loaded.kind !== 'loaded') {
    stop('failed to load');
    throw new InputError(`${label}: ${loaded.kind === 'load-failed' ? loaded.message : 'ended while loading'}`);
  }

  const traceIds = new WeakMap<CarbonIntegrator, number>();
  let nextTraceId = 1;
  let calls = 0;
  const call = (context: PolicyContext): unknown => {
    if (stopped !== undefined) throw new InputError(`${label} was stopped (${stopped})`);
    let traceId = traceIds.get(context.carbon);
    const sendTrace = traceId === undefined;
    if (traceId === undefined) traceIds.set(context.carbon, (traceId = nextTraceId++));
    const { carbon, random, ...plain } = context;
    const seq = ++calls;
    port.postMessage({ seq, context: plain, traceId, trace: sendTrace ? carbon.trace : undefined, randomState: random.getState() });
    if (!waitForAnswer(signal, seq, timeoutMs)) {
      stop(`no answer within ${timeoutMs / 1000} s`);
      throw new InputError(`it did not return within ${timeoutMs / 1000} s (the time limit per call; set it with --policy-timeout); it was stopped`);
    }
    const reply = receiveMessageOnPort(port)?.message as PluginReply | undefined;
    if (reply === undefined || reply.kind === 'exited' || Atomics.load(signal, SIGNAL_EXITED) === 1) {
      const code = reply?.kind === 'exited' ? reply.code : undefined;
      stop('it ended its thread');
      throw new InputError(`it called process.exit(${code ?? ''}); a policy may only return a number`);
    }
    if (reply.kind === 'share') {
      random.setState(reply.randomState);
      return reply.share;
    }
    if (reply.kind === 'threw') {
      random.setState(reply.randomState);
      throw new Error(reply.message);
    }
    throw new InputError(`unexpected reply from the worker: ${reply.kind}`);
  };
  const policy: PluginPolicy = {
    name: loaded.name,
    samplingShare: (context) => call(context) as number, // the engine checks the value
    close: () => stop('closed'),
  };
  return loaded.searchesOnEstimates ? { ...policy, searchesOnEstimates: true } : policy;
}
