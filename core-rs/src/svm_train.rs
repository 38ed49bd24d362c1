//! C-SVC training by libsvm's SMO, operation for operation the TypeScript `Solver` in
//! `src/lamoo/smo-solver.ts` (second-order working-set selection, shrinking with gradient
//! reconstruction, Q in single precision and its diagonal in double), so that both return
//! bit-identical α and ρ. The kernel matrix is computed in svm_gram.rs.

use crate::svm_gram::gram;

/// Kernel codes; any other code (0) is the linear kernel.
pub const KERNEL_POLY: u32 = 1;
pub const KERNEL_RBF: u32 = 2;

const TAU: f64 = 1e-12;

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


struct Solver<'a> {
    n: usize,
    c: f64,
    tolerance: f64,
    y: &'a [f64],
    q: Vec<f32>,
    diagonal: Vec<f64>,
    alpha: &'a mut [f64],
    gradient: Vec<f64>,
    gradient_bar: Vec<f64>,
    order: Vec<usize>,
    active_size: usize,
    unshrunk: bool,
    selected_i: usize,
    selected_j: usize,
}

impl<'a> Solver<'a> {
    fn is_upper(&self, t: usize) -> bool {
        self.alpha[t] >= self.c
    }

    fn is_lower(&self, t: usize) -> bool {
        self.alpha[t] <= 0.0
    }

    fn q(&self, row: usize, t: usize) -> f64 {
        f64::from(self.q[row * self.n + t])
    }

    fn select_working_set(&mut self) -> bool {
        let c = self.c;
        let n = self.n;
        let active = &self.order[..self.active_size];
        let (y, alpha, gradient) = (&self.y[..n], &self.alpha[..n], &self.gradient[..n]);
        let mut g_max = f64::NEG_INFINITY;
        let mut i: Option<usize> = None;
        for &t in active {
            // SAFETY: `order` is a permutation of 0..n, so t < n for every slice indexed.
            let (yt, a, g) = unsafe { (*y.get_unchecked(t), *alpha.get_unchecked(t), *gradient.get_unchecked(t)) };
            if if yt == 1.0 { a < c } else { a > 0.0 } {
                let violation = -yt * g;
                if violation >= g_max {
                    g_max = violation;
                    i = Some(t);
                }
            }
        }
        let mut g_max2 = f64::NEG_INFINITY;
        let mut j: Option<usize> = None;
        let mut best_decrease = f64::INFINITY;
        if let Some(i) = i {
            let yi = y[i];
            let qii = self.diagonal[i];
            let row_i = &self.q[i * n..(i + 1) * n];
            let diagonal = &self.diagonal[..n];
            for &t in active {
                // SAFETY: as above, t < n.
                let (yt, a, g) = unsafe { (*y.get_unchecked(t), *alpha.get_unchecked(t), *gradient.get_unchecked(t)) };
                if if yt == 1.0 { a <= 0.0 } else { a >= c } {
                    continue;
                }
                let y_g = yt * g;
                if y_g >= g_max2 {
                    g_max2 = y_g;
                }
                let gradient_difference = g_max + y_g;
                if gradient_difference > 0.0 {
                    // SAFETY: as above, t < n.
                    let (d, q) = unsafe { (*diagonal.get_unchecked(t), f64::from(*row_i.get_unchecked(t))) };
                    let mut curvature = qii + d - 2.0 * yi * yt * q;
                    if curvature <= 0.0 {
                        curvature = TAU;
                    }
                    let decrease = -(gradient_difference * gradient_difference) / curvature;
                    if decrease <= best_decrease {
                        best_decrease = decrease;
                        j = Some(t);
                    }
                }
            }
        }
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
        let n = self.n;
        if self.active_size == n {
            return;
        }
        for position in self.active_size..n {
            let t = self.order[position];
            self.gradient[t] = self.gradient_bar[t] - 1.0;
        }
        for position in 0..self.active_size {
            let t = self.order[position];
            if self.is_upper(t) || self.is_lower(t) {
                continue;
            }
            let alpha_t = self.alpha[t];
            for inactive in self.active_size..n {
                let u = self.order[inactive];
                self.gradient[u] = self.gradient[u] + alpha_t * self.q(t, u);
            }
        }
    }

