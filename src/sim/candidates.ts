/**
 * Which architectures a search may still draw: never one drawn before (nor, when the
 * scenario excludes twins, one isomorphic to it), and only from the current LaMOO region,
 * which is widened by dropping the path's last step when it has nothing left (MODEL.md §5).
 */

import type { PathStep } from '../../spec/index.js';
import type { SearchSpace } from '../data/search-space.js';
import { LamooOptimizer, lamooOptionsOf } from '../lamoo/optimizer.js';
import type { Random } from '../random.js';
import type { SimulationSetup } from './setup.js';

/** Where a search's architectures come from: LaMOO's regions, or a script (conformance). */
export interface ArchitectureSource {
  /** The next architecture to estimate or train; undefined when none is left. */
  draw(random: Random): number | undefined;
  /** Gives back an architecture drawn for a task that did not happen. */
  release(architecture: number): void;
  /** Whether `draw` would find one (without drawing). */
  hasLeft(): boolean;
  /** Called at each decision epoch with the samples so far (trained, then one-shot's estimates). */
  refresh(samples: readonly number[], random: Random): void;
  /** Architectures in the current region (for the epochs' timeline). */
  readonly regionSize: number;
}

export class CandidatePool {
  /** 1 once an architecture (or, with excludeTwins, its twin) was drawn, or when it is no candidate. */
  private readonly taken: Uint8Array;
  /** Untaken members of the current region, in no particular order. */
  private available: number[] = [];
  /** The current region's membership by architecture. */
  private region: Uint8Array;
  private path: readonly PathStep[] = [];
  /** Architectures in the current region, taken or not. */
  regionSize = 0;

  constructor(
    private readonly space: SearchSpace,
    private readonly candidate: Uint8Array,
    private readonly excludeTwins: boolean,
    private readonly regionMaskOf: (path: readonly PathStep[]) => Uint8Array,
  ) {
    this.taken = Uint8Array.from(candidate, (isCandidate) => (isCandidate === 1 ? 0 : 1));
    this.region = new Uint8Array(space.size).fill(1);
    this.setRegion([], this.region);
  }

  setRegion(path: readonly PathStep[], mask: Uint8Array): void {
    this.path = path;
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
  draw(random: Random): number | undefined {
    if (!this.hasLeft()) return undefined;
    const k = random.int(this.available.length);
    const architecture = this.available[k]!;
    this.available[k] = this.available[this.available.length - 1]!;
    this.available.pop();
    this.take(architecture);
    return architecture;
  }

  /** Returns an architecture (and the twins taken with it) drawn for a task that did not happen. */
  release(architecture: number): void {
    for (const member of this.withTwins(architecture)) {
      if (this.candidate[member] !== 1) continue;
      this.taken[member] = 0;
      if (this.region[member] === 1) this.available.push(member);
    }
  }

  /** Whether a draw would find an architecture (widening the region as a draw would; no randomness used). */
  hasLeft(): boolean {
    while (this.available.length === 0 && this.path.length > 0) {
      const wider = this.path.slice(0, -1);
      this.setRegion(wider, this.regionMaskOf(wider));
    }
    return this.available.length > 0;
  }

  isTaken(architecture: number): boolean {
    return this.taken[architecture] === 1;
  }

  private take(architecture: number): void {
    const group = this.withTwins(architecture);
    for (const member of group) this.taken[member] = 1;
    // Twins still listed as available are dropped from the list.
    if (group.length > 1) this.available = this.available.filter((candidate) => this.taken[candidate] === 0);
  }

  private withTwins(architecture: number): readonly number[] {
    if (!this.excludeTwins) return [architecture];
    return [architecture, ...this.space.isomorphicTwins(architecture).filter((twin) => twin !== architecture)];
  }
}

/** LaMOO's regions over the bundled space: the tree is rebuilt when the samples changed. */
export class LamooSource implements ArchitectureSource {
  private readonly optimizer: LamooOptimizer;
  private readonly pool: CandidatePool;
  private sampleCount = -1;

  constructor(setup: SimulationSetup, onEstimates: boolean) {
    const searchSet = onEstimates ? setup.estimated : setup.objectives;
    this.optimizer = new LamooOptimizer(setup.space, searchSet, setup.reference, lamooOptionsOf(setup, onEstimates));
    this.pool = new CandidatePool(setup.space, setup.candidate, setup.scenario.lamoo.excludeTwins, (path) => this.optimizer.regionMask(path));
  }

  get regionSize(): number {
    return this.pool.regionSize;
  }

  draw(random: Random): number | undefined {
    return this.pool.draw(random);
  }

  release(architecture: number): void {
    this.pool.release(architecture);
  }

  hasLeft(): boolean {
    return this.pool.hasLeft();
  }

  refresh(samples: readonly number[], random: Random): void {
    if (samples.length === this.sampleCount) return;
    this.sampleCount = samples.length;
    const proposal = this.optimizer.selectRegion(samples, random);
    this.pool.setRegion(proposal.path, proposal.regionMask);
  }
}
