//! Region membership of every point of a grid (each of `edges` coordinates takes one of
//! `m` values; NAS-Bench-201: 6 edges × 5 operations = 15,625 architectures) through a path
//! of support-vector classifiers, bit-identical to `spec/svm.ts` and `spec/lamoo.ts`.
//!
//! Grid point p has value index (p / m^k) mod m on edge k (edge 0 varies fastest). A kernel
//! value is a left-to-right sum (dot products) or product (RBF factors) over the edges, so
//! the grid points that share their values on edges 0..k share the partial result over
//! those edges: computing the partial results level by level gives every point exactly the
//! spec's sequence of operations, with far fewer of them, and each level is a few contiguous
//! scaled copies of the previous one, which vectorise. Decision values accumulate over
//! support vectors in model order, as in the spec.

use crate::exp::exp;

pub const KERNEL_LINEAR: f64 = 0.0;
pub const KERNEL_POLY: f64 = 1.0;
pub const KERNEL_RBF: f64 = 2.0;
/// Model header: kernel, gamma, coef0, degree, dim, support-vector count, intercept.
pub const HEADER: usize = 7;

pub struct Model<'a> {
    pub kernel: f64,
    pub gamma: f64,
    pub coef0: f64,
    pub degree: u32,
    pub dim: usize,
    pub dual_coef: &'a [f64],
    pub support_vectors: &'a [f64],
    pub intercept: f64,
}

/// Parses the models packed one after another as
/// `[kernel, gamma, coef0, degree, dim, n_sv, intercept, dual_coef × n_sv, sv × (n_sv·dim)]`.
pub fn parse_models(blob: &[f64], count: usize, dim: usize) -> Option<Vec<Model<'_>>> {
    let mut models = Vec::with_capacity(count);
    let mut at = 0;
    for _ in 0..count {
        let header = blob.get(at..at + HEADER)?;
        let (kernel, degree, model_dim, n_sv) = (header[0], header[3], header[4], header[5]);
        let known = kernel == KERNEL_LINEAR || kernel == KERNEL_POLY || kernel == KERNEL_RBF;
        let whole = |x: f64| x >= 0.0 && x.fract() == 0.0 && x < 1e9;
        if !known || !whole(degree) || !whole(n_sv) || model_dim != dim as f64 || !header.iter().all(|x| x.is_finite()) {
            return None;
        }
        let n_sv = n_sv as usize;
        let coef_start = at + HEADER;
        let sv_start = coef_start + n_sv;
        let end = sv_start.checked_add(n_sv.checked_mul(dim)?)?;
        let body = blob.get(coef_start..end)?;
        if !body.iter().all(|x| x.is_finite()) {
            return None;
        }
        models.push(Model {
            kernel,
            gamma: header[1],
            coef0: header[2],
            degree: degree as u32,
            dim,
            dual_coef: &blob[coef_start..sv_start],
            support_vectors: &blob[sv_start..end],
            intercept: header[6],
        });
        at = end;
    }
    if at == blob.len() {
        Some(models)
    } else {
        None
    }
}

fn integer_power(base: f64, degree: u32) -> f64 {
    let mut result = 1.0;
    for _ in 0..degree {
        result *= base;
    }
    result
}

/// The per-edge terms of one support-vector coordinate `z` for each grid value: RBF factors
/// exp(−γ (z − v)²) or dot-product terms z · v (the spec computes kernel(sv, x)).
fn edge_terms(model: &Model, z: f64, values: &[f64], terms: &mut [f64]) {
    for (term, &v) in terms.iter_mut().zip(values.iter()) {
        let difference = z - v;
        *term = if model.kernel == KERNEL_RBF { exp(-model.gamma * (difference * difference)) } else { z * v };
    }
}

/// Builds the kernel's partial results over all edges but the last into `level` (point j
/// of the sub-grid of the leading edges at index j; `scratch` holds the previous level) and
/// returns the last edge's terms in `terms`.
fn leading_levels(model: &Model, sv: &[f64], values: &[f64], terms: &mut [f64], level: &mut Vec<f64>, scratch: &mut Vec<f64>) {
    let rbf = model.kernel == KERNEL_RBF;
    level.clear();
    level.push(if rbf { 1.0 } else { 0.0 });
    let (last, leading) = match sv.split_last() {
        Some(split) => split,
        None => return,
    };
    for &z in leading {
        edge_terms(model, z, values, terms);
        std::mem::swap(level, scratch);
        level.clear();
        for &term in terms.iter() {
            if rbf {
                level.extend(scratch.iter().map(|&prefix| prefix * term));
            } else {
                level.extend(scratch.iter().map(|&prefix| prefix + term));
            }
        }
    }
    edge_terms(model, *last, values, terms);
}

