//! C-SVC training by libsvm's SMO, operation for operation the TypeScript `Solver` in
//! `src/lamoo/smo-solver.ts` (second-order working-set selection, shrinking with gradient
//! reconstruction, Q in single precision and its diagonal in double), so that both return
//! bit-identical α and ρ. The kernel matrix is computed in svm_gram.rs.
//!
//! Unlike the twin, which shrinks by permuting an index list, this solver keeps every
//! variable's data at its *position* and swaps the data itself (as libsvm's swap_index does):
//! the active set is then the contiguous prefix 0..active_size of every array, and the loops
//! that dominate (smo_kernels.rs) run over plain slices, two lanes at a time. Positions are
//! visited in the twin's order, so every sum and every tie comes out the same.

use crate::smo_kernels::{select_i, select_j, update_gradient_select_i, SecondPass};
use crate::svm_gram::gram;

/// Kernel codes; any other code (0) is the linear kernel.
pub const KERNEL_POLY: u32 = 1;
pub const KERNEL_RBF: u32 = 2;

pub(crate) const TAU: f64 = 1e-12;

pub struct Parameters {
    pub kernel: u32,
    pub gamma: f64,
    pub coef0: f64,
    pub degree: u32,
    pub c: f64,
    pub tolerance: f64,
    pub max_iterations: u64,
}

pub struct Solution {
    pub rho: f64,
    pub iterations: u64,
}


/// The solver's state, indexed by position (see the module comment); `index[p]` is the
/// training row at position p, and `q` is Q with rows and columns in position order.
struct Solver {
    n: usize,
    c: f64,
    tolerance: f64,
    y: Vec<f64>,
    q: Vec<f32>,
    diagonal: Vec<f64>,
    alpha: Vec<f64>,
    gradient: Vec<f64>,
    gradient_bar: Vec<f64>,
    index: Vec<usize>,
    active_size: usize,
    unshrunk: bool,
    selected_i: usize,
    selected_j: usize,
    /// `select_i`'s answer for the current state, when the last gradient update computed it.
    next_i: Option<(f64, Option<usize>)>,
}

impl Solver {
    fn is_upper(&self, p: usize) -> bool {
        self.alpha[p] >= self.c
    }

    fn is_lower(&self, p: usize) -> bool {
        self.alpha[p] <= 0.0
    }

    fn row(&self, p: usize) -> &[f32] {
        &self.q[p * self.n..(p + 1) * self.n]
    }

    /// Exchanges the variables at positions a and b (all their data, Q's rows and columns).
    fn swap(&mut self, a: usize, b: usize) {
        if a == b {
            return;
        }
        let n = self.n;
        self.y.swap(a, b);
        self.diagonal.swap(a, b);
        self.alpha.swap(a, b);
        self.gradient.swap(a, b);
        self.gradient_bar.swap(a, b);
        self.index.swap(a, b);
        let (low, high) = if a < b { (a, b) } else { (b, a) };
        let (head, tail) = self.q.split_at_mut(high * n);
        head[low * n..(low + 1) * n].swap_with_slice(&mut tail[..n]);
        for row in self.q.chunks_exact_mut(n) {
            row.swap(a, b);
        }
    }

    /// libsvm's select_working_set over the active set; false when optimal within tolerance.
    fn select_working_set(&mut self) -> bool {
        let active = self.active_size;
        let (y, alpha, gradient) = (&self.y[..active], &self.alpha[..active], &self.gradient[..active]);
        let (g_max, i) = match self.next_i.take() {
            Some(first) => first,
            None => select_i(y, alpha, gradient, self.c),
        };
        let (g_max2, j) = match i {
            Some(i) => {
                let pass = SecondPass { g_max, yi: self.y[i], qii: self.diagonal[i], row_i: &self.row(i)[..active], diagonal: &self.diagonal[..active], c: self.c };
                select_j(&pass, y, alpha, gradient)
            }
            None => (f64::NEG_INFINITY, None),
        };
        match (i, j) {
            (Some(i), Some(j)) if g_max + g_max2 >= self.tolerance => {
                self.selected_i = i;
                self.selected_j = j;
                true
            }
            _ => false,
        }
    }

