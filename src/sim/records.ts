/**
 * What a run records: decision epochs, the state after each training, the task event log
 * and every GPU interval (the log an independent check recomputes energy and carbon from).
 */

import type { GpuActivity } from '../../spec/index.js';
import type { Ledger } from './ledger.js';

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

/**
 * One GPU doing one thing without interruption. The intervals of all GPUs tile the run
 * [runStartS, finishS] with no gap or overlap; `architecture` is −1 for idle and supernet.
 */
export interface GpuInterval {
  readonly gpu: number;
  readonly activity: GpuActivity;
  readonly startS: number;
  readonly endS: number;
  readonly architecture: number;
}

export interface RunOutcome {
  readonly policy: string;
  readonly ledger: Ledger;
  readonly epochs: readonly EpochRecord[];
  readonly progress: readonly ProgressRecord[];
  readonly events: readonly TaskEvent[];
  readonly intervals: readonly GpuInterval[];
  readonly trained: readonly number[];
  readonly estimates: number;
  readonly preemptions: number;
  readonly abandonedTrainings: number;
  /** When the run's GPUs were first held: the search start, or earlier when a supernet was trained. */
  readonly runStartS: number;
  /** When the last GPU was released: the time budget's end, or when the carbon budget was spent. */
  readonly finishS: number;
  /** Which budget ended the search. */
  readonly endedBy: 'time' | 'carbon';
  readonly usedSampling: boolean;
}
