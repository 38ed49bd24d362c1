//! Exact hypervolume of a minimisation point set: sweep in 1-D and 2-D (O(n log n)), the
//! 3-D sweep of `hv3d.rs` (O(n log n)), the 4-D sweep of `hv4d.rs` (O(n²)), and WFG (While,
//! Bradstreet & Barone 2012) with dimension reduction for 5-D and up.

use crate::nondominated::{nondominated_rows, order_key, row};

/// Whether row `p` is strictly better than `reference` in every objective: the only rows
/// that add volume. (The 3-D loops test the three coordinates unrolled, for speed.)
#[inline]
pub fn is_inside(p: &[f64], reference: &[f64]) -> bool {
    p.iter().zip(reference.iter()).all(|(x, r)| x < r)
}

/// Rows strictly inside the reference box, copied with −0 normalised to +0.
pub fn rows_inside(points: &[f64], n: usize, dim: usize, reference: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut inside = Vec::with_capacity(points.len());
    let mut source = Vec::new();
    for i in 0..n {
        let p = row(points, dim, i);
        if is_inside(p, reference) {
            inside.extend(p.iter().map(|x| x + 0.0));
            source.push(i);
        }
    }
    (inside, source)
}

/// Hypervolume of `points` (row-major, `dim` columns) with respect to `reference`.
pub fn hypervolume(points: &[f64], n: usize, dim: usize, reference: &[f64]) -> f64 {
    // The rows only, without `rows_inside`'s source indices: a quarter of the 3-D time on
    // 10⁵ rows went to that copy.
    let mut inside = Vec::with_capacity(n * dim);
    if dim == 3 {
        for p in points[..3 * n].chunks_exact(3) {
            if p[0] < reference[0] && p[1] < reference[1] && p[2] < reference[2] {
                inside.extend_from_slice(&[p[0] + 0.0, p[1] + 0.0, p[2] + 0.0]);
            }
        }
    } else {
        for p in points[..n * dim].chunks_exact(dim) {
            if is_inside(p, reference) {
                inside.extend(p.iter().map(|x| x + 0.0));
            }
        }
    }
    hypervolume_inside(inside, dim, reference)
}

/// Hypervolume of rows already known to be strictly inside the reference box.
pub fn hypervolume_inside(mut inside: Vec<f64>, dim: usize, reference: &[f64]) -> f64 {
    if inside.is_empty() {
        return 0.0;
    }
    match dim {
        1 => reference[0] - inside.iter().cloned().fold(f64::INFINITY, f64::min),
        2 => hv2(&inside, reference),
        3 => crate::hv3d::hv3(&inside, reference),
        4 => crate::hv4d::hv4(&inside, reference),
        _ => wfg(&mut inside, dim, reference),
    }
}

/// Slices along y, as the spec does (spec/hypervolume.ts), so that the two agree bit for bit:
/// in y order, each point's slab up to the next y is covered from the lowest x so far to
/// the reference. Equal y values give zero-height slabs, which add exactly zero, so the
/// order among them does not matter.
fn hv2(points: &[f64], reference: &[f64]) -> f64 {
    let mut by_y: Vec<(u64, f64, f64)> =
        points.chunks_exact(2).map(|p| (order_key(p[1]), p[0], p[1])).collect();
    by_y.sort_unstable_by_key(|&(key, _, _)| key);
    let mut lowest_x = f64::INFINITY;
    let mut area = 0.0;
    for k in 0..by_y.len() {
        let (_, x, y) = by_y[k];
        let next_y = if k + 1 < by_y.len() { by_y[k + 1].2 } else { reference[1] };
        lowest_x = lowest_x.min(x);
        area += (next_y - y) * (reference[0] - lowest_x);
    }
    area
}

/// WFG: after sorting by the last objective, worst first, each point's volume exclusive of
/// the points after it is a slab of height (ref − z) times a (d−1)-dimensional exclusive
/// area, computed from the point's limit set.
pub(crate) fn wfg(points: &mut Vec<f64>, dim: usize, reference: &[f64]) -> f64 {
    let m = points.len() / dim;
    let last = dim - 1;
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| points[b * dim + last].total_cmp(&points[a * dim + last]));
    let sorted: Vec<f64> = order.iter().flat_map(|&i| row(points, dim, i).iter().cloned()).collect();

    let mut volume = 0.0;
    let mut limit_set: Vec<f64> = Vec::with_capacity(m * last);
    for i in 0..m {
        let p = row(&sorted, dim, i);
        let box_area: f64 = (0..last).map(|k| reference[k] - p[k]).product();
        limit_set.clear();
        for j in i + 1..m {
            let q = row(&sorted, dim, j);
            limit_set.extend((0..last).map(|k| if q[k] > p[k] { q[k] } else { p[k] }));
        }
        let covered = if limit_set.is_empty() {
            0.0
        } else {
            hypervolume_inside(nondominated_rows(&limit_set, last), last, reference)
        };
        volume += (reference[last] - p[last]) * (box_area - covered);
    }
    volume
}