    fn can_be_shrunk(&self, t: usize, g_max1: f64, g_max2: f64) -> bool {
        let g = self.gradient[t];
        if self.is_upper(t) {
            return if self.y[t] == 1.0 { -g > g_max1 } else { -g > g_max2 };
        }
        if self.is_lower(t) {
            return if self.y[t] == 1.0 { g > g_max2 } else { g > g_max1 };
        }
        false
    }

    fn shrink(&mut self) {
        let mut g_max1 = f64::NEG_INFINITY;
        let mut g_max2 = f64::NEG_INFINITY;
        for position in 0..self.active_size {
            let t = self.order[position];
            let g = self.gradient[t];
            if self.y[t] == 1.0 {
                if !self.is_upper(t) && -g >= g_max1 {
                    g_max1 = -g;
                }
                if !self.is_lower(t) && g >= g_max2 {
                    g_max2 = g;
                }
            } else {
                if !self.is_upper(t) && -g >= g_max2 {
                    g_max2 = -g;
                }
                if !self.is_lower(t) && g >= g_max1 {
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
            if self.can_be_shrunk(self.order[position], g_max1, g_max2) {
                self.active_size -= 1;
                while self.active_size > position {
                    if !self.can_be_shrunk(self.order[self.active_size], g_max1, g_max2) {
                        self.order.swap(self.active_size, position);
                        break;
                    }
                    self.active_size -= 1;
                }
            }
            position += 1;
        }
    }

    fn update_gradient_bar(&mut self, row: usize, signed_c: f64) {
        for t in 0..self.n {
            self.gradient_bar[t] = self.gradient_bar[t] + signed_c * self.q(row, t);
        }
    }

    /// The analytic update of (α_i, α_j), clipped to the box (libsvm's solver).
    fn update_pair(&mut self, i: usize, j: usize) {
        let c = self.c;
        let old_i = self.alpha[i];
        let old_j = self.alpha[j];
        let qii = self.diagonal[i];
        let qjj = self.diagonal[j];
        let qij = self.q(i, j);
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
        let delta_i = ai - old_i;
        let delta_j = aj - old_j;
        let n = self.n;
        {
            let row_i = &self.q[i * n..(i + 1) * n];
            let row_j = &self.q[j * n..(j + 1) * n];
            let gradient = &mut self.gradient[..n];
            for &t in &self.order[..self.active_size] {
                // SAFETY: `order` is a permutation of 0..n, so t < n for every slice indexed.
                unsafe {
                    let g = gradient.get_unchecked_mut(t);
                    *g = *g + f64::from(*row_i.get_unchecked(t)) * delta_i + f64::from(*row_j.get_unchecked(t)) * delta_j;
                }
            }
        }
        if was_upper_i != self.is_upper(i) {
            self.update_gradient_bar(i, if was_upper_i { -c } else { c });
        }
        if was_upper_j != self.is_upper(j) {
            self.update_gradient_bar(j, if was_upper_j { -c } else { c });
        }
    }

    /// ρ: the mean of y_i G_i over free support vectors, else the middle of the feasible range.
    fn rho(&self) -> f64 {
        let mut upper = f64::INFINITY;
        let mut lower = f64::NEG_INFINITY;
        let mut free_sum = 0.0;
        let mut free_count = 0u32;
        for t in 0..self.n {
            let y_g = self.y[t] * self.gradient[t];
            if self.is_upper(t) {
                if self.y[t] == -1.0 {
                    upper = upper.min(y_g);
                } else {
                    lower = lower.max(y_g);
                }
            } else if self.is_lower(t) {
                if self.y[t] == 1.0 {
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
    for a in alpha.iter_mut() {
        *a = 0.0;
    }
    let mut solver = Solver {
        n,
        c: p.c,
        tolerance: p.tolerance,
        y: labels,
        q,
        diagonal,
        alpha,
        gradient: vec![-1.0; n],
        gradient_bar: vec![0.0; n],
        order: (0..n).collect(),
        active_size: n,
        unshrunk: false,
        selected_i: 0,
        selected_j: 0,
    };
    let shrink_period = n.min(1000);
    let mut counter = shrink_period + 1;
    let mut iteration: u64 = 0;
    while iteration < p.max_iterations {
        counter -= 1;
        if counter == 0 {
            counter = shrink_period;
            solver.shrink();
        }
        if !solver.select_working_set() {
            solver.reconstruct_gradient();
            solver.active_size = n;
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
    Solution { rho: solver.rho(), iterations: iteration }
}
