//! 3-D exclusive hypervolume contributions in O(n log n), after Guerreiro & Fonseca's
//! "Computing and updating hypervolume contributions in up to four dimensions" (HVC3D):
//! sweep the points in z order over the 2-D slice of what lies below. In a slice, the point
//! p owns exclusively the rectangle between its neighbours on the staircase of non-dominated
//! (x, y), minus what the points that only p dominates cover there (its "inner" points). Each
//! staircase point keeps that area; whenever the area changes, area × (z − z at the last
//! change) is added to p's contribution. Every event touches the points it removes and O(1)
//! others, and each point enters and leaves each set at most once.
//!
//! Points are identified by x-rank (lexicographic order of (x, y, z)), so both sets (the
//! staircase and the union of all inner staircases) are `RankSet`s: the inner points of a
//! staircase point p are exactly the inner members between p and the next staircase point.

use crate::nondominated::{order_key, row};
use crate::sorting::{lex_order_radix, radix_sort, RankSet};

struct Sweep {
    x: Vec<f64>,
    y: Vec<f64>,
    /// Exclusive area in the current slice, staircase points only.
    area: Vec<f64>,
    /// z at which `area` last changed.
    since: Vec<f64>,
    contribution: Vec<f64>,
    outer: RankSet,
    inner: RankSet,
    /// Scratch: the staircase points an insertion removes.
    removed: Vec<usize>,
    m: usize,
    reference: [f64; 3],
}

impl Sweep {
    /// Accounts p's area up to height z, then sets it to `area`.
    fn set_area(&mut self, p: usize, z: f64, area: f64) {
        self.contribution[p] += self.area[p] * (z - self.since[p]);
        self.since[p] = z;
        // Areas are updated by differences: rounding must not make one negative.
        self.area[p] = area.max(0.0);
    }

    fn outer_before(&self, r: usize) -> Option<usize> {
        if r == 0 {
            None
        } else {
            self.outer.predecessor(r - 1)
        }
    }

    /// Ceiling of p's rectangle: the y of the staircase point left of it, or the reference.
    fn top(&self, p: usize) -> f64 {
        self.outer_before(p).map_or(self.reference[1], |l| self.y[l])
    }

    /// Right side of p's rectangle and the rank that bounds p's inner points.
    fn right(&self, p: usize) -> (f64, usize) {
        self.outer.successor(p + 1).map_or((self.reference[0], self.m), |r| (self.x[r], r))
    }

    /// Inner member after rank `r` and before `bound`.
    fn inner_after(&self, r: usize, bound: usize) -> Option<usize> {
        self.inner.successor(r + 1).filter(|&t| t < bound)
    }

    fn insert(&mut self, s: usize, z: f64) {
        let left = self.outer_before(s);
        match left {
            Some(l) if self.y[l] <= self.y[s] => self.insert_dominated(l, s, z),
            _ => self.insert_on_staircase(left, s, z),
        }
    }

    /// s lies in the quadrant of staircase point l: it can only take area from l.
    fn insert_dominated(&mut self, l: usize, s: usize, z: f64) {
        let (xs, ys) = (self.x[s], self.y[s]);
        let top = self.top(l);
        if ys >= top {
            return; // covered by l's left neighbour too
        }
        let (right_x, bound) = self.right(l);
        let below = if s > 0 { self.inner.predecessor(s - 1).filter(|&q| q > l) } else { None };
        if let Some(q) = below {
            if self.y[q] <= ys {
                return; // inside an inner point's quadrant already
            }
        }
        // Insertion into l's inner staircase, as in the 3-D hypervolume sweep.
        let mut height = below.map_or(top, |q| self.y[q]);
        let mut from_x = xs;
        let mut taken = 0.0;
        let mut next = self.inner_after(s, bound);
        loop {
            match next {
                Some(t) => {
                    taken += (self.x[t] - from_x) * (height - ys);
                    if self.y[t] < ys {
                        break;
                    }
                    self.inner.remove(t);
                    from_x = self.x[t];
                    height = self.y[t];
                    next = self.inner_after(t, bound);
                }
                None => {
                    taken += (right_x - from_x) * (height - ys);
                    break;
                }
            }
        }
        self.inner.insert(s);
        let area = self.area[l] - taken;
        self.set_area(l, z, area);
    }

