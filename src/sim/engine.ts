/**
 * The discrete-event engine of one simulated search (MODEL.md §2–§5). Events are training
 * and sampling completions, decision epochs and the end of the search; carbon is charged
 * exactly between events (trace rows are split by the integrator, so they need no events).
 * The GPUs and their logs are in gpu-pool.ts, the architectures still to draw in
 * candidates.ts, one-shot LaMOO's end game in oneshot.ts.
 *
 * Rules decided here, where the paper and reference code are silent or flawed:
 * - Bootstrap: the initial architectures (drawn first from the run's RNG, so every policy
 *   starts alike) train on all GPUs from the start; decision epochs begin when the last one
 *   finishes and recur every `epochHours` until the budget ends.
 * - At the same instant, completions are processed first (in GPU order), then the epoch.
 * - Each epoch the policy's λs is split by the scenario's allocation rule (reference
 *   rounding, at least `allocation.minEvaluationGpus` evaluating).
 * - Preemption: when an epoch leaves fewer evaluation GPUs than running trainings, those
 *   with the most work left are paused, progress kept; paused trainings resume first (least
 *   work left first) on any evaluation GPU, after `resumeOverheadS`.
 * - Evaluation GPUs take, in order: a paused training; the queued estimate dominated by the
 *   fewest other queued estimates (earliest queued on ties); a random region member when
 *   no GPU samples this epoch; otherwise they wait for the next estimate.
 * - Sampling GPUs estimate random region members while queued plus in-flight estimates
 *   are below the queue capacity; otherwise they idle.
 * - Every held GPU with no task draws idle power; GPUs are held from the start (or the
 *   supernet's training before it) to the end of the budget.
 * - A region with no architecture left is widened by dropping the path's last step.
 * - No architecture is drawn twice (nor an isomorphic twin, when the scenario says so); an
 *   estimate cut short gives its architecture and twins back.
 * - At the end of the budget, unfinished trainings are abandoned (their energy is charged).
 *   With a carbon budget (`carbonBudgetKg`) the search also ends the instant it is spent
 *   (carbon-budget.ts); one-shot LaMOO then switches to training its front while an estimate
 *   of that training's carbon still fits.
 * - One-shot LaMOO (`searchesOnEstimates`): all its GPUs estimate region members, which join
 *   its sample set with their estimated objectives, until its sample budget
 *   (`lamoo.maxSamples`) is spent or its estimated front's training would no longer fit in
 *   the budget (oneshot.ts); then in-flight estimates are cancelled and the front trains,
 *   longest first, on all GPUs, within the budget.
 * - A supernet estimator's one-off training runs on all GPUs just before the search start
 *   (`supernet` intervals), charged to runs that sampled.
 */

import { intensityAt, isoSeconds } from '../carbon/trace.js';
import { InputError } from '../errors.js';
import { hypervolume } from '../pareto.js';
import { Random } from '../random.js';
import { type ArchitectureSource, LamooSource } from './candidates.js';
import { type CarbonBudget, carbonBudgetFor } from './carbon-budget.js';
import { type Gpu, GpuPool, type TrainingJob } from './gpu-pool.js';
import { Ledger } from './ledger.js';
import { type Estimate, leastDominated, rowIndex } from './estimate-queue.js';
import { EstimatedFront } from './oneshot.js';
import { type Policy, type PolicyContext, splitFor } from './policies.js';
import type { EpochRecord, ProgressRecord, RunOutcome } from './records.js';
import type { SimulationSetup } from './setup.js';
import { chargeSupernet } from './supernet.js';
import { SECONDS_PER_HOUR } from '../units.js';

export type { EpochRecord, GpuInterval, ProgressRecord, RunOutcome, TaskEvent } from './records.js';

type Phase = 'bootstrap' | 'search' | 'oneshot-training';

export class SearchRun {
  private readonly random: Random;
  private readonly ledger: Ledger;
  private readonly pool: GpuPool;
  private readonly trained: number[] = [];
  private readonly trainedValues: number[] = [];
  private readonly oneshotSamples: number[] = [];
  private readonly oneshotFront: EstimatedFront | undefined;
  /** Trainings waiting for a GPU: paused ones, the bootstrap's and one-shot's final front. */
  private readonly waiting: TrainingJob[] = [];
  private readonly queue: Estimate[] = [];
  private readonly epochs: EpochRecord[] = [];
  private readonly progress: ProgressRecord[] = [];
  private phase: Phase = 'bootstrap';
  private samplingGpus = 0;
  private estimates = 0;
  private pausedOrder = 0;
  private estimateOrder = 0;
  private preemptions = 0;
  private usedSampling = false;
  private readonly rowOf: Int32Array;
  private readonly estimateRowOf: Int32Array;
  private readonly longestSamplingS: number;
  private readonly budget: CarbonBudget | undefined;

