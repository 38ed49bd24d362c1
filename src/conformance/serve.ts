/**
 * `ce-nas conformance serve`: this project's product code as an implementation under test,
 * speaking the conformance protocol on stdin/stdout. Every answer comes from the product's
 * own path, never from the spec the runner compares with: the Pareto kernels and SVM
 * decision values from the WebAssembly core, carbon from the simulator's ledger and
 * prefix-sum integrator, whole runs from the engine. Functions the product computes only by
 * calling the spec (dominance, allocation, labels, leaf selection) are answered "not
 * implemented", so that a check of them could not fail.
 */

import { createInterface } from 'node:readline';
import { CarbonIntegrator } from '../carbon/accounting.js';
import type { CarbonTrace } from '../carbon/trace.js';
import { hypervolume, hypervolumeContributions, paretoRanks, pointMatrix } from '../pareto.js';
import { Ledger } from '../sim/ledger.js';
import { decisionPoints } from '../wasm/classify.js';
import type { Args } from './functions/index.js';
import type { ModelArgs } from './functions/svm-decision.js';

const points = (args: Args) => pointMatrix(args.points as number[][], args.dim as number);
const options = (args: Args) => (args.maximise === undefined ? {} : { maximise: args.maximise as boolean[] });

/** Energy and emissions as the simulator charges a busy GPU: its ledger over the trace. */
function ledgerCharge(args: Args): { energyKwh: number; carbonKg: number } {
  const trace: CarbonTrace = {
    name: 'conformance',
    signal: 'lca',
    timesS: Float64Array.from(args.timesS as number[]),
    intensityGPerKwh: Float64Array.from(args.intensityGPerKwh as number[]),
    stepS: 0,
    endS: args.endS as number,
    gapCount: 0,
  };
  const ledger = new Ledger(new CarbonIntegrator(trace), { busyW: args.powerW as number, idleW: 0, pue: args.pue as number });
  ledger.charge('training', args.startS as number, args.stopS as number);
  return ledger.total('all-gpu-time');
}

/**
 * Decision values from the core's grid classifier: each point is the only point of interest
 * of a grid whose values are that point's distinct coordinates (at most 6^6 grid points).
 */
function coreDecisions(args: Args): number[] {
  const model = args.model as ModelArgs;
  const dim = model.supportVectors[0]!.length;
  const svm = { ...model, dim, supportVectors: Float64Array.from(model.supportVectors.flat()), dualCoef: Float64Array.from(model.dualCoef) };
  return (args.points as number[][]).map((x) => {
    const values: number[] = [];
    for (const value of x) if (!values.some((known) => Object.is(known, value))) values.push(value);
    // Grid index: edge 0 varies fastest (core-rs/src/classify.rs).
    const index = x.reduceRight((sum, value) => sum * values.length + values.findIndex((known) => Object.is(known, value)), 0);
    return decisionPoints(svm, values, dim, [index])[0]!;
  });
}

/**
 * The functions served, each through the product. `simulate` and `schedule` are not: the
 * engine is their definition, so serving them would check the engine against itself; they
 * exist to check other implementations.
 */
const PRODUCT_ANSWERS: Readonly<Record<string, (args: Args) => unknown>> = {
  ranks: (args) => Array.from(paretoRanks(points(args), options(args))),
  hypervolume: (args) => hypervolume(points(args), args.reference as number[], options(args)),
  contributions: (args) => Array.from(hypervolumeContributions(points(args), args.reference as number[], options(args))),
  carbon: ledgerCharge,
  svmDecision: coreDecisions,
};

/** The names of the functions `serve` answers itself. */
export const SERVED_FUNCTIONS: readonly string[] = Object.keys(PRODUCT_ANSWERS);

function reply(request: { id?: unknown; fn?: unknown; args?: unknown }): object {
  const answer = PRODUCT_ANSWERS[String(request.fn)];
  if (answer === undefined) return { id: request.id, notImplemented: true };
  try {
    return { id: request.id, result: answer((request.args ?? {}) as Args) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Answers requests until stdin ends. */
export async function serveConformance(input: NodeJS.ReadableStream, write: (line: string) => void): Promise<void> {
  for await (const line of createInterface({ input })) {
    if (line.trim() === '') continue;
    let request: { id?: unknown; fn?: unknown; args?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      write(`${JSON.stringify({ id: null, error: 'request is not JSON' })}\n`);
      continue;
    }
    write(`${JSON.stringify(reply(request))}\n`);
  }
}