    fn reconstruct_gradient(&mut self) {
        let (n, active) = (self.n, self.active_size);
        if active == n {
            return;
        }
        for p in active..n {
            self.gradient[p] = self.gradient_bar[p] - 1.0;
        }
        for p in 0..active {
            if self.is_upper(p) || self.is_lower(p) {
                continue;
            }
            let alpha_p = self.alpha[p];
            let row = &self.q[p * n..(p + 1) * n];
            for u in active..n {
                self.gradient[u] = self.gradient[u] + alpha_p * f64::from(row[u]);
            }
        }
    }

    fn can_be_shrunk(&self, p: usize, g_max1: f64, g_max2: f64) -> bool {
        let g = self.gradient[p];
        if self.is_upper(p) {
            return if self.y[p] == 1.0 { -g > g_max1 } else { -g > g_max2 };
        }
        if self.is_lower(p) {
            return if self.y[p] == 1.0 { g > g_max2 } else { g > g_max1 };
        }
        false
    }

    fn shrink(&mut self) {
        let mut g_max1 = f64::NEG_INFINITY;
        let mut g_max2 = f64::NEG_INFINITY;
        for p in 0..self.active_size {
            let g = self.gradient[p];
            if self.y[p] == 1.0 {
                if !self.is_upper(p) && -g >= g_max1 {
                    g_max1 = -g;
                }
                if !self.is_lower(p) && g >= g_max2 {
                    g_max2 = g;
                }
            } else {
                if !self.is_upper(p) && -g >= g_max2 {
                    g_max2 = -g;
                }
                if !self.is_lower(p) && g >= g_max1 {
                    g_max1 = g;
                }
            }
        }
        if !self.unshrunk && g_max1 + g_max2 <= self.tolerance * 10.0 {
            self.unshrunk = true;
            self.reconstruct_gradient();
            self.active_size = self.n;
        }
        let mut position = 0;
        while position < self.active_size {
            if self.can_be_shrunk(position, g_max1, g_max2) {
                self.active_size -= 1;
                while self.active_size > position {
                    if !self.can_be_shrunk(self.active_size, g_max1, g_max2) {
                        self.swap(self.active_size, position);
                        break;
                    }
                    self.active_size -= 1;
                }
            }
            position += 1;
        }
    }

    fn update_gradient_bar(&mut self, p: usize, signed_c: f64) {
        let n = self.n;
        let row = &self.q[p * n..(p + 1) * n];
        for (bar, &q) in self.gradient_bar.iter_mut().zip(row.iter()) {
            *bar = *bar + signed_c * f64::from(q);
        }
    }

    /// The analytic update of (α_i, α_j), clipped to the box (libsvm's solver).
    fn update_pair(&mut self, i: usize, j: usize) {
        let c = self.c;
        let old_i = self.alpha[i];
        let old_j = self.alpha[j];
        let qii = self.diagonal[i];
        let qjj = self.diagonal[j];
        let qij = f64::from(self.q[i * self.n + j]);
        let mut ai;
        let mut aj;
        if self.y[i] != self.y[j] {
            let mut curvature = qii + qjj + 2.0 * qij;
            if curvature <= 0.0 {
                curvature = TAU;
            }
            let delta = (-self.gradient[i] - self.gradient[j]) / curvature;
            let difference = old_i - old_j;
            ai = old_i + delta;
            aj = old_j + delta;
            if difference > 0.0 {
                if aj < 0.0 {
                    aj = 0.0;
                    ai = difference;
                }
                if ai > c {
                    ai = c;
                    aj = c - difference;
                }
            } else {
                if ai < 0.0 {
                    ai = 0.0;
                    aj = -difference;
                }
                if aj > c {
                    aj = c;
                    ai = c + difference;
                }
            }
        } else {
            let mut curvature = qii + qjj - 2.0 * qij;
            if curvature <= 0.0 {
                curvature = TAU;
            }
            let delta = (self.gradient[i] - self.gradient[j]) / curvature;
            let sum = old_i + old_j;
            ai = old_i - delta;
            aj = old_j + delta;
            if sum > c {
                if ai > c {
                    ai = c;
                    aj = sum - c;
                }
                if aj > c {
                    aj = c;
                    ai = sum - c;
                }
            } else {
                if aj < 0.0 {
                    aj = 0.0;
                    ai = sum;
                }
                if ai < 0.0 {
                    ai = 0.0;
                    aj = sum;
                }
            }
        }
        let was_upper_i = old_i >= c;
        let was_upper_j = old_j >= c;
        self.alpha[i] = ai;
        self.alpha[j] = aj;
        let n = self.n;
        let active = self.active_size;
        let rows = (&self.q[i * n..i * n + active], &self.q[j * n..j * n + active]);
        self.next_i = Some(update_gradient_select_i(&mut self.gradient[..active], rows, (ai - old_i, aj - old_j), &self.y, &self.alpha, c));
        if was_upper_i != self.is_upper(i) {
            self.update_gradient_bar(i, if was_upper_i { -c } else { c });
        }
        if was_upper_j != self.is_upper(j) {
            self.update_gradient_bar(j, if was_upper_j { -c } else { c });
        }
    }

