//! Small helpers over row-major point sets (all objectives minimised).

use std::cmp::Ordering;

/// Row `i` of a row-major matrix with `dim` columns.
#[inline]
pub fn row(points: &[f64], dim: usize, i: usize) -> &[f64] {
    &points[i * dim..(i + 1) * dim]
}

/// Lexicographic order of two rows. Inputs are finite, so `partial_cmp` never fails.
#[inline]
pub fn lex_cmp(a: &[f64], b: &[f64]) -> Ordering {
    for (x, y) in a.iter().zip(b.iter()) {
        match x.partial_cmp(y) {
            Some(Ordering::Equal) | None => continue,
            Some(order) => return order,
        }
    }
    Ordering::Equal
}

/// Indices `0..n` sorted lexicographically by row (stable, so equal rows keep input order).
pub fn lex_order(points: &[f64], n: usize, dim: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| lex_cmp(row(points, dim, a), row(points, dim, b)));
    order
}

/// A key whose unsigned order is the numeric order of finite `x` (−0 and +0 equal).
#[inline]
pub fn order_key(x: f64) -> u64 {
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// `a` weakly dominates `b`: no worse in every objective.
#[inline]
pub fn weakly_dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b.iter()).all(|(x, y)| x <= y)
}

/// `a` dominates `b` (Pareto): no worse in every objective and better in at least one.
#[inline]
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    let mut better_somewhere = false;
    for (x, y) in a.iter().zip(b.iter()) {
        if x > y {
            return false;
        }
        if x < y {
            better_somewhere = true;
        }
    }
    better_somewhere
}

/// The rows of `points` that no other row weakly dominates, one copy of each duplicate,
/// in lexicographic order. O(m² d) in the worst case; used on WFG limit sets, which are small.
pub fn nondominated_rows(points: &[f64], dim: usize) -> Vec<f64> {
    let m = points.len() / dim;
    let order = lex_order(points, m, dim);
    let mut kept: Vec<f64> = Vec::with_capacity(points.len());
    // In lexicographic order only an earlier row (or an equal one) can weakly dominate a row.
    for &i in &order {
        let candidate = row(points, dim, i);
        let kept_rows = kept.len() / dim;
        let covered = (0..kept_rows).any(|k| weakly_dominates(row(&kept, dim, k), candidate));
        if !covered {
            kept.extend_from_slice(candidate);
        }
    }
    kept
}
