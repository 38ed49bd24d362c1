/** Types of port.mjs: the AssemblyScript port's JavaScript wrapper. */

export interface PortPoints {
  readonly values: ArrayLike<number>;
  readonly n: number;
  readonly dim: number;
}

export interface PortOptions {
  readonly maximise?: readonly boolean[];
}

/** A `schedule` case (docs/conformance.md), as src/sim/scripted.ts's ScheduleCase. */
export interface PortScheduleCase {
  readonly gpus: number;
  readonly startS: number;
  readonly endS: number;
  readonly epochS: number;
  readonly initialSamples: number;
  readonly queueCapacity: number;
  readonly resumeOverheadS: number;
  readonly allocation: { readonly rounding: 'reference' | 'nearest'; readonly minEvaluationGpus: number };
  readonly power: { readonly busyW: number; readonly idleW: number; readonly pue: number };
  readonly trace: { readonly timesS: readonly number[]; readonly intensityGPerKwh: readonly number[]; readonly endS: number };
  readonly architectures: readonly {
    readonly trainingS: number;
    readonly samplingS: number;
    readonly estimate: readonly number[];
    readonly objectives: readonly number[];
  }[];
  readonly proposals: readonly number[];
  readonly samplingShares: readonly number[];
  readonly reference: readonly number[];
}

export interface PortScheduleResult {
  intervals: [number, 'idle' | 'training' | 'sampling', number, number, number][];
  energyKwh: number;
  carbonKg: number;
  trainings: number[];
  progress: [number, number][];
}

export interface Port {
  dominance(a: readonly number[], b: readonly number[], maximise?: readonly boolean[]): { weakly: boolean; pareto: boolean; strictly: boolean };
  paretoRanks(points: PortPoints, options?: PortOptions): Int32Array;
  hypervolume(points: PortPoints, reference: ArrayLike<number>, options?: PortOptions): number;
  hypervolumeContributions(points: PortPoints, reference: ArrayLike<number>, options?: PortOptions): Float64Array;
  allocation(
    currentGPerKwh: number,
    minGPerKwh: number,
    maxGPerKwh: number,
    totalGpus: number,
    rounding?: 'nearest' | 'reference',
    minEvaluationGpus?: number,
  ): { samplingShare: number; samplingGpus: number; evaluationGpus: number };
  carbon(args: {
    readonly timesS: ArrayLike<number>;
    readonly intensityGPerKwh: ArrayLike<number>;
    readonly endS: number;
    readonly startS: number;
    readonly stopS: number;
    readonly powerW: number;
    readonly pue: number;
  }): { energyKwh: number; carbonKg: number };
  schedule(scheduleCase: PortScheduleCase): PortScheduleResult;
}

export declare const PORT_WASM: URL;
export declare const MUTANTS: Readonly<
  Record<'tie-rule' | 'rounding' | 'trace-boundary' | 'duplicates' | 'slicing' | 'resume-overhead' | 'idle-charging', number>
>;
export declare function loadPort(options?: { mutant?: string }): Port;
