#!/usr/bin/env node
/**
 * Serves the AssemblyScript port over the conformance protocol (docs/conformance.md): one
 * JSON request {"id", "fn", "args"} per line on stdin, one reply per line on stdout.
 *
 *   npx ce-nas conformance run --impl "node as-port/serve.mjs" \
 *     --only dominance,ranks,hypervolume,contributions,allocation,carbon,schedule
 *
 * `--mutant NAME` (or CE_NAS_AS_MUTANT=NAME) plants a deliberate bug: tie-rule (dominance),
 * rounding (allocation), trace-boundary (carbon), duplicates (ranks), slicing (hypervolume
 * and contributions in 4-D and more), resume-overhead and idle-charging (schedule).
 */

import { createInterface } from 'node:readline';
import { loadPort, MUTANTS } from './port.mjs';

const flag = process.argv.indexOf('--mutant');
const mutant = flag >= 0 ? process.argv[flag + 1] : process.env.CE_NAS_AS_MUTANT || undefined;
if (mutant !== undefined && !(mutant in MUTANTS)) {
  process.stderr.write(`as-port/serve.mjs: --mutant: unknown mutant '${mutant}' (known: ${Object.keys(MUTANTS).join(', ')})\n`);
  process.exit(2);
}
const port = loadPort({ mutant });

/** {values, n, dim} from the protocol's rows. */
function matrix(rows, dim) {
  const values = new Float64Array(rows.length * dim);
  rows.forEach((row, i) => {
    if (row.length !== dim) throw new RangeError(`points[${i}] has ${row.length} values, dim is ${dim}`);
    values.set(row, i * dim);
  });
  return { values, n: rows.length, dim };
}

const options = (args) => (args.maximise === undefined ? undefined : { maximise: args.maximise });

/** The functions this port implements; the others are answered "not implemented". */
const FUNCTIONS = {
  dominance: (args) => port.dominance(args.a, args.b, args.maximise),
  ranks: (args) => Array.from(port.paretoRanks(matrix(args.points, args.dim), options(args))),
  hypervolume: (args) => port.hypervolume(matrix(args.points, args.dim), args.reference, options(args)),
  contributions: (args) => Array.from(port.hypervolumeContributions(matrix(args.points, args.dim), args.reference, options(args))),
  allocation: (args) => port.allocation(args.currentGPerKwh, args.minGPerKwh, args.maxGPerKwh, args.totalGpus, args.rounding, args.minEvaluationGpus),
  carbon: (args) => port.carbon(args),
  schedule: (args) => port.schedule(args),
};

function reply(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    return { id: null, error: 'request is not JSON' };
  }
  const fn = FUNCTIONS[request.fn];
  if (fn === undefined) return { id: request.id, notImplemented: true };
  try {
    return { id: request.id, result: fn(request.args) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  process.stdout.write(`${JSON.stringify(reply(line))}\n`);
}