  constructor(
    private readonly setup: EngineSetup,
    private readonly policy: Policy,
    private readonly candidates: ArchitectureSource,
  ) {
    const { scenario } = setup;
    const size = setup.candidate.length;
    const onEstimates = policy.searchesOnEstimates === true;
    this.random = new Random(scenario.seed);
    this.ledger = new Ledger(setup.carbon, setup.power);
    this.pool = new GpuPool(scenario.gpus, setup.startS, this.ledger);
    this.rowOf = rowIndex(size, setup.objectives.indices);
    this.estimateRowOf = rowIndex(size, setup.estimated.indices);
    this.oneshotFront = onEstimates ? new EstimatedFront(setup.trainingS, scenario.gpus, (architecture) => this.trained.includes(architecture)) : undefined;
    let longest = 0;
    for (let architecture = 0; architecture < size; architecture++) {
      if (setup.candidate[architecture] === 1) longest = Math.max(longest, setup.samplingS[architecture]!);
    }
    this.longestSamplingS = longest;
    this.budget = carbonBudgetFor(setup);
  }

  run(): RunOutcome {
    const { scenario, startS, endS } = this.setup;
    const epochS = scenario.epochHours * SECONDS_PER_HOUR;
    this.startBootstrap();
    let nextEpochS = Infinity;
    let nowS = startS;
    let stopS = endS;
    for (;;) {
      const timeS = Math.min(this.pool.nextFinishS(), nextEpochS, endS);
      const exhaustedS = this.budget?.exhaustedAtS(nowS, this.pool, this.ledger, this.usedSampling) ?? Infinity;
      if (exhaustedS < timeS) {
        // The carbon budget runs out before the next event: the search ends there.
        stopS = exhaustedS;
        this.pool.account(stopS);
        break;
      }
      this.pool.account(timeS);
      nowS = timeS;
      this.completeTasksAt(timeS);
      if (timeS >= endS) break;
      if (this.phase === 'bootstrap' && this.waiting.length === 0 && this.pool.isIdle()) {
        this.phase = 'search';
        nextEpochS = timeS;
      }
      if (timeS === nextEpochS) {
        this.decideEpoch(timeS);
        nextEpochS = timeS + epochS;
      }
      this.dispatch(timeS);
    }
    const abandonedTrainings = this.abandonAll(stopS);
    this.pool.closeAll(stopS);
    const supernet = chargeSupernet(this.setup, this.ledger, this.pool.gpus.length, this.usedSampling);
    return {
      policy: this.policy.name,
      ledger: this.ledger,
      epochs: supernet.offset(this.epochs),
      progress: supernet.offset(this.progress),
      events: this.pool.events,
      intervals: [...supernet.intervals, ...this.pool.intervals],
      trained: this.trained,
      estimates: this.estimates,
      preemptions: this.preemptions,
      abandonedTrainings,
      runStartS: startS - supernet.durationS,
      finishS: stopS,
      endedBy: stopS < endS ? 'carbon' : 'time',
      usedSampling: this.usedSampling,
    };
  }

  // --- tasks -------------------------------------------------------------------------------

  private startBootstrap(): void {
    for (let k = 0; k < this.setup.scenario.initialSamples; k++) {
      const architecture = this.candidates.draw(this.random)!;
      this.waiting.push({ architecture, remainingS: this.setup.trainingS[architecture]!, pausedOrder: this.pausedOrder++ });
    }
    this.dispatchWaitingInOrder(this.setup.startS);
  }

