//! 3-D exclusive hypervolume contributions in O(n log n), after Guerreiro & Fonseca's
//! "Computing and updating hypervolume contributions in up to four dimensions" (HVC3D):
//! sweep the points in z order over the 2-D slice of what lies below. In a slice, the point
//! p owns exclusively the rectangle between its neighbours on the staircase of non-dominated
//! (x, y), minus what the points that only p dominates cover there (its "inner" points). Each
//! staircase point keeps that area; whenever the area changes, area × (z − z at the last
//! change) is added to p's contribution. Every event touches the points it removes and O(1)
//! others, and each point enters and leaves each set at most once.
//!
//! Points are identified by x-rank (lexicographic order of (x, y, z)). The staircase and each
//! staircase point's inner staircase are doubly linked lists in x order, so every walk is
//! pointer steps; the only search, where a new point goes, is one predecessor query in a
//! `RankSet` of all listed points. An inner point keeps its owner for as long as it is
//! listed: a new staircase point between it and its owner, or one that dominates the owner,
//! removes it, as it is then dominated twice.

use crate::nondominated::{lex_cmp, order_key, row};
use crate::sorting::{order_by_key, RankSet};

/// No point: the end of a list.
const NONE: u32 = u32::MAX;

struct Sweep {
    x: Vec<f64>,
    y: Vec<f64>,
    /// Exclusive area in the current slice, staircase points only.
    area: Vec<f64>,
    /// z at which `area` last changed.
    since: Vec<f64>,
    contribution: Vec<f64>,
    /// Staircase points and inner points: the set searched for a new point's place.
    listed: RankSet,
    /// Itself for a staircase point, else the staircase point whose inner point it is.
    owner: Vec<u32>,
    /// Staircase neighbours (staircase points) or inner-list neighbours (inner points).
    next: Vec<u32>,
    prev: Vec<u32>,
    /// First inner point of each staircase point.
    first_inner: Vec<u32>,
    first_outer: u32,
    reference: [f64; 3],
}

impl Sweep {
    /// Accounts p's area up to height z, then sets it to `area`.
    #[inline]
    fn set_area(&mut self, p: u32, z: f64, area: f64) {
        let p = p as usize;
        self.contribution[p] += self.area[p] * (z - self.since[p]);
        self.since[p] = z;
        // Areas are updated by differences: rounding must not make one negative (and
        // `f64::max` is a libm call in WebAssembly).
        self.area[p] = if area > 0.0 { area } else { 0.0 };
    }

    #[inline]
    fn x_or_reference(&self, p: u32) -> f64 {
        if p == NONE { self.reference[0] } else { self.x[p as usize] }
    }

    #[inline]
    fn y_or_reference(&self, p: u32) -> f64 {
        if p == NONE { self.reference[1] } else { self.y[p as usize] }
    }

    /// Removes the inner points from `t` to the end of its list from the sweep.
    fn unlist_from(&mut self, mut t: u32) {
        while t != NONE {
            self.listed.remove(t as usize);
            t = self.next[t as usize];
        }
    }

    fn insert(&mut self, s: u32, z: f64) {
        // The nearest listed point left of s tells s's left staircase neighbour and the
        // inner point just before s in that neighbour's list.
        let found = if s == 0 { None } else { self.listed.predecessor(s as usize - 1) };
        let (left, below) = match found {
            None => (NONE, NONE),
            Some(q) if self.owner[q] as usize == q => (q as u32, NONE),
            Some(q) => (self.owner[q], q as u32),
        };
        if left != NONE && self.y[left as usize] <= self.y[s as usize] {
            self.insert_dominated(left, below, s, z);
        } else {
            self.insert_on_staircase(left, below, s, z);
        }
    }

    /// s lies in the quadrant of staircase point l: it can only take area from l.
    fn insert_dominated(&mut self, l: u32, below: u32, s: u32, z: f64) {
        let (xs, ys) = (self.x[s as usize], self.y[s as usize]);
        let top = self.y_or_reference(self.prev[l as usize]);
        if ys >= top {
            return; // covered by l's left neighbour too
        }
        if below != NONE && self.y[below as usize] <= ys {
            return; // inside an inner point's quadrant already
        }
        // Insertion into l's inner staircase, as in the 3-D hypervolume sweep.
        let right_x = self.x_or_reference(self.next[l as usize]);
        let mut height = if below == NONE { top } else { self.y[below as usize] };
        let mut from_x = xs;
        let mut taken = 0.0;
        let mut t = if below == NONE { self.first_inner[l as usize] } else { self.next[below as usize] };
        loop {
            if t == NONE {
                taken += (right_x - from_x) * (height - ys);
                break;
            }
            let (xt, yt) = (self.x[t as usize], self.y[t as usize]);
            taken += (xt - from_x) * (height - ys);
            if yt < ys {
                break;
            }
            self.listed.remove(t as usize);
            from_x = xt;
            height = yt;
            t = self.next[t as usize];
        }
        // Link s between `below` and t, the first inner point it does not dominate.
        let (si, li) = (s as usize, l as usize);
        self.prev[si] = below;
        self.next[si] = t;
        if t != NONE {
            self.prev[t as usize] = s;
        }
        if below == NONE {
            self.first_inner[li] = s;
        } else {
            self.next[below as usize] = s;
        }
        self.owner[si] = l;
        self.listed.insert(si);
        let area = self.area[li] - taken;
        self.set_area(l, z, area);
    }

