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

/// A point's running account while it is on the staircase.
#[derive(Clone, Copy, Default)]
struct Account {
    /// Exclusive area in the current slice.
    area: f64,
    /// z at which `area` last changed.
    since: f64,
    contribution: f64,
}

/// A point's places in the lists.
#[derive(Clone, Copy)]
struct Links {
    /// Staircase neighbours (staircase points) or inner-list neighbours (inner points).
    next: u32,
    prev: u32,
    /// Itself for a staircase point, else the staircase point whose inner point it is.
    owner: u32,
    /// First inner point (staircase points only).
    first_inner: u32,
}

struct Sweep {
    x: Vec<f64>,
    y: Vec<f64>,
    account: Vec<Account>,
    links: Vec<Links>,
    /// Staircase points and inner points: the set searched for a new point's place.
    listed: RankSet,
    first_outer: u32,
    reference: [f64; 3],
}

impl Sweep {
    /// Accounts p's area up to height z, then sets it to `area`.
    #[inline]
    fn set_area(&mut self, p: u32, z: f64, area: f64) {
        let account = &mut self.account[p as usize];
        account.contribution += account.area * (z - account.since);
        account.since = z;
        // Areas are updated by differences: rounding must not make one negative (and
        // `f64::max` is a libm call in WebAssembly).
        account.area = if area > 0.0 { area } else { 0.0 };
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
            t = self.links[t as usize].next;
        }
    }

    fn insert(&mut self, s: u32, z: f64) {
        // The nearest listed point left of s tells s's left staircase neighbour and the
        // inner point just before s in that neighbour's list.
        let found = if s == 0 { None } else { self.listed.predecessor(s as usize - 1) };
        let (left, below) = match found {
            None => (NONE, NONE),
            Some(q) if self.links[q].owner as usize == q => (q as u32, NONE),
            Some(q) => (self.links[q].owner, q as u32),
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
        let top = self.y_or_reference(self.links[l as usize].prev);
        if ys >= top {
            return; // covered by l's left neighbour too
        }
        if below != NONE && self.y[below as usize] <= ys {
            return; // inside an inner point's quadrant already
        }
        // Insertion into l's inner staircase, as in the 3-D hypervolume sweep.
        let right_x = self.x_or_reference(self.links[l as usize].next);
        let mut height = if below == NONE { top } else { self.y[below as usize] };
        let mut from_x = xs;
        let mut taken = 0.0;
        let mut t = if below == NONE { self.links[l as usize].first_inner } else { self.links[below as usize].next };
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
            t = self.links[t as usize].next;
        }
        // Link s between `below` and t, the first inner point it does not dominate.
        let (si, li) = (s as usize, l as usize);
        self.links[si].prev = below;
        self.links[si].next = t;
        if t != NONE {
            self.links[t as usize].prev = s;
        }
        if below == NONE {
            self.links[li].first_inner = s;
        } else {
            self.links[below as usize].next = s;
        }
        self.links[si].owner = l;
        self.listed.insert(si);
        let area = self.account[li].area - taken;
        self.set_area(l, z, area);
    }

    fn insert_on_staircase(&mut self, left: u32, below: u32, s: u32, z: f64) {
        let (xs, ys) = (self.x[s as usize], self.y[s as usize]);
        let top_s = self.y_or_reference(left);
        let first = if left == NONE { self.first_outer } else { self.links[left as usize].next };
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
            self.unlist_from(self.links[q as usize].first_inner);
            self.links[q as usize].owner = s;
            // s owns its rectangle minus the removed points' quadrants: strips between them.
            area += (self.x[q as usize] - from_x) * (height - ys);
            from_x = self.x[q as usize];
            height = self.y[q as usize];
            last_removed = q;
            right = self.links[q as usize].next;
        }
        area += (self.x_or_reference(right) - from_x) * (height - ys);
        // Left neighbour: loses what it owned right of xs, with its inner points there (now
        // dominated by s as well).
        if left != NONE {
            let li = left as usize;
            let old_right_x = self.x_or_reference(first);
            let yl = self.y[li];
            let mut height = if below == NONE { self.y_or_reference(self.links[li].prev) } else { self.y[below as usize] };
            let mut from_x = xs;
            let mut lost = 0.0;
            let mut t = if below == NONE { self.links[li].first_inner } else { self.links[below as usize].next };
            while t != NONE {
                lost += (self.x[t as usize] - from_x) * (height - yl);
                from_x = self.x[t as usize];
                height = self.y[t as usize];
                self.listed.remove(t as usize);
                t = self.links[t as usize].next;
            }
            lost += (old_right_x - from_x) * (height - yl);
            if below == NONE {
                self.links[li].first_inner = NONE;
            } else {
                self.links[below as usize].next = NONE;
            }
            let area = self.account[li].area - lost;
            self.set_area(left, z, area);
        }
        // Right neighbour: its rectangle's ceiling falls from the last removed point's y (or
        // top_s) to ys; what it owned above ys goes, with the inner points there.
        if right != NONE {
            let ri = right as usize;
            let xr = self.x[ri];
            let mut ceiling = if last_removed == NONE { top_s } else { self.y[last_removed as usize] };
            let mut lost = 0.0;
            let mut limit_x = self.x_or_reference(self.links[ri].next);
            let mut t = self.links[ri].first_inner;
            while t != NONE {
                let (xt, yt) = (self.x[t as usize], self.y[t as usize]);
                if yt < ys {
                    limit_x = xt;
                    break;
                }
                lost += (ceiling - yt) * (xt - xr);
                ceiling = yt;
                self.listed.remove(t as usize);
                t = self.links[t as usize].next;
            }
            lost += (ceiling - ys) * (limit_x - xr);
            self.links[ri].first_inner = t;
            if t != NONE {
                self.links[t as usize].prev = NONE;
            }
            let area = self.account[ri].area - lost;
            self.set_area(right, z, area);
        }
        // The removed run, still linked in x order, becomes s's inner list.
        let si = s as usize;
        if last_removed != NONE {
            self.links[si].first_inner = first;
            self.links[first as usize].prev = NONE;
            self.links[last_removed as usize].next = NONE;
        } else {
            self.links[si].first_inner = NONE;
        }
        self.links[si].prev = left;
        self.links[si].next = right;
        if left == NONE {
            self.first_outer = s;
        } else {
            self.links[left as usize].next = s;
        }
        if right != NONE {
            self.links[right as usize].prev = s;
        }
        self.links[si].owner = s;
        self.listed.insert(si);
        self.account[si].since = z;
        self.account[si].area = area;
    }
}

