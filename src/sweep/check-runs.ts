/**
 * Checks every run of a sweep before the first one starts, so that a grid point that cannot
 * run (an unknown policy, a search outside its trace, objectives without data) is reported at
 * once, naming the run, rather than after hours of runs or after the folder was claimed.
 */

import { resolveTrace } from '../carbon/builtin-traces.js';
import { type CarbonTrace, isoSeconds } from '../carbon/trace.js';
import { parseTimestamp } from '../carbon/trace-csv.js';
import { InputError } from '../errors.js';
import type { Backend } from '../pareto.js';
import { isMatchedRequest } from '../sim/matched.js';
import { builtinPolicy } from '../sim/policies.js';
import { setUpSimulation } from '../sim/setup.js';
import { SECONDS_PER_HOUR } from '../units.js';
import type { SweepPlan } from './grid.js';

function naming<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
}

/** Throws an InputError naming the first run of `plan` that cannot run. */
export function checkRuns(plan: SweepPlan, source: string, backend: Backend = 'wasm'): void {
  const policies = new Set<string>();
  const setUp = new Set<string>();
  const traces = new Map<string, CarbonTrace>();
  for (const run of plan.runs) {
    const where = `${source} (run ${run.id})`;
    const { scenario } = run;
    const policyKey = JSON.stringify([run.policy, scenario.window]);
    if (!policies.has(policyKey)) {
      naming(where, () => {
        // A sweep runs each policy alone; the matched control needs its CE-NAS run beside it.
        if (isMatchedRequest(builtinPolicy(run.policy, scenario.window)))
          throw new InputError('policy fixed:matched runs in `simulate` only, beside the CE-NAS run it matches');
      });
      policies.add(policyKey);
    }
    // The whole set-up once per combination of the settings it checks (data, objectives,
    // reference, estimates) …
    const { sampling } = scenario;
    const groupKey = JSON.stringify([
      scenario.trace,
      scenario.signal,
      scenario.allowGaps,
      scenario.objectives,
      scenario.reference,
      scenario.initialSamples,
      sampling.estimate,
      sampling.noisyKendallTau,
    ]);
    if (!setUp.has(groupKey)) {
      naming(where, () => setUpSimulation(scenario, backend));
      setUp.add(groupKey);
      continue;
    }
    // … and every run's search window against its trace.
    const traceKey = JSON.stringify([scenario.trace, scenario.signal, scenario.allowGaps]);
    let trace = traces.get(traceKey);
    if (trace === undefined) {
      trace = resolveTrace(scenario.trace, { signal: scenario.signal, allowGaps: scenario.allowGaps });
      traces.set(traceKey, trace);
    }
    const startS = parseTimestamp(scenario.start, true)!;
    const endS = startS + scenario.hours * SECONDS_PER_HOUR;
    if (startS < trace.timesS[0]! || endS > trace.endS) {
      throw new InputError(
        `${where}: start/hours: the search [${isoSeconds(startS)}, ${isoSeconds(endS)}] must lie within the trace ${trace.name} [${isoSeconds(trace.timesS[0]!)}, ${isoSeconds(trace.endS)}]`,
      );
    }
  }
}