/// The kernel at one grid point from its prefix result and its last edge's term.
#[inline(always)]
fn finish_kernel(model: &Model, prefix: f64, term: f64) -> f64 {
    if model.kernel == KERNEL_RBF {
        prefix * term
    } else if model.kernel == KERNEL_POLY {
        integer_power(model.gamma * (prefix + term) + model.coef0, model.degree)
    } else {
        prefix + term
    }
}

/// Decision values of `model` at the grid points `points` (all of them when `None`), written
/// to `decisions` at each point's index. Support vectors are accumulated in model order.
fn decisions_at(model: &Model, values: &[f64], points: Option<&[u32]>, decisions: &mut [f64]) {
    let m = values.len();
    let block = decisions.len() / m; // points per value of the last edge
    let mut terms = vec![0.0; m];
    let mut level = Vec::with_capacity(block);
    let mut scratch = Vec::with_capacity(block);
    match points {
        None => decisions.iter_mut().for_each(|d| *d = 0.0),
        Some(points) => points.iter().for_each(|&p| decisions[p as usize] = 0.0),
    }
    // Each listed point's index in the leading-edges level and its last edge's value.
    let split: Vec<(u32, u32)> = points.unwrap_or(&[]).iter().map(|&p| (p % block as u32, p / block as u32)).collect();
    for (i, &coef) in model.dual_coef.iter().enumerate() {
        let sv = &model.support_vectors[i * model.dim..(i + 1) * model.dim];
        leading_levels(model, sv, values, &mut terms, &mut level, &mut scratch);
        match points {
            None => {
                for (chunk, &term) in decisions.chunks_exact_mut(block).zip(terms.iter()) {
                    for (decision, &prefix) in chunk.iter_mut().zip(level.iter()) {
                        *decision += coef * finish_kernel(model, prefix, term);
                    }
                }
            }
            Some(points) => {
                for (&p, &(prefix_index, term_index)) in points.iter().zip(split.iter()) {
                    decisions[p as usize] += coef * finish_kernel(model, level[prefix_index as usize], terms[term_index as usize]);
                }
            }
        }
    }
    match points {
        None => decisions.iter_mut().for_each(|d| *d += model.intercept),
        Some(points) => points.iter().for_each(|&p| decisions[p as usize] += model.intercept),
    }
}

/// Decision values of `model` at every grid point (m^edges of them).
pub fn decision_on_grid(model: &Model, values: &[f64], decisions: &mut [f64]) {
    decisions_at(model, values, None, decisions);
}

/// Decision values of `model` at the listed grid points only, into `out` (one per point).
/// `scratch` must have m^edges entries; points must be below that.
pub fn decision_at_points(model: &Model, values: &[f64], points: &[u32], scratch: &mut [f64], out: &mut [f64]) {
    decisions_at(model, values, Some(points), scratch);
    for (value, &p) in out.iter_mut().zip(points.iter()) {
        *value = scratch[p as usize];
    }
}

/// Membership (1/0) of every grid point in the region of the path: each model's prediction
/// (decision > 0 = good) equals its side (`sides[k]` = 1 for good, 0 for bad). Points that
/// an earlier classifier already excludes are not evaluated by the later ones.
pub fn classify_grid(models: &[Model], sides: &[i32], values: &[f64], out: &mut [u8]) {
    let mut decisions = vec![0.0; out.len()];
    let mut alive: Option<Vec<u32>> = None;
    for (model, &side) in models.iter().zip(sides.iter()) {
        // Scattered points cost more each than the vectorised sweep over the whole grid.
        let sparse = alive.as_ref().filter(|points| points.len() * 3 < out.len());
        decisions_at(model, values, sparse.map(|points| points.as_slice()), &mut decisions);
        let keep = |p: usize| (decisions[p] > 0.0) == (side == 1);
        alive = Some(match alive {
            None => (0..out.len()).filter(|&p| keep(p)).map(|p| p as u32).collect(),
            Some(points) => points.into_iter().filter(|&p| keep(p as usize)).collect(),
        });
    }
    out.iter_mut().for_each(|flag| *flag = 0);
    match alive {
        None => out.iter_mut().for_each(|flag| *flag = 1),
        Some(points) => points.iter().for_each(|&p| out[p as usize] = 1),
    }
}
