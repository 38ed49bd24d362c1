/**
 * `schedule` (docs/conformance.md, "checking another simulator's scheduler"): a scripted
 * search replayed as a discrete-event simulation. The architectures come in the script's
 * order and each epoch's λs is given; what is computed is when each GPU trains, samples or
 * idles, what that costs over the trace, and the hypervolume after each finished training.
 *
 * Written from the section's five rules:
 * 1. bootstrap: the first `initialSamples` proposals wait in drawing order and free GPUs take
 *    them in id order; once none waits and every GPU is free, the first epoch happens, then
 *    one every `epochS` (times accumulate: t, t + epochS, (t + epochS) + epochS, …);
 * 2. at one instant: completions (GPU id order), then the epoch, then dispatch;
 * 3. an epoch keeps the first ge running trainings (by finish time, then GPU id) on their GPUs
 *    and pauses the rest; the other GPUs, free ones first and then by id, become evaluators up
 *    to ge, the rest samplers; a sampler made evaluator has its estimate cancelled and its
 *    architecture goes back to the front of the proposals;
 * 4. dispatch, GPUs in id order: an evaluator resumes the paused training with the least
 *    work left (then the lowest pause number) after `resumeOverheadS`, else trains the queued
 *    estimate weakly dominated by the fewest others (then the earliest queued), else, when
 *    this epoch has no sampling GPU, the next proposal; a sampler estimates the next proposal
 *    while queued plus in-flight estimates are below the queue's capacity;
 * 5. at `endS` everything still running or waiting is abandoned, its time charged; idle time
 *    is charged at idle power.
 *
 * Times are f64 seconds; a task's finish is start + duration and a paused training's work
 * left is finish − now (+ the overhead on resume), so that events coincide exactly when the
 * arithmetic says they do.
 */

import { hypervolume } from './hypervolume';
import { mutant, RESUME_OVERHEAD } from './mutant';

// What a GPU is doing (also the activity code in the result).
export const IDLE: i32 = 0;
export const TRAINING: i32 = 1;
export const SAMPLING: i32 = 2;

/** One replay of a scripted search; `run` fills `intervals`, `trained`, `progress`. */
export class Schedule {
  // The case.
  gpus: i32 = 0;
  startS: f64 = 0;
  endS: f64 = 0;
  epochS: f64 = 0;
  initialSamples: i32 = 0;
  capacity: i32 = 0;
  overheadS: f64 = 0;
  nearest: bool = false;
  minEvaluation: i32 = 0;
  trainingS: StaticArray<f64> = new StaticArray<f64>(0);
  samplingS: StaticArray<f64> = new StaticArray<f64>(0);
  /** Estimates and objectives, `dim` per architecture. */
  estimates: StaticArray<f64> = new StaticArray<f64>(0);
  objectives: StaticArray<f64> = new StaticArray<f64>(0);
  dim: i32 = 0;
  shares: StaticArray<f64> = new StaticArray<f64>(0);
  reference: StaticArray<f64> = new StaticArray<f64>(0);

  // The GPUs.
  task: StaticArray<i32> = new StaticArray<i32>(0);
  architecture: StaticArray<i32> = new StaticArray<i32>(0);
  finishS: StaticArray<f64> = new StaticArray<f64>(0);
  /** Start of the activity in progress. */
  sinceS: StaticArray<f64> = new StaticArray<f64>(0);
  evaluator: StaticArray<bool> = new StaticArray<bool>(0);

  /** Proposals not drawn yet, next first. */
  proposals: Array<i32> = new Array<i32>();
  /** Trainings waiting for a GPU: architecture, work left, pause number. */
  waitingArchitecture: Array<i32> = new Array<i32>();
  waitingLeftS: Array<f64> = new Array<f64>();
  waitingNumber: Array<i32> = new Array<i32>();
  pauses: i32 = 0;
  /** Finished estimates waiting for an evaluator, in queue order. */
  queued: Array<i32> = new Array<i32>();
  queuedNumber: Array<i32> = new Array<i32>();
  arrivals: i32 = 0;

  searching: bool = false;
  epochs: i32 = 0;
  samplingGpus: i32 = 0;

  // The record.
  /** gpu, activity, start, end, architecture per interval, in the order they closed. */
  intervals: Array<f64> = new Array<f64>();
  trained: Array<i32> = new Array<i32>();
  trainedObjectives: Array<f64> = new Array<f64>();
  /** time, hypervolume per finished training. */
  progress: Array<f64> = new Array<f64>();

  /** Closes the GPU's current activity at `timeS` (nothing when it lasted no time). */
  close(gpu: i32, timeS: f64): void {
    const sinceS = unchecked(this.sinceS[gpu]);
    if (!(timeS > sinceS)) return;
    const task = unchecked(this.task[gpu]);
    this.intervals.push(<f64>gpu);
    this.intervals.push(<f64>task);
    this.intervals.push(sinceS);
    this.intervals.push(timeS);
    this.intervals.push(task == IDLE ? -1.0 : <f64>unchecked(this.architecture[gpu]));
    unchecked((this.sinceS[gpu] = timeS));
  }

