//! The per-iteration loops of the SMO solver (svm_train.rs) over the contiguous active set:
//! working-set selection and the gradient update (fused with the next selection's first pass). On wasm32 they run two lanes at a time
//! (simd128); elsewhere (native tests) one at a time. Both perform each element's operations
//! exactly as the scalar TypeScript twin does, and resolve ties as it does (the last position
//! among equal best values wins), so the selected pair is the same bit for bit.

/// What the first pass of the working-set selection finds over positions 0..len:
/// the largest −y·G over I_up (ties: last position), or `None`.
pub(crate) fn select_i(y: &[f64], alpha: &[f64], gradient: &[f64], c: f64) -> (f64, Option<usize>) {
    let len = y.len();
    let (alpha, gradient) = (&alpha[..len], &gradient[..len]);
    let (mut g_max, mut best, start) = lanes::select_i(y, alpha, gradient, c);
    for p in start..len {
        let (yt, a) = (y[p], alpha[p]);
        if if yt == 1.0 { a < c } else { a > 0.0 } {
            let violation = -yt * gradient[p];
            if violation >= g_max {
                g_max = violation;
                best = Some(p);
            }
        }
    }
    (g_max, best)
}

/// Inputs of the second pass: i's values and row of Q over the active positions.
pub(crate) struct SecondPass<'a> {
    pub g_max: f64,
    pub yi: f64,
    pub qii: f64,
    pub row_i: &'a [f32],
    pub diagonal: &'a [f64],
    pub c: f64,
}

/// The second pass: max y·G over I_low, and the j of largest decrease (ties: last position).
pub(crate) fn select_j(s: &SecondPass, y: &[f64], alpha: &[f64], gradient: &[f64]) -> (f64, Option<usize>) {
    let len = y.len();
    let (alpha, gradient, row_i, diagonal) = (&alpha[..len], &gradient[..len], &s.row_i[..len], &s.diagonal[..len]);
    let (mut g_max2, mut best_decrease, mut j, start) = lanes::select_j(s, y, alpha, gradient);
    for p in start..len {
        let (yt, a) = (y[p], alpha[p]);
        if if yt == 1.0 { a <= 0.0 } else { a >= s.c } {
            continue;
        }
        let y_g = yt * gradient[p];
        if y_g >= g_max2 {
            g_max2 = y_g;
        }
        let gradient_difference = s.g_max + y_g;
        if gradient_difference > 0.0 {
            let mut curvature = s.qii + diagonal[p] - 2.0 * s.yi * yt * f64::from(row_i[p]);
            if curvature <= 0.0 {
                curvature = crate::svm_train::TAU;
            }
            let decrease = -(gradient_difference * gradient_difference) / curvature;
            if decrease <= best_decrease {
                best_decrease = decrease;
                j = Some(p);
            }
        }
    }
    (g_max2, j)
}

/// The gradient update fused with the next iteration's `select_i` (one pass instead of two):
/// α is already updated, so the new gradient is all the first pass needs.
pub(crate) fn update_gradient_select_i(
    gradient: &mut [f64],
    rows: (&[f32], &[f32]),
    deltas: (f64, f64),
    y: &[f64],
    alpha: &[f64],
    c: f64,
) -> (f64, Option<usize>) {
    let len = gradient.len();
    let (row_i, row_j, y, alpha) = (&rows.0[..len], &rows.1[..len], &y[..len], &alpha[..len]);
    let (delta_i, delta_j) = deltas;
    let (mut g_max, mut best, start) = lanes::update_gradient_select_i(gradient, row_i, row_j, deltas, y, alpha, c);
    for p in start..len {
        let g = gradient[p] + f64::from(row_i[p]) * delta_i + f64::from(row_j[p]) * delta_j;
        gradient[p] = g;
        let (yt, a) = (y[p], alpha[p]);
        if if yt == 1.0 { a < c } else { a > 0.0 } {
            let violation = -yt * g;
            if violation >= g_max {
                g_max = violation;
                best = Some(p);
            }
        }
    }
    (g_max, best)
}

