//! Exclusive hypervolume contribution of each point: HV(S) − HV(S \ {p}). Zero for points
//! outside the reference box, for dominated points and for every copy of a duplicated point.
//! 2-D: one staircase sweep, O(n log n). 1-D: the gap to the next distinct value.
//! 3-D: the sweep of `hvc3d.rs`, O(n log n).
//! 4-D and up: for each non-dominated point, its box minus the hypervolume of its limit set
//! (as in WFG's exclusive hypervolume) over the points that can bound its exclusive region.

use crate::hypervolume::{hypervolume_inside, rows_inside};
use crate::nondominated::{dominates, lex_order, nondominated_rows, row};
use crate::ranks::pareto_ranks;

pub fn hv_contributions(points: &[f64], n: usize, dim: usize, reference: &[f64], out: &mut [f64]) {
    for value in out.iter_mut().take(n) {
        *value = 0.0;
    }
    if dim == 3 {
        // The sweep picks the inside rows itself, without copying them.
        crate::hvc3d::contributions_3d(&points[..3 * n], reference, out);
        return;
    }
    let (inside, source) = rows_inside(points, n, dim, reference);
    if source.is_empty() {
        return;
    }
    let mut inside_out = vec![0.0; source.len()];
    match dim {
        1 => contributions_1d(&inside, reference, &mut inside_out),
        2 => contributions_2d(&inside, reference, &mut inside_out),
        _ => contributions_by_limit_set(&inside, dim, reference, &mut inside_out),
    }
    for (k, &i) in source.iter().enumerate() {
        out[i] = inside_out[k];
    }
}

/// Whether the hypervolume of the set overflows, given its contributions `out`: a non-finite
/// contribution says so; otherwise the box from the inside rows' best values bounds the
/// hypervolume, and only when that bound overflows is the hypervolume itself computed.
pub fn overflows(points: &[f64], n: usize, dim: usize, reference: &[f64], out: &[f64]) -> bool {
    if out.iter().any(|v| !v.is_finite()) {
        return true;
    }
    let mut lowest = reference.to_vec();
    let mut any_inside = false;
    for i in 0..n {
        let p = row(points, dim, i);
        if crate::hypervolume::is_inside(p, reference) {
            any_inside = true;
            for (low, &x) in lowest.iter_mut().zip(p.iter()) {
                *low = crate::hv4d::lesser(*low, x);
            }
        }
    }
    let bound: f64 = reference.iter().zip(lowest.iter()).map(|(r, low)| r - low).product();
    any_inside && !bound.is_finite() && !crate::hypervolume::hypervolume(points, n, dim, reference).is_finite()
}

fn contributions_1d(values: &[f64], reference: &[f64], out: &mut [f64]) {
    let mut best = 0;
    for i in 1..values.len() {
        if values[i] < values[best] {
            best = i;
        }
    }
    let minimum = values[best];
    let mut runner_up = reference[0];
    for (i, &v) in values.iter().enumerate() {
        if i != best && v < runner_up {
            runner_up = v;
        }
    }
    // A duplicated minimum gives runner_up = minimum, hence 0.
    out[best] = runner_up - minimum;
}

fn contributions_2d(points: &[f64], reference: &[f64], out: &mut [f64]) {
    let order = lex_order(points, points.len() / 2, 2);
    // The staircase (x strictly increasing, y strictly decreasing) and everything else.
    let mut steps: Vec<usize> = Vec::new();
    let mut others: Vec<usize> = Vec::new();
    for &i in &order {
        match steps.last() {
            Some(&s) if points[2 * s + 1] <= points[2 * i + 1] => others.push(i),
            _ => steps.push(i),
        }
    }
    let x_of = |i: usize| points[2 * i];
    let y_of = |i: usize| points[2 * i + 1];
    let upper_y = |k: usize| if k == 0 { reference[1] } else { y_of(steps[k - 1]) };
    let right_x = |k: usize| steps.get(k + 1).map_or(reference[0], |&t| x_of(t));
    // Step k alone owns the rectangle [x_k, x_{k+1}) × [y_k, y_{k−1}); a point in it that
    // step k dominates (or duplicates) is dominated by no other step and, with step k
    // removed, takes back part of that rectangle.
    let mut covered_by: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    for &q in &others {
        let k = steps.partition_point(|&s| x_of(s) <= x_of(q)) - 1;
        if y_of(q) < upper_y(k) {
            covered_by[k].extend_from_slice(&[x_of(q), y_of(q)]);
        }
    }
    for (k, &s) in steps.iter().enumerate() {
        let corner = [right_x(k), upper_y(k)];
        let rectangle = (corner[0] - x_of(s)) * (corner[1] - y_of(s));
        let taken_back = if covered_by[k].is_empty() { 0.0 } else { hypervolume_inside(std::mem::take(&mut covered_by[k]), 2, &corner) };
        out[s] = rectangle - taken_back;
    }
}

fn contributions_by_limit_set(points: &[f64], dim: usize, reference: &[f64], out: &mut [f64]) {
    let m = points.len() / dim;
    let mut ranks = vec![0i32; m];
    pareto_ranks(points, m, dim, &mut ranks);
    let front: Vec<usize> = (0..m).filter(|&i| ranks[i] == 0).collect();
    // Removing p can only expose points that p alone dominates among the front; every other
    // point stays dominated by a front member, whose limit-set image covers its own.
    let mut exposed_by: Vec<Vec<usize>> = vec![Vec::new(); front.len()];
    for q in (0..m).filter(|&q| ranks[q] > 0) {
        let mut dominators = front.iter().enumerate().filter(|&(_, &f)| dominates(row(points, dim, f), row(points, dim, q)));
        if let (Some((k, _)), None) = (dominators.next(), dominators.next()) {
            exposed_by[k].push(q);
        }
    }
    let mut limit_set: Vec<f64> = Vec::new();
    for (k, &i) in front.iter().enumerate() {
        let p = row(points, dim, i);
        limit_set.clear();
        for &j in front.iter().filter(|&&j| j != i).chain(exposed_by[k].iter()) {
            let q = row(points, dim, j);
            limit_set.extend(p.iter().zip(q.iter()).map(|(a, b)| if b > a { *b } else { *a }));
        }
        let box_volume: f64 = p.iter().zip(reference.iter()).map(|(x, r)| r - x).product();
        let covered = hypervolume_inside(nondominated_rows(&limit_set, dim), dim, reference);
        out[i] = box_volume - covered;
    }
}
