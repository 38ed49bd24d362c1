/**
 * The GPUs a search holds: what each is doing, the event log of its tasks, the ledger it is
 * charged to and the interval log (one row per uninterrupted activity). Every held GPU is
 * charged all the time: busy at P_busy, with no task at P_idle (MODEL.md §3).
 */

import type { GpuActivity } from '../../spec/index.js';
import type { Ledger } from './ledger.js';
import type { GpuInterval, TaskEvent } from './records.js';

export interface TrainingJob {
  readonly architecture: number;
  /** Work left when the current stint started (or when paused), s. */
  remainingS: number;
  readonly pausedOrder: number;
}

export type Task = { readonly kind: 'training'; readonly job: TrainingJob } | { readonly kind: 'sampling'; readonly architecture: number };

export interface Gpu {
  readonly id: number;
  role: 'sampling' | 'evaluation';
  task: Task | undefined;
  finishS: number;
  /** Charged to the ledger up to here. */
  accountedS: number;
  /** Start of the interval in progress (its activity is the task's, or idle). */
  intervalStartS: number;
}

export function taskArchitecture(task: Task): number {
  return task.kind === 'training' ? task.job.architecture : task.architecture;
}

export function activityOf(gpu: Gpu): GpuActivity {
  return gpu.task === undefined ? 'idle' : gpu.task.kind;
}

export class GpuPool {
  readonly gpus: Gpu[];
  readonly events: TaskEvent[] = [];
  readonly intervals: GpuInterval[] = [];

  constructor(
    count: number,
    startS: number,
    private readonly ledger: Ledger,
  ) {
    this.gpus = Array.from({ length: count }, (_, id) => ({
      id,
      role: 'evaluation' as const,
      task: undefined,
      finishS: Infinity,
      accountedS: startS,
      intervalStartS: startS,
    }));
  }

  /** The earliest time a task finishes (Infinity when none runs). */
  nextFinishS(): number {
    let earliest = Infinity;
    for (const gpu of this.gpus) earliest = Math.min(earliest, gpu.finishS);
    return earliest;
  }

  isIdle(): boolean {
    return this.gpus.every((gpu) => gpu.task === undefined);
  }

  count(kind: Task['kind']): number {
    return this.gpus.filter((gpu) => gpu.task?.kind === kind).length;
  }

  /** Charges every GPU up to `timeS` for what it has been doing. */
  account(timeS: number): void {
    for (const gpu of this.gpus) {
      this.ledger.charge(activityOf(gpu), gpu.accountedS, timeS);
      gpu.accountedS = timeS;
    }
  }

  start(gpu: Gpu, task: Task, timeS: number, durationS: number): void {
    this.closeInterval(gpu, timeS);
    this.log(gpu, 'start', task, timeS);
    gpu.task = task;
    gpu.finishS = timeS + durationS;
  }

  /** Ends the GPU's task at `timeS` as `kind` (finish, pause, cancel or abandon); returns it. */
  stop(gpu: Gpu, kind: Exclude<TaskEvent['kind'], 'start'>, timeS: number): Task {
    const task = gpu.task!;
    this.closeInterval(gpu, timeS);
    this.log(gpu, kind, task, timeS);
    gpu.task = undefined;
    gpu.finishS = Infinity;
    return task;
  }

  /** Closes every GPU's interval at the end of the run. */
  closeAll(endS: number): void {
    for (const gpu of this.gpus) this.closeInterval(gpu, endS);
  }

  private closeInterval(gpu: Gpu, timeS: number): void {
    if (timeS <= gpu.intervalStartS) return;
    const architecture = gpu.task === undefined ? -1 : taskArchitecture(gpu.task);
    this.intervals.push({ gpu: gpu.id, activity: activityOf(gpu), startS: gpu.intervalStartS, endS: timeS, architecture });
    gpu.intervalStartS = timeS;
  }

  private log(gpu: Gpu, kind: TaskEvent['kind'], task: Task, timeS: number): void {
    this.events.push({ timeS, gpu: gpu.id, kind, task: task.kind, architecture: taskArchitecture(task) });
  }
}
