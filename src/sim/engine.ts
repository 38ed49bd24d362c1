/**
 * The discrete-event engine of one simulated search (MODEL.md §2–§5). Events are training
 * and sampling completions, decision epochs and the end of the search; carbon is charged
 * exactly between events (trace rows are split by the integrator, so they need no events).
 *
 * Rules decided here, where the paper and reference code are silent or flawed:
 * - Bootstrap: the initial architectures (drawn first from the run's RNG, so every policy
 *   starts alike) train on all GPUs from the start; decision epochs begin when the last one
 *   finishes and recur every `epochHours` until the budget ends.
 * - At the same instant, completions are processed first (in GPU order), then the epoch.
 * - Preemption: when an epoch leaves fewer evaluation GPUs than running trainings, those
 *   with the most work left are paused, progress kept; paused trainings resume first (least
 *   work left first) on any evaluation GPU, after `resumeOverheadS`.
 * - Evaluation GPUs take, in order: a paused training; the queued estimate dominated by the
 *   fewest other queued estimates (earliest queued on ties); a random region member when
 *   no GPU samples this epoch; otherwise they wait for the next estimate.
 * - Sampling GPUs estimate random region members while queued plus in-flight estimates
 *   are below the queue capacity; otherwise they idle (drawing P_idle).
 * - A region with no architecture left is widened by dropping the path's last step.
 * - No architecture is drawn twice (nor an isomorphic twin, when the scenario says so).
 * - At the end of the budget, unfinished trainings are abandoned (their energy is charged).
 * - One-shot LaMOO (`searchesOnEstimates`): each epoch its GPUs estimate `oneshotBatch`
 *   region members, which join its sample set with their estimated objectives; after the
 *   budget, the estimated front's architectures are trained on all GPUs, charged.
 */

import { type GpuActivity, type PathStep, splitGpus, weaklyDominatesMin } from '../../spec/index.js';
import { intensityAt, isoSeconds } from '../carbon/trace.js';
import { InputError } from '../errors.js';
import { DEFAULT_LAMOO_OPTIONS, LamooOptimizer, RBF_SVM_OPTIONS } from '../lamoo/optimizer.js';
import { hypervolume, paretoRanks } from '../pareto.js';
import { Random } from '../random.js';
import { Ledger } from './ledger.js';
import type { Policy, PolicyContext } from './policies.js';
import type { SimulationSetup } from './setup.js';
import { SECONDS_PER_HOUR } from '../units.js';

interface TrainingJob {
  readonly architecture: number;
  /** Work left when the current stint started (or when paused), s. */
  remainingS: number;
  readonly pausedOrder: number;
}

interface Estimate {
  readonly architecture: number;
  /** Estimated objectives, minimisation form. */
  readonly values: readonly number[];
  readonly order: number;
}

type Task = { readonly kind: 'training'; readonly job: TrainingJob } | { readonly kind: 'sampling'; readonly architecture: number };

interface Gpu {
  readonly id: number;
  role: 'sampling' | 'evaluation';
  task: Task | undefined;
  startS: number;
  finishS: number;
  accountedS: number;
}

/** One decision epoch, as the timeline reports it. */
export interface EpochRecord {
  readonly timeS: number;
  readonly intensityGPerKwh: number;
  readonly samplingShare: number;
  readonly samplingGpus: number;
  readonly evaluationGpus: number;
  readonly trainedSoFar: number;
  readonly paused: number;
  readonly queued: number;
  readonly regionSize: number;
  readonly carbonKg: number;
  readonly energyKwh: number;
}

/** What happened to a task: the event log a conformance check can digest. */
export interface TaskEvent {
  readonly timeS: number;
  readonly gpu: number;
  readonly kind: 'start' | 'finish' | 'pause' | 'abandon' | 'cancel';
  readonly task: 'training' | 'sampling';
  readonly architecture: number;
}