  private completeTasksAt(timeS: number): void {
    for (const gpu of this.pool.gpus) {
      if (gpu.task === undefined || gpu.finishS !== timeS) continue;
      const task = this.pool.stop(gpu, 'finish', timeS);
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
    if (this.oneshotFront !== undefined && this.phase === 'bootstrap') this.oneshotFront.add(architecture, this.estimatedMinimisation(architecture));
  }

  private recordEstimate(architecture: number): void {
    this.estimates++;
    const values = this.estimatedMinimisation(architecture);
    if (this.oneshotFront !== undefined) {
      this.oneshotSamples.push(architecture);
      this.oneshotFront.add(architecture, values);
      return;
    }
    this.queue.push({ architecture, values, order: this.estimateOrder++ });
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
    const { scenario } = this.setup;
    const intensityGPerKwh = intensityAt(this.setup.trace, timeS);
    let share = 0;
    let split = { samplingGpus: 0, evaluationGpus: scenario.gpus };
    if (this.phase === 'search') {
      this.refreshProposal();
      share = this.askPolicy(timeS, intensityGPerKwh);
      split = splitFor(this.policy, scenario.gpus, share, scenario.allocation);
    }
    this.samplingGpus = split.samplingGpus;
    this.assignRoles(split.evaluationGpus, timeS);
    const total = this.ledger.total(scenario.accounting);
    this.epochs.push({
      timeS,
      intensityGPerKwh,
      samplingShare: share,
      samplingGpus: split.samplingGpus,
      evaluationGpus: split.evaluationGpus,
      trainedSoFar: this.trained.length,
      paused: this.waiting.length,
      queued: this.queue.length,
      regionSize: this.candidates.regionSize,
      carbonKg: total.carbonKg,
      energyKwh: total.energyKwh,
    });
  }

  private askPolicy(timeS: number, intensityGPerKwh: number): number {
    const { startS, endS, carbon } = this.setup;
    const { queueCapacity } = this.setup.scenario.sampling;
    const search = { trainings: this.trained.length, hvNormalized: this.progress.at(-1)?.hvNormalized ?? 0, queued: this.queue.length, queueCapacity };
    const context: PolicyContext = { timeS, intensityGPerKwh, searchStartS: startS, searchEndS: endS, carbon, random: this.random, search };
    let share: number;
    try {
      share = this.policy.samplingShare(context);
    } catch (error) {
      throw new InputError(`policy ${this.policy.name}: samplingShare threw at ${isoSeconds(timeS)}: ${(error as Error).message}`);
    }
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
      throw new InputError(`policy ${this.policy.name}: samplingShare returned ${String(share)} at ${isoSeconds(timeS)}; it must be a number in [0, 1]`);
    }
    return share;
  }

  /** Lets the source re-partition the space (LaMOO rebuilds its tree when the samples changed). */
  private refreshProposal(): void {
    const samples = this.oneshotFront !== undefined ? [...this.trained, ...this.oneshotSamples] : this.trained;
    this.candidates.refresh(samples, this.random);
  }

  private assignRoles(evaluationGpus: number, timeS: number): void {
    const training = this.pool.gpus.filter((gpu) => gpu.task?.kind === 'training').sort((a, b) => a.finishS - b.finishS || a.id - b.id);
    for (const gpu of training.slice(evaluationGpus)) {
      const job = (gpu.task as { job: TrainingJob }).job;
      job.remainingS = gpu.finishS - timeS;
      this.pool.stop(gpu, 'pause', timeS);
      this.waiting.push({ ...job, pausedOrder: this.pausedOrder++ });
      this.preemptions++;
    }
    const kept = new Set(training.slice(0, evaluationGpus));
    for (const gpu of kept) gpu.role = 'evaluation';
    // Idle GPUs become evaluators before sampling ones, whose estimate is then cut short.
    const others = this.pool.gpus.filter((gpu) => !kept.has(gpu)).sort((a, b) => Number(a.task !== undefined) - Number(b.task !== undefined) || a.id - b.id);
    others.forEach((gpu, k) => {
      gpu.role = k < evaluationGpus - kept.size ? 'evaluation' : 'sampling';
      if (gpu.role === 'evaluation' && gpu.task?.kind === 'sampling') this.cancelSampling(gpu, timeS);
    });
  }

  private cancelSampling(gpu: Gpu, timeS: number): void {
    const task = this.pool.stop(gpu, 'cancel', timeS);
    if (task.kind === 'sampling') this.candidates.release(task.architecture);
  }

  // --- dispatch ----------------------------------------------------------------------------

  private dispatch(timeS: number): void {
    if (this.phase === 'search' && this.oneshotFront !== undefined && this.oneshotShouldTrain(timeS)) this.startOneshotTraining(timeS);
    if (this.phase !== 'search') {
      this.dispatchWaitingInOrder(timeS);
      return;
    }
    for (const gpu of this.pool.gpus) {
      if (gpu.task !== undefined) continue;
      if (gpu.role === 'evaluation') this.startEvaluation(gpu, timeS);
      else this.startSampling(gpu, timeS);
    }
  }

