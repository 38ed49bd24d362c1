/**
 * Loads the committed WebAssembly core (`wasm/ce_nas_core.wasm`) synchronously, once per
 * thread, and gives typed access to its exports.
 */

import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { packageFile } from '../package-files.js';

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  dealloc(ptr: number, bytes: number): void;
  pareto_ranks(points: number, n: number, dim: number, out: number): number;
  hypervolume(points: number, n: number, dim: number, reference: number, out: number): number;
  hv_contributions(points: number, n: number, dim: number, reference: number, out: number): number;
  classify_grid(models: number, modelsLen: number, nModels: number, sides: number, values: number, m: number, edges: number, out: number): number;
  decision_grid(model: number, modelLen: number, values: number, m: number, edges: number, out: number): number;
  decision_points(model: number, modelLen: number, values: number, m: number, edges: number, points: number, count: number, out: number): number;
  /** Point-file text to doubles, chunk by chunk (core-rs/src/decimal.rs). */
  scan_begin(capacity: number): number;
  scan_chunk(scanner: number, text: number, len: number): number;
  scan_end(scanner: number, out: number): void;
  svm_train(features: number, n: number, dim: number, labels: number, parameters: number, alpha: number, result: number): number;
}

/** The committed module file. */
export function coreWasmPath(): string {
  return packageFile('wasm/ce_nas_core.wasm');
}

let compiled: WebAssembly.Module | undefined;
let instance: CoreExports | undefined;
let baselineOnly = false;

/**
 * For a short run (`ce-nas hv` and `ranks` in 2-D and 3-D): the core, when first compiled,
 * gets V8's baseline compiler only (Liftoff). By default V8 also recompiles hot functions
 * with its optimising compiler in background threads, which on two busy cores took about a
 * quarter of the whole command's CPU time for code that was already done by then.
 * V8's flags are the process's: only the CLI's pareto commands call this.
 */
export function compileForShortRun(): void {
  if (compiled !== undefined) return;
  setFlagsFromString('--liftoff-only');
  baselineOnly = true;
}

/** Undoes `compileForShortRun` before a long kernel: the core is compiled again, optimised, at its next use. */
export function compileForLongRun(): void {
  if (!baselineOnly) return;
  setFlagsFromString('--no-liftoff-only');
  baselineOnly = false;
  compiled = undefined;
  instance = undefined;
}

export function coreModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(coreWasmPath()));
  return compiled;
}

export function coreExports(): CoreExports {
  instance ??= new WebAssembly.Instance(coreModule(), {}).exports as unknown as CoreExports;
  return instance;
}
