/**
 * `ce-nas conformance serve`: this project's product code as an implementation under test,
 * speaking the conformance protocol on stdin/stdout: the Pareto kernels through the chosen
 * backend (the WebAssembly core by default), carbon through the simulator's prefix-sum
 * integrator, and the rest (dominance, allocation, labels, SVM decisions, leaf selection,
 * whole runs) through the functions the simulator itself calls.
 */

import { createInterface } from 'node:readline';
import {
  dominanceNumbers,
  dominates,
  energyKwh,
  goodBadLabels,
  pointMatrix,
  samplingShare,
  splitGpus,
  strictlyDominates,
  weaklyDominates,
} from '../../spec/index.js';
import { CarbonIntegrator } from '../carbon/accounting.js';
import type { CarbonTrace } from '../carbon/trace.js';
import { type Backend, hypervolume, hypervolumeContributions, paretoRanks } from '../pareto.js';
import { conformanceFunction } from './functions.js';

type Args = Record<string, unknown>;

function productAnswer(fn: string, args: Args, backend: Backend): unknown {
  const maximise = args.maximise as boolean[] | undefined;
  const options = maximise === undefined ? { backend } : { maximise, backend };
  const points = () => pointMatrix(args.points as number[][], args.dim as number);
  switch (fn) {
    case 'dominance': {
      const [a, b] = [args.a as number[], args.b as number[]];
      return { weakly: weaklyDominates(a, b, options), pareto: dominates(a, b, options), strictly: strictlyDominates(a, b, options) };
    }
    case 'ranks':
      return Array.from(paretoRanks(points(), options));
    case 'hypervolume':
      return hypervolume(points(), args.reference as number[], options);
    case 'contributions':
      return Array.from(hypervolumeContributions(points(), args.reference as number[], options));
    case 'allocation': {
      const share = samplingShare(args.currentGPerKwh as number, args.minGPerKwh as number, args.maxGPerKwh as number);
      return { samplingShare: share, ...splitGpus(args.totalGpus as number, share) };
    }
    case 'carbon': {
      const trace: CarbonTrace = {
        name: 'conformance',
        signal: 'lca',
        timesS: Float64Array.from(args.timesS as number[]),
        intensityGPerKwh: Float64Array.from(args.intensityGPerKwh as number[]),
        stepS: 0,
        endS: args.endS as number,
        gapCount: 0,
      };
      const [startS, stopS, powerW, pue] = [args.startS as number, args.stopS as number, args.powerW as number, args.pue as number];
      return { energyKwh: energyKwh(powerW, stopS - startS, pue), carbonKg: new CarbonIntegrator(trace).emissionsKg(startS, stopS, powerW, pue) };
    }
    case 'labels':
      return { dominanceNumbers: Array.from(dominanceNumbers(points(), maximise)), labels: Array.from(goodBadLabels(points(), maximise)) };
    case 'svmDecision':
    case 'leafSelection':
    case 'simulate':
      // The product calls the spec's decision function and leaf selection, and its simulator
      // is the definition of a run; the answers are the same code path.
      return conformanceFunction(fn)!.reference(args);
    default:
      throw new Error(`unknown function '${fn}'`);
  }
}

/** Answers requests until stdin ends. */
export async function serveConformance(backend: Backend, input: NodeJS.ReadableStream, write: (line: string) => void): Promise<void> {
  for await (const line of createInterface({ input })) {
    if (line.trim() === '') continue;
    let request: { id?: unknown; fn?: unknown; args?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      write(`${JSON.stringify({ id: null, error: 'request is not JSON' })}\n`);
      continue;
    }
    try {
      const result = productAnswer(String(request.fn), (request.args ?? {}) as Args, backend);
      write(`${JSON.stringify({ id: request.id, result })}\n`);
    } catch (error) {
      write(`${JSON.stringify({ id: request.id, error: (error as Error).message })}\n`);
    }
  }
}
