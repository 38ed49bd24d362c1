/**
 * One-shot LaMOO's end game (MODEL.md §4): it searches on one-shot estimates alone, with all
 * of its GPUs, and must train its estimated Pareto front within the budget. It keeps the
 * front of its estimates as they arrive and switches from sampling to training when the
 * front's training, list-scheduled longest first on all GPUs, would no longer fit in the
 * time left after one more estimate (or when nothing is left to estimate).
 */

import { weaklyDominatesMin } from '../../spec/index.js';

interface FrontMember {
  readonly architecture: number;
  /** Estimated objectives, minimisation form. */
  readonly values: readonly number[];
}

function strictlyDominates(a: readonly number[], b: readonly number[]): boolean {
  return weaklyDominatesMin(a, b) && a.some((value, j) => value < b[j]!);
}

/** Makespan of jobs list-scheduled longest first on `gpus` GPUs all free at time 0. */
export function longestFirstMakespanS(durationsS: readonly number[], gpus: number): number {
  const freeAtS = new Float64Array(gpus);
  for (const durationS of [...durationsS].sort((a, b) => b - a)) {
    let earliest = 0;
    for (let g = 1; g < gpus; g++) if (freeAtS[g]! < freeAtS[earliest]!) earliest = g;
    freeAtS[earliest]! += durationS;
  }
  return Math.max(0, ...freeAtS);
}

export class EstimatedFront {
  private members: FrontMember[] = [];
  private makespanS: number | undefined = 0;

  constructor(
    private readonly trainingS: Float64Array,
    private readonly gpus: number,
    /** Whether an architecture is trained by now: it stays in the front but needs no training. */
    private readonly isTrained: (architecture: number) => boolean,
  ) {}

  /** Adds an estimate; the front keeps every estimate no other strictly dominates (ties kept). */
  add(architecture: number, values: readonly number[]): void {
    if (this.members.some((member) => strictlyDominates(member.values, values))) return;
    this.members = this.members.filter((member) => !strictlyDominates(values, member.values));
    this.members.push({ architecture, values });
    this.makespanS = undefined;
  }

  /** The front's architectures still to train, longest first (the order they are dispatched in). */
  toTrain(): number[] {
    return this.members
      .map((member) => member.architecture)
      .filter((architecture) => !this.isTrained(architecture))
      .sort((a, b) => this.trainingS[b]! - this.trainingS[a]! || a - b);
  }

  /** Time to train `toTrain()` on all GPUs, s. */
  trainingMakespanS(): number {
    this.makespanS ??= longestFirstMakespanS(
      this.toTrain().map((architecture) => this.trainingS[architecture]!),
      this.gpus,
    );
    return this.makespanS;
  }
}