    fn insert_on_staircase(&mut self, left: Option<usize>, s: usize, z: f64) {
        let (xs, ys) = (self.x[s], self.y[s]);
        let top_s = left.map_or(self.reference[1], |l| self.y[l]);
        // The staircase points s dominates: they leave the staircase and become s's inner points.
        let mut removed = std::mem::take(&mut self.removed);
        removed.clear();
        let mut next = self.outer.successor(s + 1);
        while let Some(q) = next {
            if self.y[q] < ys {
                break;
            }
            removed.push(q);
            next = self.outer.successor(q + 1);
        }
        let right = next;
        let (right_x, right_bound) = right.map_or((self.reference[0], self.m), |r| (self.x[r], r));
        for &q in &removed {
            self.set_area(q, z, 0.0);
            self.outer.remove(q);
        }
        // Left neighbour: loses what it owned right of xs. Its inner points there are dominated
        // by s as well as by it, and so are the removed points' inner points: all leave.
        let old_next = removed.first().copied().or(right);
        let old_next_bound = old_next.unwrap_or(self.m);
        if let Some(l) = left {
            let old_right_x = old_next.map_or(self.reference[0], |q| self.x[q]);
            let below = self.inner.predecessor(s - 1).filter(|&q| q > l);
            let mut height = below.map_or(self.top(l), |q| self.y[q]);
            let mut from_x = xs;
            let yl = self.y[l];
            let mut lost = 0.0;
            let mut next = self.inner_after(s, old_next_bound);
            while let Some(t) = next {
                lost += (self.x[t] - from_x) * (height - yl);
                from_x = self.x[t];
                height = self.y[t];
                self.inner.remove(t);
                next = self.inner_after(t, old_next_bound);
            }
            lost += (old_right_x - from_x) * (height - yl);
            let area = self.area[l] - lost;
            self.set_area(l, z, area);
        }
        let mut next = self.inner_after(s, right_bound);
        while let Some(t) = next {
            self.inner.remove(t);
            next = self.inner_after(t, right_bound);
        }
        // Right neighbour: its rectangle's ceiling falls from the last removed point's y (or
        // top_s) to ys; what it owned above ys goes, with the inner points there.
        if let Some(r) = right {
            let old_top = removed.last().map_or(top_s, |&q| self.y[q]);
            let (xr, (next_right_x, r_bound)) = (self.x[r], self.right(r));
            let mut ceiling = old_top;
            let mut lost = 0.0;
            let mut next = self.inner_after(r, r_bound);
            let mut limit_x = next_right_x;
            while let Some(t) = next {
                if self.y[t] < ys {
                    limit_x = self.x[t];
                    break;
                }
                lost += (ceiling - self.y[t]) * (self.x[t] - xr);
                ceiling = self.y[t];
                self.inner.remove(t);
                next = self.inner_after(t, r_bound);
            }
            lost += (ceiling - ys) * (limit_x - xr);
            let area = self.area[r] - lost;
            self.set_area(r, z, area);
        }
        // s owns its rectangle minus the removed points' quadrants: strips between them.
        let mut area = 0.0;
        let mut from_x = xs;
        let mut height = top_s;
        for &q in &removed {
            area += (self.x[q] - from_x) * (height - ys);
            from_x = self.x[q];
            height = self.y[q];
            self.inner.insert(q);
        }
        area += (right_x - from_x) * (height - ys);
        self.removed = removed;
        self.outer.insert(s);
        self.since[s] = z;
        self.area[s] = area;
    }
}

/// Contributions of rows (3 columns) strictly inside the reference box, written to `out`.
pub fn contributions_3d(points: &[f64], reference: &[f64], out: &mut [f64]) {
    let n = points.len() / 3;
    // x-ranks over distinct rows; every copy of a duplicated row contributes 0, and one copy
    // in the sweep covers for the others.
    let order = lex_order_radix(points, n, 3);
    let mut index_of: Vec<u32> = Vec::with_capacity(n);
    let mut copied: Vec<bool> = Vec::with_capacity(n);
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && row(points, 3, i as usize) == row(points, 3, order[k - 1] as usize) {
            if let Some(last) = copied.last_mut() {
                *last = true;
            }
            continue;
        }
        index_of.push(i);
        copied.push(false);
    }
    let m = index_of.len();
    let coordinate = |r: usize, k: usize| points[3 * index_of[r] as usize + k];
    let mut sweep = Sweep {
        x: (0..m).map(|r| coordinate(r, 0)).collect(),
        y: (0..m).map(|r| coordinate(r, 1)).collect(),
        area: vec![0.0; m],
        since: vec![0.0; m],
        contribution: vec![0.0; m],
        outer: RankSet::new(m),
        inner: RankSet::new(m),
        removed: Vec::new(),
        m,
        reference: [reference[0], reference[1], reference[2]],
    };
    let mut by_z: Vec<(u64, u32)> = (0..m as u32).map(|r| (order_key(coordinate(r as usize, 2)), r)).collect();
    radix_sort(&mut by_z);
    for &(_, r) in &by_z {
        sweep.insert(r as usize, coordinate(r as usize, 2));
    }
    let mut next = sweep.outer.successor(0);
    while let Some(p) = next {
        let area = sweep.area[p];
        sweep.set_area(p, reference[2], area);
        next = sweep.outer.successor(p + 1);
    }
    for r in 0..m {
        out[index_of[r] as usize] = if copied[r] { 0.0 } else { sweep.contribution[r] };
    }
}
