/**
 * Policies by name, as `simulate` takes them: a built-in name (policies.ts) or the path of a
 * user's module (run in its own worker thread; `modules` collects them for the caller to close).
 */

import { InputError } from '../errors.js';
import type { PluginPolicy } from './plugin-policy.js';
import { builtinPolicy, loadPolicyModule, type Policy } from './policies.js';
import type { Scenario } from './scenario.js';

const MODULE_PATTERN = /[/\\]|\.(m?js|cjs)$/;

/** A built-in policy with an argument (`fixed:0.5`, `learned:FILE`, …), even when the argument is a path. */
const BUILTIN_WITH_ARGUMENT = /^[a-z][a-z-]*:/;

/** A module path, not a built-in name. */
export function isModulePath(name: string): boolean {
  return !BUILTIN_WITH_ARGUMENT.test(name) && MODULE_PATTERN.test(name);
}

export async function resolvePolicies(
  names: readonly string[],
  scenario: Scenario,
  timeoutMs: number,
  modules: PluginPolicy[],
  resolveFrom = process.cwd(),
): Promise<Policy[]> {
  if (names.length === 0) throw new InputError('--policy: name at least one policy');
  const policies: Policy[] = [];
  for (const name of names) {
    if (isModulePath(name)) {
      const policy = await loadPolicyModule(name, resolveFrom, timeoutMs);
      modules.push(policy);
      policies.push(policy);
    } else policies.push(builtinPolicy(name, scenario.window));
  }
  return policies;
}