    fn insert_on_staircase(&mut self, left: u32, below: u32, s: u32, z: f64) {
        let (xs, ys) = (self.x[s as usize], self.y[s as usize]);
        let top_s = self.y_or_reference(left);
        let first = if left == NONE { self.first_outer } else { self.next[left as usize] };
        // The staircase points s dominates (a run from `first`) leave the staircase and become
        // s's inner points; their own inner points, dominated twice, leave the sweep.
        let mut right = first;
        let mut last_removed = NONE;
        let mut area = 0.0;
        let mut from_x = xs;
        let mut height = top_s;
        while right != NONE && self.y[right as usize] >= ys {
            let q = right;
            self.set_area(q, z, 0.0);
            self.unlist_from(self.first_inner[q as usize]);
            self.owner[q as usize] = s;
            // s owns its rectangle minus the removed points' quadrants: strips between them.
            area += (self.x[q as usize] - from_x) * (height - ys);
            from_x = self.x[q as usize];
            height = self.y[q as usize];
            last_removed = q;
            right = self.next[q as usize];
        }
        area += (self.x_or_reference(right) - from_x) * (height - ys);
        // Left neighbour: loses what it owned right of xs, with its inner points there (now
        // dominated by s as well).
        if left != NONE {
            let li = left as usize;
            let old_right_x = self.x_or_reference(first);
            let yl = self.y[li];
            let mut height = if below == NONE { self.y_or_reference(self.prev[li]) } else { self.y[below as usize] };
            let mut from_x = xs;
            let mut lost = 0.0;
            let mut t = if below == NONE { self.first_inner[li] } else { self.next[below as usize] };
            while t != NONE {
                lost += (self.x[t as usize] - from_x) * (height - yl);
                from_x = self.x[t as usize];
                height = self.y[t as usize];
                self.listed.remove(t as usize);
                t = self.next[t as usize];
            }
            lost += (old_right_x - from_x) * (height - yl);
            if below == NONE {
                self.first_inner[li] = NONE;
            } else {
                self.next[below as usize] = NONE;
            }
            let area = self.area[li] - lost;
            self.set_area(left, z, area);
        }
        // Right neighbour: its rectangle's ceiling falls from the last removed point's y (or
        // top_s) to ys; what it owned above ys goes, with the inner points there.
        if right != NONE {
            let ri = right as usize;
            let xr = self.x[ri];
            let mut ceiling = if last_removed == NONE { top_s } else { self.y[last_removed as usize] };
            let mut lost = 0.0;
            let mut limit_x = self.x_or_reference(self.next[ri]);
            let mut t = self.first_inner[ri];
            while t != NONE {
                let (xt, yt) = (self.x[t as usize], self.y[t as usize]);
                if yt < ys {
                    limit_x = xt;
                    break;
                }
                lost += (ceiling - yt) * (xt - xr);
                ceiling = yt;
                self.listed.remove(t as usize);
                t = self.next[t as usize];
            }
            lost += (ceiling - ys) * (limit_x - xr);
            self.first_inner[ri] = t;
            if t != NONE {
                self.prev[t as usize] = NONE;
            }
            let area = self.area[ri] - lost;
            self.set_area(right, z, area);
        }
        // The removed run, still linked in x order, becomes s's inner list.
        let si = s as usize;
        if last_removed != NONE {
            self.first_inner[si] = first;
            self.prev[first as usize] = NONE;
            self.next[last_removed as usize] = NONE;
        } else {
            self.first_inner[si] = NONE;
        }
        self.prev[si] = left;
        self.next[si] = right;
        if left == NONE {
            self.first_outer = s;
        } else {
            self.next[left as usize] = s;
        }
        if right != NONE {
            self.prev[right as usize] = s;
        }
        self.owner[si] = s;
        self.listed.insert(si);
        self.since[si] = z;
        self.area[si] = area;
    }
}

/// Contributions of rows (3 columns) strictly inside the reference box, written to `out`.
pub fn contributions_3d(points: &[f64], reference: &[f64], out: &mut [f64]) {
    let n = points.len() / 3;
    // x-ranks over distinct rows; every copy of a duplicated row contributes 0, and one copy
    // in the sweep covers for the others.
    let order = order_by_key(n, |i| order_key(points[3 * i]), |a, b| lex_cmp(row(points, 3, a as usize), row(points, 3, b as usize)));
    let mut index_of: Vec<u32> = Vec::with_capacity(n);
    let mut copied: Vec<bool> = Vec::with_capacity(n);
    let (mut x, mut y, mut z) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for (k, &i) in order.iter().enumerate() {
        let p = row(points, 3, i as usize);
        if k > 0 && p == row(points, 3, order[k - 1] as usize) {
            if let Some(last) = copied.last_mut() {
                *last = true;
            }
            continue;
        }
        index_of.push(i);
        copied.push(false);
        x.push(p[0]);
        y.push(p[1]);
        z.push(p[2]);
    }
    let m = index_of.len();
    let by_z = order_by_key(m, |r| order_key(z[r]), |a, b| order_key(z[a as usize]).cmp(&order_key(z[b as usize])));
    let mut sweep = Sweep {
        x,
        y,
        area: vec![0.0; m],
        since: vec![0.0; m],
        contribution: vec![0.0; m],
        listed: RankSet::new(m),
        owner: vec![NONE; m],
        next: vec![NONE; m],
        prev: vec![NONE; m],
        first_inner: vec![NONE; m],
        first_outer: NONE,
        reference: [reference[0], reference[1], reference[2]],
    };
    for &r in &by_z {
        sweep.insert(r, z[r as usize]);
    }
    let mut p = sweep.first_outer;
    while p != NONE {
        let area = sweep.area[p as usize];
        sweep.set_area(p, reference[2], area);
        p = sweep.next[p as usize];
    }
    for r in 0..m {
        out[index_of[r] as usize] = if copied[r] { 0.0 } else { sweep.contribution[r] };
    }
}
