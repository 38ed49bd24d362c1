/** Types of port.mjs: the AssemblyScript port's JavaScript wrapper. */

export interface PortPoints {
  readonly values: ArrayLike<number>;
  readonly n: number;
  readonly dim: number;
}

export interface PortOptions {
  readonly maximise?: readonly boolean[];
}

export interface Port {
  dominance(a: readonly number[], b: readonly number[], maximise?: readonly boolean[]): { weakly: boolean; pareto: boolean; strictly: boolean };
  paretoRanks(points: PortPoints, options?: PortOptions): Int32Array;
  hypervolume(points: PortPoints, reference: ArrayLike<number>, options?: PortOptions): number;
  hypervolumeContributions(points: PortPoints, reference: ArrayLike<number>, options?: PortOptions): Float64Array;
  allocation(currentGPerKwh: number, minGPerKwh: number, maxGPerKwh: number, totalGpus: number): { samplingShare: number; samplingGpus: number; evaluationGpus: number };
  carbon(args: {
    readonly timesS: ArrayLike<number>;
    readonly intensityGPerKwh: ArrayLike<number>;
    readonly endS: number;
    readonly startS: number;
    readonly stopS: number;
    readonly powerW: number;
    readonly pue: number;
  }): { energyKwh: number; carbonKg: number };
}

export declare const PORT_WASM: URL;
export declare const MUTANTS: Readonly<Record<'tie-rule' | 'rounding' | 'trace-boundary' | 'duplicates' | 'slicing', number>>;
export declare function loadPort(options?: { mutant?: string }): Port;