  start(gpu: i32, task: i32, architecture: i32, timeS: f64, durationS: f64): void {
    this.close(gpu, timeS);
    unchecked((this.task[gpu] = task));
    unchecked((this.architecture[gpu] = architecture));
    unchecked((this.finishS[gpu] = timeS + durationS));
  }

  /** Ends the GPU's task at `timeS`, whatever the reason; the GPU is then free. */
  stop(gpu: i32, timeS: f64): void {
    this.close(gpu, timeS);
    unchecked((this.task[gpu] = IDLE));
    unchecked((this.finishS[gpu] = Infinity));
  }

  busy(gpu: i32): bool {
    return unchecked(this.task[gpu]) != IDLE;
  }

  wait(architecture: i32, leftS: f64): void {
    this.waitingArchitecture.push(architecture);
    this.waitingLeftS.push(leftS);
    this.waitingNumber.push(this.pauses++);
  }

  // --- rule 2: completions ---------------------------------------------------------------

  finishTasksAt(timeS: f64): void {
    for (let gpu = 0; gpu < this.gpus; gpu++) {
      if (!this.busy(gpu) || unchecked(this.finishS[gpu]) != timeS) continue;
      const task = unchecked(this.task[gpu]);
      const architecture = unchecked(this.architecture[gpu]);
      this.stop(gpu, timeS);
      if (task == TRAINING) this.addTrained(architecture, timeS);
      else {
        this.queued.push(architecture);
        this.queuedNumber.push(this.arrivals++);
      }
    }
  }

  addTrained(architecture: i32, timeS: f64): void {
    const dim = this.dim;
    this.trained.push(architecture);
    for (let j = 0; j < dim; j++) this.trainedObjectives.push(unchecked(this.objectives[architecture * dim + j]));
    const n = this.trained.length;
    const rows = new StaticArray<f64>(n * dim);
    for (let k = 0; k < n * dim; k++) unchecked((rows[k] = this.trainedObjectives[k]));
    this.progress.push(timeS);
    this.progress.push(hypervolume(rows, n, dim, this.reference));
  }

  // --- rule 3: an epoch ------------------------------------------------------------------

  /** Evaluation GPUs for λs (MODEL.md §4's two roundings, then the minimum, capped at G). */
  evaluationGpus(share: f64): i32 {
    const total = <f64>this.gpus;
    const rounded = this.nearest ? total - Math.floor(total * share + 0.5) : Math.floor(total * (1 - share));
    return <i32>min(total, max(rounded, <f64>this.minEvaluation));
  }

  epoch(timeS: f64): void {
    const share = unchecked(this.shares[min(this.epochs, this.shares.length - 1)]);
    this.epochs++;
    const ge = this.evaluationGpus(share);
    this.samplingGpus = this.gpus - ge;

    // Running trainings by finish time, then GPU id (insertion sort: few GPUs).
    const running = new Array<i32>();
    for (let gpu = 0; gpu < this.gpus; gpu++) {
      if (unchecked(this.task[gpu]) != TRAINING) continue;
      let k = running.length;
      running.push(gpu);
      while (k > 0) {
        const other = running[k - 1];
        const earlier = unchecked(this.finishS[gpu]) < unchecked(this.finishS[other]);
        if (!earlier) break; // equal finish: the lower id (seen first) stays first
        running[k] = other;
        k--;
      }
      running[k] = gpu;
    }
    const kept = min(ge, running.length);
    const keeps = new StaticArray<bool>(this.gpus);
    for (let k = 0; k < running.length; k++) {
      const gpu = running[k];
      if (k < kept) {
        unchecked((keeps[gpu] = true));
        unchecked((this.evaluator[gpu] = true));
        continue;
      }
      const leftS = unchecked(this.finishS[gpu]) - timeS;
      const architecture = unchecked(this.architecture[gpu]);
      this.stop(gpu, timeS);
      this.wait(architecture, leftS);
    }

    // The other GPUs: free ones first, then the busy (sampling) ones, each by id.
    let roles = 0;
    for (let pass = 0; pass < 2; pass++) {
      const wantBusy = pass == 1;
      for (let gpu = 0; gpu < this.gpus; gpu++) {
        if (unchecked(keeps[gpu]) || this.busy(gpu) != wantBusy) continue;
        const evaluates = roles < ge - kept;
        roles++;
        unchecked((this.evaluator[gpu] = evaluates));
        if (evaluates && unchecked(this.task[gpu]) == SAMPLING) {
          const architecture = unchecked(this.architecture[gpu]);
          this.stop(gpu, timeS);
          this.proposals.unshift(architecture);
        }
      }
    }
  }

  // --- rule 4: dispatch ------------------------------------------------------------------