    /// ρ: the mean of y_i G_i over free support vectors, else the middle of the feasible range.
    /// Visited in training-row order, as the twin sums them.
    fn rho(&self) -> f64 {
        let mut position_of = vec![0usize; self.n];
        for (p, &t) in self.index.iter().enumerate() {
            position_of[t] = p;
        }
        let mut upper = f64::INFINITY;
        let mut lower = f64::NEG_INFINITY;
        let mut free_sum = 0.0;
        let mut free_count = 0u32;
        for &p in position_of.iter() {
            let y_g = self.y[p] * self.gradient[p];
            if self.is_upper(p) {
                if self.y[p] == -1.0 {
                    upper = upper.min(y_g);
                } else {
                    lower = lower.max(y_g);
                }
            } else if self.is_lower(p) {
                if self.y[p] == 1.0 {
                    upper = upper.min(y_g);
                } else {
                    lower = lower.max(y_g);
                }
            } else {
                free_sum += y_g;
                free_count += 1;
            }
        }
        if free_count > 0 {
            free_sum / f64::from(free_count)
        } else {
            (upper + lower) / 2.0
        }
    }
}

/// Trains on `n` rows of `dim` features with labels ±1; writes α to `alpha` (n values).
pub fn train(features: &[f64], n: usize, dim: usize, labels: &[f64], p: &Parameters, alpha: &mut [f64]) -> Solution {
    let (q, diagonal) = gram(features, n, dim, labels, p);
    let mut solver = Solver {
        n,
        c: p.c,
        tolerance: p.tolerance,
        y: labels[..n].to_vec(),
        q,
        diagonal,
        alpha: vec![0.0; n],
        gradient: vec![-1.0; n],
        gradient_bar: vec![0.0; n],
        index: (0..n).collect(),
        active_size: n,
        unshrunk: false,
        selected_i: 0,
        selected_j: 0,
        next_i: None,
    };
    let shrink_period = n.min(1000);
    let mut counter = shrink_period + 1;
    let mut iteration: u64 = 0;
    while iteration < p.max_iterations {
        counter -= 1;
        if counter == 0 {
            counter = shrink_period;
            solver.next_i = None; // the active set changes
            solver.shrink();
        }
        if !solver.select_working_set() {
            solver.reconstruct_gradient();
            solver.active_size = n;
            solver.next_i = None;
            if !solver.select_working_set() {
                break;
            }
            counter = 1;
        }
        let (i, j) = (solver.selected_i, solver.selected_j);
        solver.update_pair(i, j);
        iteration += 1;
    }
    solver.reconstruct_gradient();
    for (p, &t) in solver.index.iter().enumerate() {
        alpha[t] = solver.alpha[p];
    }
    Solution { rho: solver.rho(), iterations: iteration }
}