/** The state after each completed training. */
export interface ProgressRecord {
  readonly timeS: number;
  readonly architecture: number;
  readonly trainings: number;
  readonly hv: number;
  readonly hvNormalized: number;
  readonly carbonKg: number;
  readonly energyKwh: number;
}

export interface RunOutcome {
  readonly policy: string;
  readonly ledger: Ledger;
  readonly epochs: readonly EpochRecord[];
  readonly progress: readonly ProgressRecord[];
  readonly events: readonly TaskEvent[];
  readonly trained: readonly number[];
  readonly estimates: number;
  readonly preemptions: number;
  readonly abandonedTrainings: number;
  /** When the last GPU stopped: the budget's end, or later for one-shot's final trainings. */
  readonly finishS: number;
  readonly usedSampling: boolean;
}

export class SearchRun {
  private readonly random: Random;
  private readonly ledger: Ledger;
  private readonly gpus: Gpu[];
  private readonly optimizer: LamooOptimizer;
  /** 1 once an architecture (or, with excludeTwins, its twin) was drawn for any task. */
  private readonly taken: Uint8Array;
  private readonly trained: number[] = [];
  private readonly trainedValues: number[] = [];
  private readonly oneshotSamples: number[] = [];
  private readonly paused: TrainingJob[] = [];
  private readonly queue: Estimate[] = [];
  private readonly epochs: EpochRecord[] = [];
  private readonly progress: ProgressRecord[] = [];
  private readonly events: TaskEvent[] = [];
  private available: number[] = [];
  /** The current region's membership by architecture. */
  private region: Uint8Array = new Uint8Array(0);
  private path: readonly PathStep[] = [];
  private regionSize = 0;
  private proposalSampleCount = -1;
  private samplingGpus = 0;
  private estimates = 0;
  private epochEstimates = 0;
  private pausedOrder = 0;
  private estimateOrder = 0;
  private preemptions = 0;
  private bootstrapping = true;
  private usedSampling = false;
  private readonly rowOf: Int32Array;
  private readonly estimateRowOf: Int32Array;

  constructor(
    private readonly setup: SimulationSetup,
    private readonly policy: Policy,
  ) {
    const { scenario, space } = setup;
    this.random = new Random(scenario.seed);
    this.ledger = new Ledger(setup.carbon, scenario.power);
    this.gpus = Array.from({ length: scenario.gpus }, (_, id) => ({
      id,
      role: 'evaluation' as const,
      task: undefined,
      startS: setup.startS,
      finishS: Infinity,
      accountedS: setup.startS,
    }));
    const lamooOptions = {
      ...DEFAULT_LAMOO_OPTIONS,
      cp: scenario.lamoo.cp,
      leafSize: scenario.lamoo.leafSize,
      maxDepth: scenario.lamoo.maxDepth,
      excludeTwins: scenario.lamoo.excludeTwins,
      classifier: scenario.lamoo.kernel === 'rbf' ? RBF_SVM_OPTIONS : DEFAULT_LAMOO_OPTIONS.classifier,
      backend: setup.backend,
      cacheKey: treeCacheKey(setup, policy.searchesOnEstimates === true),
    };
    const searchSet = policy.searchesOnEstimates === true ? setup.estimated : setup.objectives;
    this.optimizer = new LamooOptimizer(space, searchSet, setup.reference, lamooOptions);
    this.taken = new Uint8Array(space.size);
    for (let architecture = 0; architecture < space.size; architecture++) {
      if (setup.candidate[architecture] === 0) this.taken[architecture] = 1;
    }
    this.rowOf = rowIndex(space.size, setup.objectives.indices);
    this.estimateRowOf = rowIndex(space.size, setup.estimated.indices);
  }

