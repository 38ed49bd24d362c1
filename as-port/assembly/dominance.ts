/**
 * Dominance of a over b (docs/conformance.md, `dominance`): weakly = a ≤ b everywhere,
 * Pareto = weakly and a < b somewhere, strictly = a < b everywhere (false with no objectives),
 * maximised objectives compared negated. IEEE comparison makes −0 equal 0.
 */

import { mutant, TIE_RULE } from './mutant';
import { f64At, isMaximised } from './rows';

export const WEAKLY: i32 = 1;
export const PARETO: i32 = 2;
export const STRICTLY: i32 = 4;

/** Bit set of WEAKLY | PARETO | STRICTLY for the vectors at `a` and `b`. */
export function dominanceFlags(a: usize, b: usize, dim: i32, maximise: usize): i32 {
  let allNoWorse = true;
  let someBetter = false;
  let allBetter = dim > 0;
  for (let j = 0; j < dim; j++) {
    let x = f64At(a, j);
    let y = f64At(b, j);
    if (isMaximised(maximise, j)) {
      x = -x;
      y = -y;
    }
    if (x > y) allNoWorse = false;
    if (x < y || (mutant == TIE_RULE && x == y)) someBetter = true;
    else allBetter = false;
  }
  let flags = 0;
  if (allNoWorse) flags |= WEAKLY;
  if (allNoWorse && someBetter) flags |= PARETO;
  if (allBetter) flags |= STRICTLY;
  return flags;
}