  /** Bootstrap and one-shot's final front: every free GPU takes the next waiting job in order. */
  private dispatchWaitingInOrder(timeS: number): void {
    for (const gpu of this.pool.gpus) {
      if (gpu.task !== undefined) continue;
      const job = this.waiting.shift();
      if (job === undefined) break;
      this.pool.start(gpu, { kind: 'training', job }, timeS, job.remainingS);
    }
  }

  private startEvaluation(gpu: Gpu, timeS: number): void {
    const { scenario, trainingS } = this.setup;
    if (this.waiting.length > 0) {
      let best = 0;
      for (let k = 1; k < this.waiting.length; k++) {
        const job = this.waiting[k]!;
        const incumbent = this.waiting[best]!;
        if (job.remainingS < incumbent.remainingS || (job.remainingS === incumbent.remainingS && job.pausedOrder < incumbent.pausedOrder)) best = k;
      }
      const [job] = this.waiting.splice(best, 1) as [TrainingJob];
      job.remainingS += scenario.training.resumeOverheadS;
      this.pool.start(gpu, { kind: 'training', job }, timeS, job.remainingS);
      return;
    }
    let architecture: number | undefined;
    if (this.queue.length > 0) architecture = this.queue.splice(leastDominated(this.queue), 1)[0]!.architecture;
    else if (this.samplingGpus === 0) architecture = this.candidates.draw(this.random);
    if (architecture === undefined) return;
    const job = { architecture, remainingS: trainingS[architecture]!, pausedOrder: -1 };
    this.pool.start(gpu, { kind: 'training', job }, timeS, job.remainingS);
  }

  private startSampling(gpu: Gpu, timeS: number): void {
    const { scenario, samplingS } = this.setup;
    if (this.oneshotFront === undefined && this.queue.length + this.pool.count('sampling') >= scenario.sampling.queueCapacity) return;
    if (this.oneshotFront !== undefined && this.trained.length + this.oneshotSamples.length + this.pool.count('sampling') >= scenario.lamoo.maxSamples) return;
    const architecture = this.candidates.draw(this.random);
    if (architecture === undefined) return;
    this.usedSampling = true;
    this.pool.start(gpu, { kind: 'sampling', architecture }, timeS, samplingS[architecture]!);
  }

  // --- one-shot LaMOO's end game -----------------------------------------------------------

  /** True once one more estimate would leave too little time to train the estimated front. */
  private oneshotShouldTrain(timeS: number): boolean {
    const front = this.oneshotFront!;
    if (timeS + this.longestSamplingS + front.trainingMakespanS() >= this.setup.endS) return true;
    if (this.budget?.frontWouldExceed(front.trainingMakespanS(), intensityAt(this.setup.trace, timeS), this.ledger, true) === true) return true;
    // Its sample budget is spent once the estimates in flight are in.
    const samples = this.trained.length + this.oneshotSamples.length;
    if (samples >= this.setup.scenario.lamoo.maxSamples) return this.pool.count('sampling') === 0;
    // Nothing left to estimate and nothing in flight: train now.
    return this.pool.count('sampling') === 0 && this.pool.gpus.some((gpu) => gpu.task === undefined) && !this.candidates.hasLeft();
  }

  private startOneshotTraining(timeS: number): void {
    this.phase = 'oneshot-training';
    for (const gpu of this.pool.gpus) if (gpu.task?.kind === 'sampling') this.cancelSampling(gpu, timeS);
    for (const architecture of this.oneshotFront!.toTrain()) {
      this.waiting.push({ architecture, remainingS: this.setup.trainingS[architecture]!, pausedOrder: this.pausedOrder++ });
    }
  }

  // --- the end -----------------------------------------------------------------------------

  private abandonAll(endS: number): number {
    let abandoned = this.waiting.length;
    this.waiting.length = 0;
    for (const gpu of this.pool.gpus) {
      if (gpu.task?.kind === 'training') abandoned++;
      if (gpu.task !== undefined) this.pool.stop(gpu, 'abandon', endS);
    }
    return abandoned;
  }
}

/** What the engine needs of a setup: the search space itself only matters to LaMOO's source. */
export type EngineSetup = Omit<SimulationSetup, 'space'>;

/** Runs one policy on a scenario, with LaMOO choosing the architectures. */
export function runSearch(setup: SimulationSetup, policy: Policy): RunOutcome {
  return new SearchRun(setup, policy, new LamooSource(setup, policy.searchesOnEstimates === true)).run();
}

/** Runs one policy with the architectures drawn from `source` (a scripted search). */
export function runWithSource(setup: EngineSetup, policy: Policy, source: ArchitectureSource): RunOutcome {
  return new SearchRun(setup, policy, source).run();
}