#[cfg(not(target_arch = "wasm32"))]
mod lanes {
    //! No lanes natively: the scalar loops do all positions.
    pub(super) fn select_i(_: &[f64], _: &[f64], _: &[f64], _: f64) -> (f64, Option<usize>, usize) {
        (f64::NEG_INFINITY, None, 0)
    }
    pub(super) fn select_j(_: &super::SecondPass, _: &[f64], _: &[f64], _: &[f64]) -> (f64, f64, Option<usize>, usize) {
        (f64::NEG_INFINITY, f64::INFINITY, None, 0)
    }
    pub(super) fn update_gradient_select_i(_: &mut [f64], _: &[f32], _: &[f32], _: (f64, f64), _: &[f64], _: &[f64], _: f64) -> (f64, Option<usize>, usize) {
        (f64::NEG_INFINITY, None, 0)
    }
}

#[cfg(target_arch = "wasm32")]
mod lanes {
    //! Four positions per step, in two pairs of lanes (two chains of comparisons instead of
    //! one, which halves the loop-carried latency). Each lane keeps its own best value and
    //! the last position that reached it; the lanes are merged by best value, ties to the
    //! later position, which is the scalar loop's answer. Each returns where the scalar loop
    //! takes over (the tail of fewer than four).
    use core::arch::wasm32::*;

    /// Loads two f32 of Q and widens them to f64, as `f64::from` does.
    #[inline(always)]
    unsafe fn load_q(row: &[f32], p: usize) -> v128 {
        // SAFETY: the caller guarantees p + 1 < row.len().
        f64x2_promote_low_f32x4(unsafe { v128_load64_zero(row.as_ptr().add(p) as *const u64) })
    }

    #[inline(always)]
    unsafe fn load(values: &[f64], p: usize) -> v128 {
        // SAFETY: the caller guarantees p + 1 < values.len(); wasm loads need no alignment.
        unsafe { v128_load(values.as_ptr().add(p) as *const v128) }
    }

    /// Two lanes' best values and the positions that reached them (−1: none yet).
    #[derive(Clone, Copy)]
    struct Best {
        values: v128,
        positions: v128,
    }

    impl Best {
        fn new(none: f64) -> Best {
            Best { values: f64x2_splat(none), positions: i64x2_splat(-1) }
        }

        #[inline(always)]
        fn take(&mut self, values: v128, positions: v128, mask: v128) {
            self.values = v128_bitselect(values, self.values, mask);
            self.positions = v128_bitselect(positions, self.positions, mask);
        }
    }

    /// The scalar answer from the lanes; `better(a, b)`: a beats b strictly.
    fn merge(pairs: [Best; 2], better: fn(f64, f64) -> bool, none: f64) -> (f64, Option<usize>) {
        let mut best = (none, -1i64);
        for pair in pairs.iter() {
            let lanes = [
                (f64x2_extract_lane::<0>(pair.values), i64x2_extract_lane::<0>(pair.positions)),
                (f64x2_extract_lane::<1>(pair.values), i64x2_extract_lane::<1>(pair.positions)),
            ];
            for &(v, p) in lanes.iter() {
                if p < 0 {
                    continue;
                }
                if best.1 < 0 || better(v, best.0) || (v == best.0 && p > best.1) {
                    best = (v, p);
                }
            }
        }
        (best.0, if best.1 < 0 { None } else { Some(best.1 as usize) })
    }

    /// −y·G and whether the position is in I_up, for two positions.
    #[inline(always)]
    fn violation_up(yt: v128, a: v128, g: v128, c: v128) -> (v128, v128) {
        let eligible = v128_bitselect(f64x2_lt(a, c), f64x2_gt(a, f64x2_splat(0.0)), f64x2_eq(yt, f64x2_splat(1.0)));
        (f64x2_mul(f64x2_neg(yt), g), eligible)
    }

    pub(super) fn select_i(y: &[f64], alpha: &[f64], gradient: &[f64], c: f64) -> (f64, Option<usize>, usize) {
        let len = y.len() & !3;
        let cs = f64x2_splat(c);
        let mut best = [Best::new(f64::NEG_INFINITY); 2];
        let mut position = i64x2(0, 1);
        let mut p = 0;
        while p < len {
            for (half, pair) in best.iter_mut().enumerate() {
                let at = p + 2 * half;
                // SAFETY: at + 1 < len ≤ every slice's length.
                let (yt, a, g) = unsafe { (load(y, at), load(alpha, at), load(gradient, at)) };
                let (violation, eligible) = violation_up(yt, a, g, cs);
                pair.take(violation, i64x2_add(position, i64x2_splat(2 * half as i64)), v128_and(eligible, f64x2_ge(violation, pair.values)));
            }
            position = i64x2_add(position, i64x2_splat(4));
            p += 4;
        }
        let (value, at) = merge(best, |a, b| a > b, f64::NEG_INFINITY);
        (value, at, len)
    }

