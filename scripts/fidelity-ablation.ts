/**
 * How each change of the faithful model moves the default scenario's figures: runs the
 * default scenario over seeds 0-9 with the defaults, then with each change reverted alone
 * (the window, the allocation rule, LaMOO's split and selection, the estimator's cost,
 * the supernet's cost, idle power and PUE), and prints every policy's median carbon
 * reduction and HV gap against vanilla.
 *
 *   npx tsx scripts/fidelity-ablation.ts [--seeds 0-9] [--only 'NAME|NAME…']
 */

import { builtinPolicy } from '../src/sim/policies.js';
import { parseScenario, type ScenarioInput } from '../src/sim/scenario.js';
import { DEFAULT_POLICIES, simulate } from '../src/sim/simulate.js';

const VARIANTS: Record<string, ScenarioInput> = {
  defaults: {},
  'window remaining': { window: { kind: 'remaining' } },
  'no minimum evaluator, nearest rounding': { allocation: { rounding: 'nearest', minEvaluationGpus: 0 } },
  'split by predictions': { lamoo: { splitBy: 'predictions' } },
  'select by descending': { lamoo: { selection: 'path' } },
  'idle power 0': { power: { idleW: 0 } },
  'PUE 1': { power: { pue: 1 } },
  'supernet free': { sampling: { supernetTrainingGpuHours: 0 } },
  'estimate: 12-epoch accuracy at its cost': { sampling: { estimate: 'c10valid_valid_acc_12ep' } },
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function seedsFrom(text: string): number[] {
  const [from, to] = text.split('-').map(Number) as [number, number];
  return Array.from({ length: (to ?? from) - from + 1 }, (_, k) => from + k);
}

/** The value after `flag`, or undefined when the flag is absent. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at < 0 ? undefined : argv[at + 1];
}

const argv = process.argv.slice(2);
const seeds = seedsFrom(flagValue(argv, '--seeds') ?? '0-9');
// Variant names hold commas, so --only takes them separated by '|'.
const only = flagValue(argv, '--only')?.split('|') ?? Object.keys(VARIANTS);
const unknown = only.filter((name) => VARIANTS[name] === undefined);
if (unknown.length > 0) {
  console.error(`--only: unknown variant ${unknown.join(', ')}; variants: ${Object.keys(VARIANTS).join(' | ')}`);
  process.exit(2);
}

for (const name of only) {
  const variant = VARIANTS[name]!;
  const byPolicy = new Map<string, { reduction: number[]; gap: number[]; kg: number[] }>();
  const startedMs = performance.now();
  for (const seed of seeds) {
    const scenario = parseScenario({ ...variant, seed }, name);
    const policies = DEFAULT_POLICIES.map((policy) => builtinPolicy(policy, scenario.window));
    for (const run of simulate(scenario, policies).summaries) {
      const entry = byPolicy.get(run.policy) ?? { reduction: [], gap: [], kg: [] };
      entry.reduction.push(run.carbonReductionVsVanilla ?? Number.NaN);
      entry.gap.push(run.hvGapVsVanilla ?? Number.NaN);
      entry.kg.push(run.carbonKg);
      byPolicy.set(run.policy, entry);
    }
  }
  console.log(`\n## ${name} (seeds ${seeds[0]}-${seeds[seeds.length - 1]}, ${((performance.now() - startedMs) / 1000).toFixed(0)} s)`);
  console.log('| policy | median kg | median less carbon | median HV gap |\n|---|---:|---:|---:|');
  for (const [policy, { reduction, gap, kg }] of byPolicy) {
    console.log(`| ${policy} | ${median(kg).toFixed(3)} | ${median(reduction).toFixed(2)}× | ${(median(gap) * 100).toFixed(3)} % |`);
  }
}
