//! 3-D hypervolume in the HV3D+ class (Guerreiro & Fonseca): drop points that a few pivots
//! dominate (linear time; most of a random set), then sweep the rest in z order over the 2-D
//! staircase of what lies below, adding each slab's area × height. The staircase is a set of
//! x-ranks (`RankSet`), so predecessor, successor, insertion and removal cost a handful of
//! word operations, and each point enters and leaves it at most once: O(n log n) overall,
//! the sorts being linear-time radix sorts (on the keys' upper halves, ties then compared).

use crate::nondominated::order_key;
use crate::sorting::{order_by_key, RankSet};

/// Rows (3 columns, strictly inside the reference box) that no pivot weakly dominates, the
/// pivots themselves kept. Pivots minimise a few weighted sums: near the knee of the front,
/// each dominates a large share of a random set.
fn drop_dominated_by_pivots(points: &[f64]) -> Vec<f64> {
    const WEIGHTS: [[f64; 3]; 4] = [[1.0, 1.0, 1.0], [4.0, 1.0, 1.0], [1.0, 4.0, 1.0], [1.0, 1.0, 4.0]];
    // One pass for all four minima, each score computed once (this filter is most of the
    // time on 10⁵ uniform rows); the first row of least score wins, as before.
    let mut best = [0usize; 4];
    let mut best_score = [f64::INFINITY; 4];
    for (i, p) in points.chunks_exact(3).enumerate() {
        for (w, (b, score)) in WEIGHTS.iter().zip(best.iter_mut().zip(best_score.iter_mut())) {
            let s = w[0] * p[0] + w[1] * p[1] + w[2] * p[2];
            if s < *score {
                *score = s;
                *b = i;
            }
        }
    }
    let mut pivots: Vec<usize> = Vec::with_capacity(WEIGHTS.len());
    for &b in best.iter() {
        // Equal pivots would drop each other: keep one of each value.
        if !pivots.iter().any(|&p| points[3 * p..3 * p + 3] == points[3 * b..3 * b + 3]) {
            pivots.push(b);
        }
    }
    let corners: Vec<(usize, [f64; 3])> = pivots.iter().map(|&j| (j, [points[3 * j], points[3 * j + 1], points[3 * j + 2]])).collect();
    let mut kept = Vec::with_capacity(points.len());
    for (i, p) in points.chunks_exact(3).enumerate() {
        if corners.iter().all(|&(j, c)| j == i || !(c[0] <= p[0] && c[1] <= p[1] && c[2] <= p[2])) {
            kept.extend_from_slice(p);
        }
    }
    kept
}

/// Hypervolume of rows strictly inside the reference box (−0 already normalised to +0).
pub fn hv3(points: &[f64], reference: &[f64]) -> f64 {
    let points = drop_dominated_by_pivots(points);
    let m = points.len() / 3;
    // x-rank of each row: by x, ties by y, so a lower rank never has a larger (x, y).
    let key = |i: u32, k: usize| order_key(points[3 * i as usize + k]);
    let by_x = order_by_key(m, |i| key(i as u32, 0), |a, b| (key(a, 0), key(a, 1)).cmp(&(key(b, 0), key(b, 1))));
    let mut x_at = vec![0.0; m];
    let mut y_at = vec![0.0; m];
    let mut z_at = vec![0.0; m];
    for (rank, &i) in by_x.iter().enumerate() {
        x_at[rank] = points[3 * i as usize];
        y_at[rank] = points[3 * i as usize + 1];
        z_at[rank] = points[3 * i as usize + 2];
    }
    // Ranks by z; equal z in rank order.
    let by_z = order_by_key(m, |r| order_key(z_at[r]), |a, b| order_key(z_at[a as usize]).cmp(&order_key(z_at[b as usize])));

    let mut steps = RankSet::new(m);
    let mut area = 0.0;
    let mut volume = 0.0;
    for k in 0..m {
        let r = by_z[k] as usize;
        let (x, y) = (x_at[r], y_at[r]);
        let left = if r > 0 { steps.predecessor(r - 1) } else { None };
        let dominated = matches!(left, Some(l) if y_at[l] <= y);
        if !dominated {
            // Height of the staircase just left of x: the ceiling of the new point's region.
            let mut height = left.map_or(reference[1], |l| y_at[l]);
            let mut from_x = x;
            let mut next = steps.successor(r + 1);
            loop {
                match next {
                    Some(s) => {
                        area += (x_at[s] - from_x) * (height - y);
                        if y_at[s] < y {
                            break;
                        }
                        // Dominated by the new point: its region is now the new point's.
                        steps.remove(s);
                        from_x = x_at[s];
                        height = y_at[s];
                        next = steps.successor(s + 1);
                    }
                    None => {
                        area += (reference[0] - from_x) * (height - y);
                        break;
                    }
                }
            }
            steps.insert(r);
        }
        let z = z_at[r];
        let next_z = if k + 1 < m { z_at[by_z[k + 1] as usize] } else { reference[2] };
        volume += area * (next_z - z);
    }
    volume
}
