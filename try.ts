import { parseScenario } from './src/sim/scenario.js';
import { setUpSimulation } from './src/sim/setup.js';
import { runSearch } from './src/sim/engine.js';
import { summarizeRun, compareWithVanilla } from './src/sim/summary.js';
import { builtinPolicy } from './src/sim/policies.js';
const kernel = process.argv[2] ?? 'poly';
const scenario = parseScenario({ lamoo: { kernel } }, 'try');
const setup = setUpSimulation(scenario);
const runs = [];
for (const name of ['cenas', 'vanilla', 'oneshot', 'random']) {
  const t0 = performance.now();
  const outcome = runSearch(setup, builtinPolicy(name, scenario.window));
  const s = summarizeRun(setup, outcome);
  runs.push(s);
  console.log(name, (performance.now() - t0).toFixed(0), 'ms', outcome.epochs.length, 'epochs');
}
compareWithVanilla(runs);
for (const r of runs) console.log(JSON.stringify({ ...r, breakdown: undefined, byAccountingMode: undefined }));