  run(): RunOutcome {
    const { scenario, startS, endS } = this.setup;
    const epochS = scenario.epochHours * SECONDS_PER_HOUR;
    this.startBootstrap();
    let nextEpochS = Infinity;
    let timeS = startS;
    for (;;) {
      const nextFinishS = Math.min(...this.gpus.map((gpu) => gpu.finishS));
      timeS = Math.min(nextFinishS, nextEpochS, endS);
      this.account(timeS);
      this.completeTasksAt(timeS);
      if (timeS >= endS) break;
      if (this.bootstrapping && this.paused.length === 0 && this.gpus.every((gpu) => gpu.task === undefined)) {
        this.bootstrapping = false;
        nextEpochS = timeS;
      }
      if (timeS === nextEpochS) {
        this.decideEpoch(timeS);
        nextEpochS = timeS + epochS;
      }
      this.dispatch(timeS);
    }
    const abandonedTrainings = this.abandonAll(endS);
    const finishS = this.policy.searchesOnEstimates === true ? this.trainPredictedFront(endS) : endS;
    return {
      policy: this.policy.name,
      ledger: this.ledger,
      epochs: this.epochs,
      progress: this.progress,
      events: this.events,
      trained: this.trained,
      estimates: this.estimates,
      preemptions: this.preemptions,
      abandonedTrainings,
      finishS,
      usedSampling: this.usedSampling,
    };
  }

  // --- tasks -------------------------------------------------------------------------------

  private startBootstrap(): void {
    const { scenario, startS } = this.setup;
    this.available = [];
    for (let architecture = 0; architecture < this.taken.length; architecture++) {
      if (this.taken[architecture] === 0) this.available.push(architecture);
    }
    for (let k = 0; k < scenario.initialSamples; k++) {
      const architecture = this.drawAvailable()!;
      this.paused.push({ architecture, remainingS: this.setup.trainingS[architecture]!, pausedOrder: this.pausedOrder++ });
    }
    // Bootstrap jobs are not resumptions: no overhead, taken in drawing order.
    for (const gpu of this.gpus) {
      const job = this.paused.shift();
      if (job === undefined) break;
      this.startTask(gpu, { kind: 'training', job }, startS, job.remainingS);
    }
  }

  private log(gpu: Gpu, kind: TaskEvent['kind'], task: Task, timeS: number): void {
    const architecture = task.kind === 'training' ? task.job.architecture : task.architecture;
    this.events.push({ timeS, gpu: gpu.id, kind, task: task.kind, architecture });
  }

  private startTask(gpu: Gpu, task: Task, timeS: number, durationS: number): void {
    this.log(gpu, 'start', task, timeS);
    gpu.task = task;
    gpu.startS = timeS;
    gpu.finishS = timeS + durationS;
  }

  private stopTask(gpu: Gpu): void {
    gpu.task = undefined;
    gpu.finishS = Infinity;
  }

  /** Charges every GPU up to `timeS` for what it has been doing. */
  private account(timeS: number): void {
    for (const gpu of this.gpus) {
      this.ledger.charge(activityOf(gpu), gpu.accountedS, timeS);
      gpu.accountedS = timeS;
    }
  }

  private completeTasksAt(timeS: number): void {
    for (const gpu of this.gpus) {
      if (gpu.task === undefined || gpu.finishS !== timeS) continue;
      const task = gpu.task;
      this.log(gpu, 'finish', task, timeS);
      this.stopTask(gpu);
      if (task.kind === 'training') this.recordTrained(task.job.architecture, timeS);
      else this.recordEstimate(task.architecture);
    }
  }

  private recordTrained(architecture: number, timeS: number): void {
    const { objectives, frontHv, reference, backend } = this.setup;
    const dim = objectives.points.dim;
    const row = this.rowOf[architecture]!;
    this.trained.push(architecture);
    for (let j = 0; j < dim; j++) this.trainedValues.push(objectives.points.values[row * dim + j]!);
    const points = { values: Float64Array.from(this.trainedValues), n: this.trained.length, dim };
    const hv = hypervolume(points, reference, { maximise: objectives.maximise, backend });
    const total = this.ledger.total(this.setup.scenario.accounting);
    this.progress.push({
      timeS,
      architecture,
      trainings: this.trained.length,
      hv,
      hvNormalized: hv / frontHv,
      carbonKg: total.carbonKg,
      energyKwh: total.energyKwh,
    });
  }