/// Contributions of the rows (3 columns) strictly inside the reference box, written to
/// `out` (zeroed by the caller, which covers the rows outside).
pub fn contributions_3d(points: &[f64], reference: &[f64], out: &mut [f64]) {
    // x-ranks over distinct inside rows; every copy of a duplicated row contributes 0, and one
    // copy in the sweep covers for the others.
    let inside: Vec<u32> = (0..points.len() / 3)
        .filter(|&i| points[3 * i] < reference[0] && points[3 * i + 1] < reference[1] && points[3 * i + 2] < reference[2])
        .map(|i| i as u32)
        .collect();
    let at = |k: u32| row(points, 3, inside[k as usize] as usize);
    let order = order_by_key(inside.len(), |k| order_key(at(k as u32)[0]), |a, b| lex_cmp(at(a), at(b)));
    let mut index_of: Vec<u32> = Vec::with_capacity(inside.len());
    let mut copied: Vec<bool> = Vec::with_capacity(inside.len());
    let (mut x, mut y, mut z) = (Vec::with_capacity(inside.len()), Vec::with_capacity(inside.len()), Vec::with_capacity(inside.len()));
    for (k, &i) in order.iter().enumerate() {
        let p = at(i);
        if k > 0 && p == at(order[k - 1]) {
            if let Some(last) = copied.last_mut() {
                *last = true;
            }
            continue;
        }
        index_of.push(inside[i as usize]);
        copied.push(false);
        // −0 as +0, so that no difference of coordinates is −0.
        x.push(p[0] + 0.0);
        y.push(p[1] + 0.0);
        z.push(p[2] + 0.0);
    }
    let m = index_of.len();
    let by_z = order_by_key(m, |r| order_key(z[r]), |a, b| order_key(z[a as usize]).cmp(&order_key(z[b as usize])));
    let mut sweep = Sweep {
        x,
        y,
        account: vec![Account::default(); m],
        links: vec![Links { next: NONE, prev: NONE, owner: NONE, first_inner: NONE }; m],
        listed: RankSet::new(m),
        first_outer: NONE,
        reference: [reference[0], reference[1], reference[2]],
    };
    for &r in &by_z {
        sweep.insert(r, z[r as usize]);
    }
    let mut p = sweep.first_outer;
    while p != NONE {
        let area = sweep.account[p as usize].area;
        sweep.set_area(p, reference[2], area);
        p = sweep.links[p as usize].next;
    }
    for r in 0..m {
        out[index_of[r] as usize] = if copied[r] { 0.0 } else { sweep.account[r].contribution };
    }
}