  dispatch(timeS: f64): void {
    for (let gpu = 0; gpu < this.gpus; gpu++) {
      if (this.busy(gpu)) continue;
      if (!this.searching) {
        // Bootstrap: the waiting trainings in drawing order.
        if (this.waitingArchitecture.length == 0) return;
        const architecture = this.waitingArchitecture.shift();
        const leftS = this.waitingLeftS.shift();
        this.waitingNumber.shift();
        this.start(gpu, TRAINING, architecture, timeS, leftS);
      } else if (unchecked(this.evaluator[gpu])) this.evaluate(gpu, timeS);
      else this.sample(gpu, timeS);
    }
  }

  evaluate(gpu: i32, timeS: f64): void {
    const waiting = this.waitingArchitecture.length;
    if (waiting > 0) {
      let best = 0;
      for (let k = 1; k < waiting; k++) {
        const left = this.waitingLeftS[k];
        const bestLeft = this.waitingLeftS[best];
        if (left < bestLeft || (left == bestLeft && this.waitingNumber[k] < this.waitingNumber[best])) best = k;
      }
      const architecture = this.waitingArchitecture[best];
      let leftS = this.waitingLeftS[best];
      this.waitingArchitecture.splice(best, 1);
      this.waitingLeftS.splice(best, 1);
      this.waitingNumber.splice(best, 1);
      // The planted bug: a resumed training pays no overhead.
      if (mutant != RESUME_OVERHEAD) leftS += this.overheadS;
      this.start(gpu, TRAINING, architecture, timeS, leftS);
      return;
    }
    if (this.queued.length > 0) {
      const k = this.leastDominated();
      const architecture = this.queued[k];
      this.queued.splice(k, 1);
      this.queuedNumber.splice(k, 1);
      this.start(gpu, TRAINING, architecture, timeS, unchecked(this.trainingS[architecture]));
      return;
    }
    if (this.samplingGpus == 0 && this.proposals.length > 0) {
      const architecture = this.proposals.shift();
      this.start(gpu, TRAINING, architecture, timeS, unchecked(this.trainingS[architecture]));
    }
  }

  /** The queued estimate weakly dominated by the fewest other queued ones (earliest on ties). */
  leastDominated(): i32 {
    const n = this.queued.length;
    const dim = this.dim;
    let best = -1;
    let bestCount = i32.MAX_VALUE;
    for (let i = 0; i < n; i++) {
      const a = this.queued[i];
      let dominatedBy = 0;
      for (let k = 0; k < n; k++) {
        if (k == i) continue;
        const b = this.queued[k];
        let weakly = true;
        for (let j = 0; j < dim; j++) {
          if (unchecked(this.estimates[b * dim + j]) > unchecked(this.estimates[a * dim + j])) {
            weakly = false;
            break;
          }
        }
        if (weakly) dominatedBy++;
      }
      if (dominatedBy < bestCount || (dominatedBy == bestCount && this.queuedNumber[i] < this.queuedNumber[best])) {
        best = i;
        bestCount = dominatedBy;
      }
    }
    return best;
  }

  sample(gpu: i32, timeS: f64): void {
    let inFlight = 0;
    for (let other = 0; other < this.gpus; other++) if (unchecked(this.task[other]) == SAMPLING) inFlight++;
    if (this.queued.length + inFlight >= this.capacity || this.proposals.length == 0) return;
    const architecture = this.proposals.shift();
    this.start(gpu, SAMPLING, architecture, timeS, unchecked(this.samplingS[architecture]));
  }

  // --- rules 1, 2 and 5: the run ---------------------------------------------------------

  run(): void {
    for (let gpu = 0; gpu < this.gpus; gpu++) {
      unchecked((this.task[gpu] = IDLE));
      unchecked((this.finishS[gpu] = Infinity));
      unchecked((this.sinceS[gpu] = this.startS));
      unchecked((this.evaluator[gpu] = true));
    }
    for (let k = 0; k < this.initialSamples; k++) {
      const architecture = this.proposals.shift();
      this.wait(architecture, unchecked(this.trainingS[architecture]));
    }
    this.dispatch(this.startS);
    let nextEpochS = Infinity;
    for (;;) {
      let timeS = min(nextEpochS, this.endS);
      for (let gpu = 0; gpu < this.gpus; gpu++) timeS = min(timeS, unchecked(this.finishS[gpu]));
      this.finishTasksAt(timeS);
      if (timeS >= this.endS) break;
      if (!this.searching && this.waitingArchitecture.length == 0 && this.allFree()) {
        this.searching = true;
        nextEpochS = timeS;
      }
      if (timeS == nextEpochS) {
        this.epoch(timeS);
        nextEpochS = timeS + this.epochS;
      }
      this.dispatch(timeS);
    }
    // Rule 5: whatever runs is abandoned at the end; every GPU's last activity closes there.
    for (let gpu = 0; gpu < this.gpus; gpu++) this.stop(gpu, this.endS);
  }

  allFree(): bool {
    for (let gpu = 0; gpu < this.gpus; gpu++) if (this.busy(gpu)) return false;
    return true;
  }
}