  private recordEstimate(architecture: number): void {
    this.estimates++;
    if (this.policy.searchesOnEstimates === true) {
      this.oneshotSamples.push(architecture);
      return;
    }
    this.queue.push({ architecture, values: this.estimatedMinimisation(architecture), order: this.estimateOrder++ });
  }

  private estimatedMinimisation(architecture: number): number[] {
    const { estimated } = this.setup;
    const dim = estimated.points.dim;
    const row = this.estimateRowOf[architecture]!;
    return Array.from({ length: dim }, (_, j) => {
      const value = estimated.points.values[row * dim + j]!;
      return estimated.maximise[j] ? -value : value;
    });
  }

  // --- decision epochs ---------------------------------------------------------------------

  private decideEpoch(timeS: number): void {
    const { scenario, startS, endS, carbon } = this.setup;
    this.refreshProposal();
    const intensityGPerKwh = intensityAt(this.setup.trace, timeS);
    const context: PolicyContext = { timeS, intensityGPerKwh, searchStartS: startS, searchEndS: endS, carbon, random: this.random };
    let share: number;
    try {
      share = this.policy.samplingShare(context);
    } catch (error) {
      throw new InputError(`policy ${this.policy.name}: samplingShare threw at ${isoSeconds(timeS)}: ${(error as Error).message}`);
    }
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
      throw new InputError(`policy ${this.policy.name}: samplingShare returned ${String(share)} at ${isoSeconds(timeS)}; it must be a number in [0, 1]`);
    }
    const split = splitGpus(scenario.gpus, share);
    this.samplingGpus = split.samplingGpus;
    this.epochEstimates = 0;
    this.assignRoles(split.evaluationGpus, timeS);
    const total = this.ledger.total(scenario.accounting);
    this.epochs.push({
      timeS,
      intensityGPerKwh,
      samplingShare: share,
      samplingGpus: split.samplingGpus,
      evaluationGpus: split.evaluationGpus,
      trainedSoFar: this.trained.length,
      paused: this.paused.length,
      queued: this.queue.length,
      regionSize: this.regionSize,
      carbonKg: total.carbonKg,
      energyKwh: total.energyKwh,
    });
  }

  /** Rebuilds the tree and region when the sample set changed since the last epoch. */
  private refreshProposal(): void {
    const samples = this.policy.searchesOnEstimates === true ? [...this.trained, ...this.oneshotSamples] : this.trained;
    if (samples.length === this.proposalSampleCount) return;
    this.proposalSampleCount = samples.length;
    const proposal = this.optimizer.selectRegion(samples, this.random);
    this.path = proposal.path;
    this.setRegion(proposal.regionMask);
  }

  private setRegion(mask: Uint8Array): void {
    this.region = mask;
    this.available = [];
    this.regionSize = 0;
    for (let architecture = 0; architecture < mask.length; architecture++) {
      if (mask[architecture] !== 1) continue;
      this.regionSize++;
      if (this.taken[architecture] === 0) this.available.push(architecture);
    }
  }

  /** A uniformly random untaken architecture of the region, widening an exhausted region. */
  private drawAvailable(): number | undefined {
    while (this.available.length === 0 && this.path.length > 0) {
      this.path = this.path.slice(0, -1);
      this.setRegion(this.optimizer.regionMask(this.path));
    }
    if (this.available.length === 0) return undefined;
    const k = this.random.int(this.available.length);
    const architecture = this.available[k]!;
    this.available[k] = this.available[this.available.length - 1]!;
    this.available.pop();
    this.markTaken(architecture);
    return architecture;
  }

  private markTaken(architecture: number): void {
    this.taken[architecture] = 1;
    if (!this.setup.scenario.lamoo.excludeTwins) return;
    for (const twin of this.setup.space.isomorphicTwins(architecture)) this.taken[twin] = 1;
    // Twins still listed as available are skipped lazily by filtering here.
    this.available = this.available.filter((candidate) => this.taken[candidate] === 0);
  }

  private assignRoles(evaluationGpus: number, timeS: number): void {
    const training = this.gpus
      .filter((gpu) => gpu.task?.kind === 'training')
      .sort((a, b) => a.finishS - b.finishS || a.id - b.id);
    for (const gpu of training.slice(evaluationGpus)) {
      const job = (gpu.task as { job: TrainingJob }).job;
      job.remainingS = gpu.finishS - timeS;
      this.paused.push({ ...job, pausedOrder: this.pausedOrder++ });
      this.preemptions++;
      this.log(gpu, 'pause', gpu.task!, timeS);
      this.stopTask(gpu);
    }
    const kept = new Set(training.slice(0, evaluationGpus));
    for (const gpu of kept) gpu.role = 'evaluation';
    // Idle GPUs become evaluators before sampling ones, whose estimate is then cut short.
    const others = this.gpus
      .filter((gpu) => !kept.has(gpu))
      .sort((a, b) => Number(a.task !== undefined) - Number(b.task !== undefined) || a.id - b.id);
    others.forEach((gpu, k) => {
      gpu.role = k < evaluationGpus - kept.size ? 'evaluation' : 'sampling';
      if (gpu.role === 'evaluation' && gpu.task?.kind === 'sampling') {
        this.log(gpu, 'cancel', gpu.task, timeS);
        this.release(gpu.task.architecture);
        this.stopTask(gpu);
      }
    });
  }

  /** Returns an architecture drawn for a task that did not happen. */
  private release(architecture: number): void {
    this.taken[architecture] = 0;
    if (this.region[architecture] === 1) this.available.push(architecture);
  }

  // --- dispatch ----------------------------------------------------------------------------

  private dispatch(timeS: number): void {
    if (this.bootstrapping) {
      for (const gpu of this.gpus) {
        if (gpu.task !== undefined) continue;
        const job = this.paused.shift();
        if (job === undefined) break;
        this.startTask(gpu, { kind: 'training', job }, timeS, job.remainingS);
      }
      return;
    }
    for (const gpu of this.gpus) {
      if (gpu.task !== undefined) continue;
      if (gpu.role === 'evaluation') this.startEvaluation(gpu, timeS);
      else this.startSampling(gpu, timeS);
    }
  }

  private startEvaluation(gpu: Gpu, timeS: number): void {
    const { scenario, trainingS } = this.setup;
    if (this.paused.length > 0) {
      let best = 0;
      for (let k = 1; k < this.paused.length; k++) {
        const job = this.paused[k]!;
        const incumbent = this.paused[best]!;
        if (job.remainingS < incumbent.remainingS || (job.remainingS === incumbent.remainingS && job.pausedOrder < incumbent.pausedOrder)) best = k;
      }
      const [job] = this.paused.splice(best, 1) as [TrainingJob];
      job.remainingS += scenario.training.resumeOverheadS;
      this.startTask(gpu, { kind: 'training', job }, timeS, job.remainingS);
      return;
    }
    let architecture: number | undefined;
    if (this.queue.length > 0) architecture = this.queue.splice(leastDominated(this.queue), 1)[0]!.architecture;
    else if (this.samplingGpus === 0) architecture = this.drawAvailable();
    if (architecture === undefined) return;
    const job = { architecture, remainingS: trainingS[architecture]!, pausedOrder: -1 };
    this.startTask(gpu, { kind: 'training', job }, timeS, job.remainingS);
  }

  private startSampling(gpu: Gpu, timeS: number): void {
    const { scenario, samplingS } = this.setup;
    const inFlight = this.gpus.filter((other) => other.task?.kind === 'sampling').length;
    if (this.policy.searchesOnEstimates === true) {
      if (this.epochEstimates >= scenario.sampling.oneshotBatch) return;
      this.epochEstimates++;
    } else if (this.queue.length + inFlight >= scenario.sampling.queueCapacity) {
      return;
    }
    const architecture = this.drawAvailable();
    if (architecture === undefined) return;
    this.usedSampling = true;
    this.startTask(gpu, { kind: 'sampling', architecture }, timeS, samplingS[architecture]!);
  }

  // --- the end -----------------------------------------------------------------------------

  private abandonAll(endS: number): number {
    let abandoned = this.paused.length;
    this.paused.length = 0;
    for (const gpu of this.gpus) {
      if (gpu.task?.kind === 'training') abandoned++;
      if (gpu.task !== undefined) {
        this.log(gpu, 'abandon', gpu.task, endS);
        this.stopTask(gpu);
      }
      gpu.accountedS = endS;
    }
    return abandoned;
  }

  /** One-shot LaMOO's last step: train its estimated front on all GPUs; returns the end. */
  private trainPredictedFront(endS: number): number {
    const { trainingS, trace } = this.setup;
    const sampled = [...this.trained, ...this.oneshotSamples];
    const estimatedRows = sampled.map((architecture) => this.estimatedMinimisation(architecture));
    const dim = this.setup.estimated.points.dim;
    const ranks = paretoRanks(
      { values: Float64Array.from(estimatedRows.flat()), n: estimatedRows.length, dim },
      { backend: this.setup.backend },
    );
    const trainedAlready = new Set(this.trained);
    const front = sampled.filter((architecture, k) => ranks[k] === 0 && !trainedAlready.has(architecture));
    let timeS = endS;
    for (const architecture of front) {
      this.paused.push({ architecture, remainingS: trainingS[architecture]!, pausedOrder: this.pausedOrder++ });
    }
    this.bootstrapping = true; // every GPU takes the next job, as in the bootstrap
    this.dispatch(timeS);
    while (this.gpus.some((gpu) => gpu.task !== undefined)) {
      timeS = Math.min(...this.gpus.map((gpu) => gpu.finishS));
      if (timeS > trace.endS) {
        throw new InputError(`trace ${trace.name} ends at ${isoSeconds(trace.endS)}, before one-shot LaMOO's final trainings finish`);
      }
      this.account(timeS);
      this.completeTasksAt(timeS);
      this.dispatch(timeS);
    }
    return timeS;
  }
}

