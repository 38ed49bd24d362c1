/**
 * `ce-nas train-policy` (MODEL.md §7): searches the parameters of a linear-logistic allocation
 * policy with the cross-entropy method on training start times, then evaluates the best one on
 * held-out months and a held-out region beside CE-NAS, vanilla LaMOO, random allocation and
 * the matched carbon-blind control.
 *
 * Objective (minimised): the mean over training scenarios of the run's carbon over vanilla's
 * on the same scenario, plus `hvPenalty` × how far the mean HV gap to vanilla exceeds CE-NAS's
 * (the constraint "no worse HV than the heuristic", as a penalty).
 */

import { Random } from '../random.js';
import { type Spread, spread } from '../sim/aggregate.js';
import type { Scenario } from '../sim/scenario.js';
import { crossEntropyMinimize, type CemIteration } from './cem.js';
import { EvaluationPool, type PolicySpec, type RunFigures } from './evaluate.js';
import { POLICY_FILE_FORMAT } from './learned-policy.js';
import { scenarioSet, type TrainConfig } from './train-config.js';

const COMPARED = ['cenas', 'vanilla', 'random', 'fixed:matched'] as const;

export interface PolicyComparison {
  readonly policy: string;
  readonly runs: number;
  readonly carbonReductionVsVanilla: Spread | null;
  readonly hvGapVsVanilla: Spread | null;
  readonly finalHvNormalized: Spread | null;
}

export interface ScenarioRef {
  readonly trace: string;
  readonly start: string;
  readonly seed: number;
}

export interface LearnedPolicyDocument {
  readonly format: typeof POLICY_FILE_FORMAT;
  readonly name: string;
  readonly features: readonly string[];
  readonly weights: readonly number[];
  readonly bias: number;
  readonly objective: string;
  readonly training: {
    readonly scenarios: readonly ScenarioRef[];
    readonly cenasMeanHvGap: number;
    readonly bestScore: number;
    readonly evaluations: number;
    readonly iterations: readonly CemIteration[];
    readonly config: TrainConfig;
  };
  readonly evaluation: Record<
    'train' | 'heldOutMonths' | 'heldOutRegion',
    { readonly scenarios: readonly ScenarioRef[]; readonly policies: readonly PolicyComparison[] }
  >;
}

function ref(scenario: Scenario): ScenarioRef {
  return { trace: scenario.trace, start: scenario.start, seed: scenario.seed };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** Per policy, over the scenarios: less carbon and HV gap against vanilla on the same scenario. */
function compare(rows: readonly RunFigures[][]): PolicyComparison[] {
  const names = rows[0]?.map((run) => run.policy) ?? [];
  return names.map((policy, k) => {
    const runs = rows.map((row) => ({ run: row[k]!, vanilla: row.find((other) => other.policy === 'vanilla')! }));
    return {
      policy,
      runs: runs.length,
      carbonReductionVsVanilla: spread(runs.map(({ run, vanilla }) => (run.carbonKg > 0 ? vanilla.carbonKg / run.carbonKg : null))),
      hvGapVsVanilla: spread(runs.map(({ run, vanilla }) => (vanilla.finalHv > 0 ? (vanilla.finalHv - run.finalHv) / vanilla.finalHv : null))),
      finalHvNormalized: spread(runs.map(({ run }) => run.finalHvNormalized)),
    };
  });
}

export async function trainPolicy(config: TrainConfig, threads: number, log: (line: string) => void): Promise<LearnedPolicyDocument> {
  const random = new Random(config.seed);
  const train = scenarioSet(config, config.train, random, 'train');
  const heldOutMonths = scenarioSet(config, config.heldOutMonths, random, 'heldOutMonths');
  const heldOutRegion = scenarioSet(config, config.heldOutRegion, random, 'heldOutRegion');
  const all = [...train, ...heldOutMonths, ...heldOutRegion];
  const pool = new EvaluationPool(all, threads);
  try {
    const trainIndices = train.map((_, k) => k);
    const baselines = await pool.run(trainIndices.map((scenario) => ({ scenario, policies: ['vanilla', 'cenas'] })));
    const gapOf = (run: RunFigures, vanilla: RunFigures): number => (vanilla.finalHv - run.finalHv) / vanilla.finalHv;
    const cenasMeanHvGap = mean(baselines.map(([vanilla, cenas]) => gapOf(cenas!, vanilla!)));
    log(`train: ${train.length} scenarios; CE-NAS there: mean HV gap ${(cenasMeanHvGap * 100).toFixed(3)} %`);

    const specOf = (theta: readonly number[]): Exclude<PolicySpec, string> => ({
      name: config.name,
      features: config.features,
      bias: theta[0]!,
      weights: theta.slice(1),
    });
    const score = async (candidates: readonly (readonly number[])[]): Promise<number[]> => {
      const requests = candidates.flatMap((theta) => trainIndices.map((scenario) => ({ scenario, policies: [specOf(theta)] })));
      const results = await pool.run(requests);
      return candidates.map((_, c) => {
        const runs = trainIndices.map((s) => ({ run: results[c * train.length + s]![0]!, vanilla: baselines[s]![0]! }));
        const carbonRatio = mean(runs.map(({ run, vanilla }) => run.carbonKg / vanilla.carbonKg));
        const gap = mean(runs.map(({ run, vanilla }) => gapOf(run, vanilla)));
        return carbonRatio + config.hvPenalty * Math.max(0, gap - cenasMeanHvGap);
      });
    };
    const { optimizer } = config;
    const result = await crossEntropyMinimize(new Array(config.features.length + 1).fill(0), score, { ...optimizer, seed: config.seed }, (iteration) =>
      log(
        `iteration ${iteration.iteration}/${optimizer.iterations}: best score ${iteration.bestScore.toFixed(4)}, elite mean ${iteration.eliteMeanScore.toFixed(4)}`,
      ),
    );
    const learned = specOf(result.best);

    const evaluate = async (offset: number, scenarios: readonly Scenario[]) => {
      const rows = await pool.run(scenarios.map((_, k) => ({ scenario: offset + k, policies: [...COMPARED, learned] })));
      return { scenarios: scenarios.map(ref), policies: compare(rows) };
    };
    const evaluation = {
      train: await evaluate(0, train),
      heldOutMonths: await evaluate(train.length, heldOutMonths),
      heldOutRegion: await evaluate(train.length + heldOutMonths.length, heldOutRegion),
    };
    return {
      format: POLICY_FILE_FORMAT,
      name: config.name,
      features: config.features,
      weights: learned.weights.map(round),
      bias: round(learned.bias),
      objective: `mean carbon / vanilla carbon + ${config.hvPenalty} × max(0, mean HV gap − CE-NAS mean HV gap), over the training scenarios`,
      training: {
        scenarios: train.map(ref),
        cenasMeanHvGap: round(cenasMeanHvGap),
        bestScore: round(result.bestScore),
        evaluations: result.evaluations,
        iterations: result.history,
        config,
      },
      evaluation,
    };
  } finally {
    await pool.close();
  }
}
