/**
 * The offline-optimal bound of simulated runs (docs/offline-bound.md): for each policy, the
 * run's carbon beside the least carbon its work could have cost with the whole trace known
 * and the carbon of the same work run as soon as possible, and the timing efficiency.
 *
 *   npx tsx scripts/offline-bound.ts [--seeds 0-9] [--policies 'cenas,random,…'] [--config FILE.json]
 *
 * The scenario is the default one, or the settings of a JSON config (as `ce-nas simulate --config`).
 */

import { readFileSync } from 'node:fs';
import { offlineBound } from '../src/bound/offline-bound.js';
import { builtinPolicy } from '../src/sim/policies.js';
import { parseScenario } from '../src/sim/scenario.js';
import { simulate } from '../src/sim/simulate.js';

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at < 0 ? undefined : argv[at + 1];
}

const argv = process.argv.slice(2);
const [fromSeed, toSeed] = (flagValue(argv, '--seeds') ?? '0').split('-').map(Number) as [number, number | undefined];
const policyNames = (flagValue(argv, '--policies') ?? 'cenas,random,fixed:0.5,oneshot,forecast:ar:24,defer:ar:24').split(',');
const configPath = flagValue(argv, '--config');
const base = configPath === undefined ? {} : (JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>);

const fmt = (value: number | null, digits: number): string => (value === null ? 'n/a' : value.toFixed(digits));
console.log('seed  policy                     actual kg  optimal kg  blind kg  timing efficiency');
for (let seed = fromSeed; seed <= (toSeed ?? fromSeed); seed++) {
  const scenario = parseScenario({ ...base, seed }, configPath ?? 'defaults');
  const policies = policyNames.map((name) => builtinPolicy(name, scenario.window));
  const result = simulate(scenario, policies);
  result.outcomes.forEach((outcome, k) => {
    const bound = offlineBound(result.setup, outcome);
    const ledgerKg = result.summaries[k]!.carbonKg;
    if (Math.abs(bound.actualKg - ledgerKg) > 1e-9 * ledgerKg) throw new Error(`${outcome.policy}: recomputed ${bound.actualKg} kg, ledger ${ledgerKg} kg`);
    console.log(
      `${String(seed).padEnd(4)}  ${outcome.policy.padEnd(25)}  ${fmt(bound.actualKg, 3).padStart(9)}  ${fmt(bound.optimalKg, 3).padStart(10)}  ${fmt(bound.blindKg, 3).padStart(8)}  ${fmt(bound.timingEfficiency, 3).padStart(17)}`,
    );
  });
}