/**
 * What a LaMOO tree depends on besides its samples: the objective values searched on (true,
 * or estimated, whose noise follows the seed), the reference point and the LaMOO settings.
 * Runs with equal keys share trees (see `LamooOptions.cacheKey`).
 */
function treeCacheKey(setup: SimulationSetup, onEstimates: boolean): string {
  const { objectives, sampling, lamoo, seed } = setup.scenario;
  const estimate = onEstimates ? { estimate: sampling.estimate, ...(sampling.estimate === 'noisy' ? { tau: sampling.noisyKendallTau, seed } : {}) } : {};
  return JSON.stringify({ objectives, estimate, reference: setup.reference, lamoo });
}

function activityOf(gpu: Gpu): GpuActivity {
  return gpu.task === undefined ? 'idle' : gpu.task.kind;
}

function rowIndex(size: number, indices: Int32Array): Int32Array {
  const rowOf = new Int32Array(size).fill(-1);
  indices.forEach((architecture, row) => (rowOf[architecture] = row));
  return rowOf;
}

/** Index of the queued estimate dominated by the fewest others (earliest on ties). */
function leastDominated(queue: readonly Estimate[]): number {
  let best = -1;
  let bestCount = Infinity;
  queue.forEach((candidate, k) => {
    const count = queue.filter((other) => other !== candidate && weaklyDominatesMin(other.values, candidate.values)).length;
    if (count < bestCount || (count === bestCount && candidate.order < queue[best]!.order)) {
      best = k;
      bestCount = count;
    }
  });
  return best;
}

/** Runs one policy on a scenario. */
export function runSearch(setup: SimulationSetup, policy: Policy): RunOutcome {
  return new SearchRun(setup, policy).run();
}
