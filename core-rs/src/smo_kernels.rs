//! The per-iteration loops of the SMO solver (svm_train.rs) over the contiguous active set:
//! working-set selection and the gradient update. On wasm32 they run two lanes at a time
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

/// G_t += Q_it·Δα_i + Q_jt·Δα_j over the active positions (len = gradient.len()).
pub(crate) fn update_gradient(gradient: &mut [f64], row_i: &[f32], row_j: &[f32], delta_i: f64, delta_j: f64) {
    let len = gradient.len();
    let (row_i, row_j) = (&row_i[..len], &row_j[..len]);
    let start = lanes::update_gradient(gradient, row_i, row_j, delta_i, delta_j);
    for p in start..len {
        gradient[p] = gradient[p] + f64::from(row_i[p]) * delta_i + f64::from(row_j[p]) * delta_j;
    }
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
    pub(super) fn update_gradient(_: &mut [f64], _: &[f32], _: &[f32], _: f64, _: f64) -> usize {
        0
    }
}

#[cfg(target_arch = "wasm32")]
mod lanes {
    //! Two positions per step. Each lane keeps its own best value and the last position that
    //! reached it; the lanes are merged by best value, ties to the later position, which is
    //! the scalar loop's answer. Each returns where the scalar loop takes over (the odd tail).
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

    /// Merges two lanes' (value, position) into the scalar answer; `better(a, b)`: a beats b
    /// strictly. Position −1 means none.
    fn merge(values: v128, positions: v128, better: fn(f64, f64) -> bool, none: f64) -> (f64, Option<usize>) {
        let (v0, v1) = (f64x2_extract_lane::<0>(values), f64x2_extract_lane::<1>(values));
        let (p0, p1) = (i64x2_extract_lane::<0>(positions), i64x2_extract_lane::<1>(positions));
        let lanes = [(v0, p0), (v1, p1)];
        let mut best = (none, -1i64);
        for &(v, p) in lanes.iter() {
            if p < 0 {
                continue;
            }
            if best.1 < 0 || better(v, best.0) || (v == best.0 && p > best.1) {
                best = (v, p);
            }
        }
        (best.0, if best.1 < 0 { None } else { Some(best.1 as usize) })
    }

    pub(super) fn select_i(y: &[f64], alpha: &[f64], gradient: &[f64], c: f64) -> (f64, Option<usize>, usize) {
        let len = y.len() & !1;
        let (ones, zeros, cs) = (f64x2_splat(1.0), f64x2_splat(0.0), f64x2_splat(c));
        let mut best = f64x2_splat(f64::NEG_INFINITY);
        let mut best_position = i64x2_splat(-1);
        let mut position = i64x2(0, 1);
        let step = i64x2_splat(2);
        let mut p = 0;
        while p < len {
            // SAFETY: p + 1 < len ≤ every slice's length.
            let (yt, a, g) = unsafe { (load(y, p), load(alpha, p), load(gradient, p)) };
            let eligible = v128_bitselect(f64x2_lt(a, cs), f64x2_gt(a, zeros), f64x2_eq(yt, ones));
            let violation = f64x2_mul(f64x2_neg(yt), g);
            let take = v128_and(eligible, f64x2_ge(violation, best));
            best = v128_bitselect(violation, best, take);
            best_position = v128_bitselect(position, best_position, take);
            position = i64x2_add(position, step);
            p += 2;
        }
        // A lane with no eligible position keeps −∞ and −1; an eligible −∞ has a position.
        let (value, at) = merge(best, best_position, |a, b| a > b, f64::NEG_INFINITY);
        (value, at, len)
    }

    pub(super) fn select_j(s: &super::SecondPass, y: &[f64], alpha: &[f64], gradient: &[f64]) -> (f64, f64, Option<usize>, usize) {
        let len = y.len() & !1;
        let (ones, zeros, cs) = (f64x2_splat(1.0), f64x2_splat(0.0), f64x2_splat(s.c));
        let (g_max, qii, two_yi, tau) = (f64x2_splat(s.g_max), f64x2_splat(s.qii), f64x2_splat(2.0 * s.yi), f64x2_splat(crate::svm_train::TAU));
        let mut g_max2 = f64x2_splat(f64::NEG_INFINITY);
        let mut best = f64x2_splat(f64::INFINITY);
        let mut best_position = i64x2_splat(-1);
        let mut position = i64x2(0, 1);
        let step = i64x2_splat(2);
        let mut p = 0;
        while p < len {
            // SAFETY: p + 1 < len ≤ every slice's length (row_i and diagonal were cut to len).
            let (yt, a, g, d, q) = unsafe { (load(y, p), load(alpha, p), load(gradient, p), load(s.diagonal, p), load_q(s.row_i, p)) };
            let skipped = v128_bitselect(f64x2_le(a, zeros), f64x2_ge(a, cs), f64x2_eq(yt, ones));
            let y_g = f64x2_mul(yt, g);
            let raise = v128_andnot(f64x2_ge(y_g, g_max2), skipped);
            g_max2 = v128_bitselect(y_g, g_max2, raise);
            let difference = f64x2_add(g_max, y_g);
            let counted = v128_andnot(f64x2_gt(difference, zeros), skipped);
            let curvature = f64x2_sub(f64x2_add(qii, d), f64x2_mul(f64x2_mul(two_yi, yt), q));
            let curvature = v128_bitselect(tau, curvature, f64x2_le(curvature, zeros));
            let decrease = f64x2_div(f64x2_neg(f64x2_mul(difference, difference)), curvature);
            let take = v128_and(counted, f64x2_le(decrease, best));
            best = v128_bitselect(decrease, best, take);
            best_position = v128_bitselect(position, best_position, take);
            position = i64x2_add(position, step);
            p += 2;
        }
        // Only the value of max y·G matters (its position is not used).
        let (m0, m1) = (f64x2_extract_lane::<0>(g_max2), f64x2_extract_lane::<1>(g_max2));
        let max2 = if m1 >= m0 { m1 } else { m0 };
        let (decrease, j) = merge(best, best_position, |a, b| a < b, f64::INFINITY);
        (max2, decrease, j, len)
    }

    pub(super) fn update_gradient(gradient: &mut [f64], row_i: &[f32], row_j: &[f32], delta_i: f64, delta_j: f64) -> usize {
        let len = gradient.len() & !1;
        let (di, dj) = (f64x2_splat(delta_i), f64x2_splat(delta_j));
        let mut p = 0;
        while p < len {
            // SAFETY: p + 1 < len ≤ every slice's length.
            unsafe {
                let at = gradient.as_mut_ptr().add(p) as *mut v128;
                let sum = f64x2_add(f64x2_add(v128_load(at), f64x2_mul(load_q(row_i, p), di)), f64x2_mul(load_q(row_j, p), dj));
                v128_store(at, sum);
            }
            p += 2;
        }
        len
    }
}
