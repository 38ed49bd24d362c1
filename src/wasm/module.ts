/**
 * Loads the committed WebAssembly core (`wasm/ce_nas_core.wasm`) synchronously, once per
 * thread, and gives typed access to its exports.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  dealloc(ptr: number, bytes: number): void;
  pareto_ranks(points: number, n: number, dim: number, out: number): number;
  hypervolume(points: number, n: number, dim: number, reference: number, out: number): number;
  hv_contributions(points: number, n: number, dim: number, reference: number, out: number): number;
}

const WASM_FILE = join('wasm', 'ce_nas_core.wasm');

/** The module file, found by walking up from this file (it runs from `src/` and `dist/src/`). */
export function coreWasmPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, WASM_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`ce-nas: cannot find ${WASM_FILE} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let compiled: WebAssembly.Module | undefined;
let instance: CoreExports | undefined;

export function coreModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(coreWasmPath()));
  return compiled;
}

export function coreExports(): CoreExports {
  instance ??= new WebAssembly.Instance(coreModule(), {}).exports as unknown as CoreExports;
  return instance;
}
