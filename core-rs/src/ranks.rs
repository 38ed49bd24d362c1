//! Pareto ranks (0 = non-dominated, then peel) of a minimisation point set.
//!
//! Points are visited in lexicographic order, in which every dominator of a point comes
//! before it; a point's front is the first front with no member dominating it, found by
//! binary search because "front k dominates p" is monotone in k (Jensen 2003; Zhang et al.
//! 2015, ENS-BS). In 2-D a front is summarised by its last member, making the whole sort
//! O(n log n). In 3-D a front is summarised by the staircase of its members' (y, z), a
//! treap or, for large fronts, a bit set over y ranks, making the sort O(n log² n) however many
//! points share a front (Jensen 2003's sweep with ENS-BS's search). From 4-D on, members are scanned from the most recent (ENS-BS).

use crate::nondominated::{dominates, lex_order, order_key, row};
use crate::sorting::{dense_ranks, lex_order_radix, RankSet};
use crate::treap::{Root, StaircaseForest, EMPTY};

pub fn pareto_ranks(points: &[f64], n: usize, dim: usize, out: &mut [i32]) {
    if n == 0 {
        return;
    }
    match dim {
        1 => ranks_1d(points, &lex_order(points, n, dim), out),
        2 => ranks_2d(points, n, out),
        3 => ranks_3d(points, n, out),
        _ => ranks_ens_bs(points, dim, &lex_order(points, n, dim), out),
    }
}

/// 1-D: the rank is the number of distinct smaller values.
fn ranks_1d(points: &[f64], order: &[usize], out: &mut [i32]) {
    let mut rank: i32 = 0;
    let mut previous = points[order[0]];
    for &i in order {
        if points[i] > previous {
            rank += 1;
            previous = points[i];
        }
        out[i] = rank;
    }
}

/// 2-D: front k dominates p exactly when its most recent member q (smallest y so far) does,
/// i.e. q.y < p.y, or q.y = p.y and q.x < p.x.
fn ranks_2d(points: &[f64], n: usize, out: &mut [i32]) {
    let mut front_tails: Vec<(f64, f64)> = Vec::new();
    for i in lex_order_radix(points, n, 2) {
        let i = i as usize;
        let (x, y) = (points[2 * i] + 0.0, points[2 * i + 1] + 0.0);
        let low = first_front_not_dominating(front_tails.len(), |k| {
            let (tx, ty) = front_tails[k];
            ty < y || (ty == y && tx < x)
        });
        if low == front_tails.len() {
            front_tails.push((x, y));
        } else {
            front_tails[low] = (x, y);
        }
        out[i] = low as i32;
    }
}

/// 3-D: in lexicographic order, an earlier row q different from p dominates p exactly when
/// q.y ≤ p.y and q.z ≤ p.z, which a front's (y, z) staircase answers with one predecessor
/// query. Copies of a row take the rank of its first copy. Staircases are keyed by the dense
/// rank of y; a front starts as a treap and becomes a `DenseStaircase` once it has had
/// `n / 16` members (at most 16 fronts do; the first front is dense from the start), so a set
/// that is mostly one front pays word operations, not treap descents.
fn ranks_3d(points: &[f64], n: usize, out: &mut [i32]) {
    let y_rank = dense_ranks(points, n, 3, 1);
    let distinct_y = y_rank.iter().map(|&r| r as usize + 1).max().unwrap_or(0);
    let dense_after = (n / 16).max(64);
    let mut forest = StaircaseForest::with_capacity(n);
    let mut fronts: Vec<Front> = Vec::new();
    let mut previous: Option<usize> = None;
    for i in lex_order_radix(points, n, 3) {
        let i = i as usize;
        let p = row(points, 3, i);
        if let Some(j) = previous {
            if row(points, 3, j) == p {
                out[i] = out[j];
                continue;
            }
        }
        previous = Some(i);
        let (y, z) = (y_rank[i] as u64, order_key(p[2]));
        let low = first_front_not_dominating(fronts.len(), |k| match &fronts[k] {
            Front::Treap { root, .. } => forest.value_at_or_before(*root, y).map_or(false, |front_z| front_z <= z),
            Front::Dense(staircase) => staircase.dominates(y as usize, z),
        });
        if low == fronts.len() {
            fronts.push(if low == 0 { Front::Dense(DenseStaircase::new(distinct_y)) } else { Front::Treap { root: EMPTY, inserted: 0 } });
        }
        match &mut fronts[low] {
            Front::Dense(staircase) => staircase.insert(y as usize, z),
            Front::Treap { root, inserted } => {
                *root = forest.insert(*root, y, z);
                *inserted += 1;
                if *inserted >= dense_after {
                    let mut staircase = DenseStaircase::new(distinct_y);
                    forest.for_each(*root, |key, value| staircase.insert(key as usize, value));
                    fronts[low] = Front::Dense(staircase);
                }
            }
        }
        out[i] = low as i32;
    }
}

/// One front's (y, z) staircase.
enum Front {
    Treap { root: Root, inserted: usize },
    Dense(DenseStaircase),
}

/// A staircase over the dense y ranks 0..m: the member keys in a `RankSet`, their z keys in
/// an array indexed by y rank. O(m) space, O(log₆₄ m) word operations per query.
struct DenseStaircase {
    keys: RankSet,
    z: Vec<u64>,
}

impl DenseStaircase {
    fn new(m: usize) -> Self {
        DenseStaircase { keys: RankSet::new(m), z: vec![0; m] }
    }

    /// Some member has y rank ≤ `y` and z key ≤ `z` (the one with the largest such y rank
    /// has the smallest z key).
    fn dominates(&self, y: usize, z: u64) -> bool {
        self.keys.predecessor(y).map_or(false, |k| self.z[k] <= z)
    }

    /// Adds (y, z), which no member weakly dominates, dropping the members it weakly dominates.
    fn insert(&mut self, y: usize, z: u64) {
        let mut next = self.keys.successor(y);
        while let Some(k) = next {
            if self.z[k] < z {
                break;
            }
            self.keys.remove(k);
            next = self.keys.successor(k + 1);
        }
        self.keys.insert(y);
        self.z[y] = z;
    }
}

/// Binary search for the first of `count` fronts that does not dominate the point, given
/// that "front k dominates" holds for a prefix of the fronts.
fn first_front_not_dominating(count: usize, front_dominates: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, count);
    while low < high {
        let mid = (low + high) / 2;
        if front_dominates(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

fn ranks_ens_bs(points: &[f64], dim: usize, order: &[usize], out: &mut [i32]) {
    let mut fronts: Vec<Vec<usize>> = Vec::new();
    for &i in order {
        let p = row(points, dim, i);
        let low = first_front_not_dominating(fronts.len(), |k| {
            fronts[k].iter().rev().any(|&q| dominates(row(points, dim, q), p))
        });
        if low == fronts.len() {
            fronts.push(vec![i]);
        } else {
            fronts[low].push(i);
        }
        out[i] = low as i32;
    }
}