    pub(super) fn select_j(s: &super::SecondPass, y: &[f64], alpha: &[f64], gradient: &[f64]) -> (f64, f64, Option<usize>, usize) {
        let len = y.len() & !3;
        let (zeros, cs) = (f64x2_splat(0.0), f64x2_splat(s.c));
        let (g_max, qii, two_yi, tau) = (f64x2_splat(s.g_max), f64x2_splat(s.qii), f64x2_splat(2.0 * s.yi), f64x2_splat(crate::svm_train::TAU));
        let mut g_max2 = [f64x2_splat(f64::NEG_INFINITY); 2];
        let mut best = [Best::new(f64::INFINITY); 2];
        let mut position = i64x2(0, 1);
        let mut p = 0;
        while p < len {
            for half in 0..2 {
                let at = p + 2 * half;
                // SAFETY: at + 1 < len ≤ every slice's length (row_i and diagonal were cut to len).
                let (yt, a, g, d, q) = unsafe { (load(y, at), load(alpha, at), load(gradient, at), load(s.diagonal, at), load_q(s.row_i, at)) };
                let skipped = v128_bitselect(f64x2_le(a, zeros), f64x2_ge(a, cs), f64x2_eq(yt, f64x2_splat(1.0)));
                let y_g = f64x2_mul(yt, g);
                let raise = v128_andnot(f64x2_ge(y_g, g_max2[half]), skipped);
                g_max2[half] = v128_bitselect(y_g, g_max2[half], raise);
                let difference = f64x2_add(g_max, y_g);
                let counted = v128_andnot(f64x2_gt(difference, zeros), skipped);
                let curvature = f64x2_sub(f64x2_add(qii, d), f64x2_mul(f64x2_mul(two_yi, yt), q));
                let curvature = v128_bitselect(tau, curvature, f64x2_le(curvature, zeros));
                let decrease = f64x2_div(f64x2_neg(f64x2_mul(difference, difference)), curvature);
                let pair = &mut best[half];
                pair.take(decrease, i64x2_add(position, i64x2_splat(2 * half as i64)), v128_and(counted, f64x2_le(decrease, pair.values)));
            }
            position = i64x2_add(position, i64x2_splat(4));
            p += 4;
        }
        // Only the value of max y·G matters (its position is not used).
        let mut max2 = f64::NEG_INFINITY;
        for pair in g_max2.iter() {
            for value in [f64x2_extract_lane::<0>(*pair), f64x2_extract_lane::<1>(*pair)] {
                if value >= max2 {
                    max2 = value;
                }
            }
        }
        let (decrease, j) = merge(best, |a, b| a < b, f64::INFINITY);
        (max2, decrease, j, len)
    }

    pub(super) fn update_gradient_select_i(
        gradient: &mut [f64],
        row_i: &[f32],
        row_j: &[f32],
        deltas: (f64, f64),
        y: &[f64],
        alpha: &[f64],
        c: f64,
    ) -> (f64, Option<usize>, usize) {
        let len = gradient.len() & !3;
        let (di, dj, cs) = (f64x2_splat(deltas.0), f64x2_splat(deltas.1), f64x2_splat(c));
        let mut best = [Best::new(f64::NEG_INFINITY); 2];
        let mut position = i64x2(0, 1);
        let mut p = 0;
        while p < len {
            for (half, pair) in best.iter_mut().enumerate() {
                let at = p + 2 * half;
                // SAFETY: at + 1 < len ≤ every slice's length.
                let (g, yt, a) = unsafe {
                    let slot = gradient.as_mut_ptr().add(at) as *mut v128;
                    let g = f64x2_add(f64x2_add(v128_load(slot), f64x2_mul(load_q(row_i, at), di)), f64x2_mul(load_q(row_j, at), dj));
                    v128_store(slot, g);
                    (g, load(y, at), load(alpha, at))
                };
                let (violation, eligible) = violation_up(yt, a, g, cs);
                pair.take(violation, i64x2_add(position, i64x2_splat(2 * half as i64)), v128_and(eligible, f64x2_ge(violation, pair.values)));
            }
            position = i64x2_add(position, i64x2_splat(4));
            p += 4;
        }
        let (value, at) = merge(best, |a, b| a > b, f64::NEG_INFINITY);
        (value, at, len)
    }
}
