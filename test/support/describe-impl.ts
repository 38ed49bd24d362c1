/**
 * One parameterised suite over both implementations (docs/CONVENTIONS.md, "One interface,
 * one suite"): every example test written with `describeImpl` checks the spec and the
 * WebAssembly core alike.
 */

import { describe } from 'vitest';
import { type ParetoKernels, specKernels } from '../../spec/index.js';
import { wasmKernels } from '../../src/wasm/kernels.js';

export const IMPLEMENTATIONS: readonly (readonly [string, ParetoKernels])[] = [
  ['spec', specKernels],
  ['wasm', wasmKernels],
];

export function describeImpl(title: string, body: (impl: ParetoKernels, name: string) => void): void {
  describe.each(IMPLEMENTATIONS)(`${title} [%s]`, (name, impl) => body(impl, name));
}
