//! Native unit tests: every kernel against a brute-force definition on seeded random
//! small-integer grids (ties, duplicates, points on the reference), where results are exact.

use crate::abi;
use crate::contributions::hv_contributions;
use crate::hypervolume::hypervolume;
use crate::nondominated::{dominates, row};
use crate::ranks::pareto_ranks;

/// SplitMix64: a small seeded PRNG, so the tests need no crates.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }
}

/// `n` rows of `dim` small integers in 0..=grid (the reference will be `grid`, so some
/// points lie on it).
fn grid_points(rng: &mut SplitMix64, n: usize, dim: usize, grid: u64) -> Vec<f64> {
    (0..n * dim).map(|_| rng.below(grid + 1) as f64).collect()
}

fn brute_ranks(points: &[f64], n: usize, dim: usize) -> Vec<i32> {
    let mut ranks = vec![-1; n];
    let mut rank = 0;
    while ranks.iter().any(|&r| r < 0) {
        let current: Vec<usize> = (0..n)
            .filter(|&i| ranks[i] < 0)
            .filter(|&i| {
                !(0..n).any(|j| ranks[j] < 0 && dominates(row(points, dim, j), row(points, dim, i)))
            })
            .collect();
        for i in current {
            ranks[i] = rank;
        }
        rank += 1;
    }
    ranks
}

/// Inclusion–exclusion over all non-empty subsets: the definition, exponential in n.
fn brute_hypervolume(points: &[f64], n: usize, dim: usize, reference: &[f64]) -> f64 {
    let mut total = 0.0;
    for mask in 1u32..(1u32 << n) {
        let mut corner = vec![f64::NEG_INFINITY; dim];
        for i in 0..n {
            if mask & (1 << i) != 0 {
                for k in 0..dim {
                    corner[k] = corner[k].max(points[i * dim + k]);
                }
            }
        }
        let volume: f64 = (0..dim).map(|k| (reference[k] - corner[k]).max(0.0)).product();
        let sign = if mask.count_ones() % 2 == 1 { 1.0 } else { -1.0 };
        total += sign * volume;
    }
    total
}

#[test]
fn ranks_match_peeling_on_grids() {
    let mut rng = SplitMix64(1);
    for case in 0..3000 {
        let dim = 1 + case % 5;
        let n = rng.below(40) as usize;
        let grid = 1 + rng.below(6);
        let points = grid_points(&mut rng, n, dim, grid);
        let mut ranks = vec![0; n];
        pareto_ranks(&points, n, dim, &mut ranks);
        assert_eq!(ranks, brute_ranks(&points, n, dim), "case {case}: dim {dim} n {n} {points:?}");
    }
}

#[test]
fn hypervolume_matches_inclusion_exclusion_exactly_on_grids() {
    let mut rng = SplitMix64(2);
    for case in 0..4000 {
        let dim = 1 + case % 6;
        let n = rng.below(11) as usize;
        let grid = 1 + rng.below(7);
        let points = grid_points(&mut rng, n, dim, grid);
        let reference = vec![grid as f64; dim];
        let expected = brute_hypervolume(&points, n, dim, &reference);
        let actual = hypervolume(&points, n, dim, &reference);
        assert_eq!(actual, expected, "case {case}: dim {dim} n {n} {points:?}");
    }
}

#[test]
fn contributions_equal_leave_one_out_differences() {
    let mut rng = SplitMix64(3);
    for case in 0..2000 {
        let dim = 1 + case % 5;
        let n = rng.below(25) as usize;
        let grid = 1 + rng.below(6);
        let points = grid_points(&mut rng, n, dim, grid);
        let reference = vec![grid as f64; dim];
        let total = hypervolume(&points, n, dim, &reference);
        let mut contributions = vec![f64::NAN; n];
        hv_contributions(&points, n, dim, &reference, &mut contributions);
        for i in 0..n {
            let without: Vec<f64> = (0..n)
                .filter(|&j| j != i)
                .flat_map(|j| row(&points, dim, j).to_vec())
                .collect();
            let expected = total - hypervolume(&without, n - 1, dim, &reference);
            assert_eq!(contributions[i], expected, "case {case}: dim {dim} point {i} of {points:?}");
        }
    }
}

#[test]
fn abi_reports_bad_input_with_status_codes() {
    let points = [1.0, f64::NAN];
    let reference = [2.0, 2.0];
    let mut out = [0.0f64; 2];
    let mut ranks = [0i32; 2];
    unsafe {
        assert_eq!(abi::hypervolume(points.as_ptr(), 1, 2, reference.as_ptr(), out.as_mut_ptr()), abi::STATUS_NON_FINITE_POINT);
        assert_eq!(abi::pareto_ranks(points.as_ptr(), 1, 0, ranks.as_mut_ptr()), abi::STATUS_BAD_DIMENSION);
        let inf_ref = [f64::INFINITY, 1.0];
        let good = [0.0, 0.0];
        assert_eq!(abi::hypervolume(good.as_ptr(), 1, 2, inf_ref.as_ptr(), out.as_mut_ptr()), abi::STATUS_NON_FINITE_REFERENCE);
        assert_eq!(abi::hypervolume(std::ptr::null(), 1, 2, reference.as_ptr(), out.as_mut_ptr()), abi::STATUS_NULL_POINTER);
        assert_eq!(abi::hv_contributions(good.as_ptr(), usize::MAX, 2, reference.as_ptr(), out.as_mut_ptr()), abi::STATUS_TOO_LARGE);
        assert_eq!(abi::hypervolume(std::ptr::null(), 0, 2, reference.as_ptr(), out.as_mut_ptr()), abi::STATUS_OK);
        assert_eq!(out[0], 0.0);
        // Contributions are differences of hypervolumes: undefined when the set's overflows,
        // even where each is finite; defined when only the inside points' bounding box does.
        let corners = [0.0, 1.0, 1.0, 0.0];
        let far = [1e300, 1e300];
        assert_eq!(abi::hv_contributions(corners.as_ptr(), 2, 2, far.as_ptr(), out.as_mut_ptr()), abi::STATUS_OVERFLOW);
        let thin = [-1e308, 1.5, 1.5, -1e308];
        assert_eq!(abi::hv_contributions(thin.as_ptr(), 2, 2, reference.as_ptr(), out.as_mut_ptr()), abi::STATUS_OK);
        assert_eq!(out, [(2.0 + 1e308) * 0.5 - 0.25; 2]);
    }
}

#[test]
fn negative_zero_is_zero() {
    let points = [-0.0, 1.0, 0.0, 1.0];
    let mut ranks = [9; 2];
    pareto_ranks(&points, 2, 2, &mut ranks);
    assert_eq!(ranks, [0, 0]);
    let reference = [1.0, 2.0];
    assert_eq!(hypervolume(&points, 2, 2, &reference), 1.0);
}

#[test]
fn three_d_sweep_agrees_with_wfg_on_larger_sets() {
    let mut rng = SplitMix64(4);
    for case in 0..60 {
        let n = 50 + rng.below(400) as usize;
        let grid = 5 + rng.below(60);
        let mut points = grid_points(&mut rng, n, 3, grid);
        let reference = vec![grid as f64; 3];
        let sweep = hypervolume(&points, n, 3, &reference);
        let (mut inside, _) = crate::hypervolume::rows_inside(&points, n, 3, &reference);
        let by_wfg = if inside.is_empty() { 0.0 } else { crate::hypervolume::wfg(&mut inside, 3, &reference) };
        assert_eq!(sweep, by_wfg, "case {case}: n {n}");
        points.clear();
    }
}

#[test]
fn exp_port_is_within_one_ulp_of_std_exp() {
    let mut rng = SplitMix64(5);
    for _ in 0..100_000 {
        let x = (rng.below(2_000_000) as f64 / 1000.0) - 1500.0;
        let (ours, std) = (crate::exp::exp(x), x.exp());
        if std == 0.0 || std.is_infinite() {
            assert_eq!(ours, std, "exp({x})");
        } else {
            let ulps = (ours.to_bits() as i64 - std.to_bits() as i64).abs();
            assert!(ulps <= 1, "exp({x}): {ours} vs {std}");
        }
    }
}

#[test]
fn classifying_a_subset_gives_the_dense_decisions_and_the_path_intersects_regions() {
    use crate::classify::{classify_grid, decision_on_grid, parse_models};
    let mut rng = SplitMix64(6);
    let values = [0.1, 0.3, 0.5, 0.7, 0.9];
    let mut blob = Vec::new();
    for kernel in [0.0, 1.0, 2.0] {
        let n_sv = 1 + rng.below(12) as usize;
        blob.extend_from_slice(&[kernel, 0.5 + rng.below(100) as f64 / 40.0, 0.25, 3.0, 4.0, n_sv as f64, -0.1]);
        blob.extend((0..n_sv).map(|_| rng.below(200) as f64 / 100.0 - 1.0));
        blob.extend((0..n_sv * 4).map(|_| values[rng.below(5) as usize]));
    }
    let models = parse_models(&blob, 3, 4).expect("valid models");
    let size = 5usize.pow(4);
    let mut dense: Vec<Vec<f64>> = Vec::new();
    for model in &models {
        let mut decisions = vec![0.0; size];
        decision_on_grid(model, &values, &mut decisions);
        dense.push(decisions);
    }
    for sides in [[1, 1, 1], [0, 1, 0], [1, 0, 0]] {
        let mut out = vec![9u8; size];
        classify_grid(&models, &sides, &values, &mut out);
        for p in 0..size {
            let expected = (0..3).all(|k| (dense[k][p] > 0.0) == (sides[k] == 1));
            assert_eq!(out[p] == 1, expected, "point {p}, sides {sides:?}");
        }
    }
    assert!(parse_models(&blob, 3, 5).is_none(), "dimension mismatch is rejected");
    assert!(parse_models(&blob[..blob.len() - 1], 3, 4).is_none(), "truncated blob is rejected");
}

#[test]
fn svm_training_keeps_the_dual_feasible_and_rejects_bad_input() {
    let mut rng = SplitMix64(9);
    for kernel in [0.0, 1.0, 2.0] {
        for _ in 0..50 {
            let n = 2 + rng.below(30) as usize;
            let dim = 1 + rng.below(4) as usize;
            let features: Vec<f64> = (0..n * dim).map(|_| rng.below(1000) as f64 / 1000.0).collect();
            // Alternating labels: both classes present, not separable in general.
            let labels: Vec<f64> = (0..n).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
            let parameters = [kernel, 0.7, 0.5, 3.0, 1.0, 1e-3, 1e6];
            let mut alpha = vec![0.0; n];
            let mut result = [0.0; 2];
            let status = unsafe { abi::svm_train(features.as_ptr(), n, dim, labels.as_ptr(), parameters.as_ptr(), alpha.as_mut_ptr(), result.as_mut_ptr()) };
            assert_eq!(status, abi::STATUS_OK);
            let balance: f64 = alpha.iter().zip(&labels).map(|(a, y)| a * y).sum();
            assert!(balance.abs() < 1e-9, "yᵀα = {balance}");
            assert!(alpha.iter().all(|&a| (0.0..=1.0).contains(&a)));
            assert!(result[0].is_finite());
        }
    }
    let features = [0.1, 0.9];
    let mut alpha = [0.0; 2];
    let mut result = [0.0; 2];
    let parameters = [1.0, 1.0, 0.0, 4.0, 1.0, 1e-3, 100.0];
    let bad_labels = [1.0, 0.0];
    assert_eq!(unsafe { abi::svm_train(features.as_ptr(), 2, 1, bad_labels.as_ptr(), parameters.as_ptr(), alpha.as_mut_ptr(), result.as_mut_ptr()) }, abi::STATUS_BAD_LABELS);
    let bad_parameters = [7.0, 1.0, 0.0, 4.0, 1.0, 1e-3, 100.0];
    let labels = [1.0, -1.0];
    assert_eq!(unsafe { abi::svm_train(features.as_ptr(), 2, 1, labels.as_ptr(), bad_parameters.as_ptr(), alpha.as_mut_ptr(), result.as_mut_ptr()) }, abi::STATUS_BAD_MODEL);
}

#[test]
fn rank_set_answers_like_an_ordered_set() {
    let mut rng = SplitMix64(7);
    for &capacity in &[1usize, 63, 64, 65, 4097, 300_000] {
        let mut set = crate::sorting::RankSet::new(capacity);
        let mut reference = std::collections::BTreeSet::new();
        for _ in 0..3000 {
            let v = rng.below(capacity as u64) as usize;
            if rng.below(3) == 0 {
                set.remove(v);
                reference.remove(&v);
            } else {
                set.insert(v);
                reference.insert(v);
            }
            let q = rng.below(capacity as u64) as usize;
            assert_eq!(set.successor(q), reference.range(q..).next().copied(), "successor {q} of {capacity}");
            assert_eq!(set.predecessor(q), reference.range(..=q).next_back().copied(), "predecessor {q} of {capacity}");
        }
    }
}

#[test]
fn radix_lex_order_is_the_stable_lexicographic_order() {
    let mut rng = SplitMix64(8);
    for case in 0..40 {
        let dim = 1 + case % 3;
        let n = 50 + rng.below(400) as usize;
        // Negative values, −0 and ties exercise every byte of the keys.
        let points: Vec<f64> = (0..n * dim).map(|_| match rng.below(8) { 0 => -0.0, 1 => 0.0, k => (k as f64 - 4.5) * 1e-3 * rng.below(5) as f64 }).collect();
        let order: Vec<usize> = crate::sorting::lex_order_radix(&points, n, dim).iter().map(|&i| i as usize).collect();
        assert_eq!(order, crate::nondominated::lex_order(&points, n, dim), "case {case}");
    }
}

#[test]
fn sweeps_agree_with_brute_force_on_large_grids() {
    // Above the radix sort's threshold, with ties, duplicates and one-front sets.
    let mut rng = SplitMix64(9);
    for case in 0..60 {
        let n = 100 + rng.below(300) as usize;
        let grid = 3 + rng.below(40);
        let mut points = grid_points(&mut rng, n, 3, grid);
        if case % 3 == 0 {
            // One front: x + y + z = grid (ties and duplicates included).
            for i in 0..n {
                let (x, y) = (rng.below(grid + 1), rng.below(grid + 1));
                let (x, y) = if x + y > grid { (grid - x, grid - y) } else { (x, y) };
                points[3 * i..3 * i + 3].copy_from_slice(&[x as f64, y as f64, (grid - x - y) as f64]);
            }
        }
        let mut ranks = vec![0; n];
        pareto_ranks(&points, n, 3, &mut ranks);
        assert_eq!(ranks, brute_ranks(&points, n, 3), "ranks, case {case}");
        let reference = [grid as f64 + 1.0; 3];
        let mut inside = points.clone();
        let expected = crate::hypervolume::wfg(&mut inside, 3, &reference);
        assert_eq!(hypervolume(&points, n, 3, &reference), expected, "hypervolume, case {case}");
    }
}

#[test]
fn four_d_sweep_agrees_with_wfg() {
    // Grids (ties, duplicates) and a one-front set x + y + z + w = grid.
    let mut rng = SplitMix64(10);
    for case in 0..150 {
        let n = 1 + rng.below(if case % 2 == 0 { 30 } else { 250 }) as usize;
        let grid = 2 + rng.below(25);
        let mut points = grid_points(&mut rng, n, 4, grid);
        if case % 3 == 0 {
            for i in 0..n {
                let (x, y, z) = (rng.below(grid / 3 + 1), rng.below(grid / 3 + 1), rng.below(grid / 3 + 1));
                points[4 * i..4 * i + 4].copy_from_slice(&[x as f64, y as f64, z as f64, (grid - x - y - z) as f64]);
            }
        }
        let reference = [grid as f64 + 1.0; 4];
        let mut inside = points.clone();
        let expected = crate::hypervolume::wfg(&mut inside, 4, &reference);
        assert_eq!(crate::hv4d::hv4(&points, &reference), expected, "case {case}: {points:?}");
    }
}

#[test]
fn three_d_contributions_equal_leave_one_out_on_larger_sets() {
    // The O(n log n) sweep against its definition, on grids (ties, copies, points dominated
    // by one point only) and on one-front sets (x + y + z = size), where results are exact.
    let mut rng = SplitMix64(13);
    for case in 0..300 {
        // Every tenth set beyond the sorts' cut-over to radix passes (256 rows).
        let n = if case % 10 == 9 { 200 + rng.below(300) as usize } else { 1 + rng.below(120) as usize };
        let grid = 2 + rng.below(20);
        let mut points = grid_points(&mut rng, n, 3, grid);
        if case % 3 == 0 {
            for i in 0..n {
                let (a, b) = (rng.below(grid / 2 + 1), rng.below(grid / 2 + 1));
                points[3 * i..3 * i + 3].copy_from_slice(&[a as f64, b as f64, (grid - a - b) as f64]);
            }
        }
        let reference = vec![grid as f64 + 1.0; 3];
        let total = hypervolume(&points, n, 3, &reference);
        let mut contributions = vec![f64::NAN; n];
        hv_contributions(&points, n, 3, &reference, &mut contributions);
        for i in 0..n {
            let without: Vec<f64> = (0..n).filter(|&j| j != i).flat_map(|j| row(&points, 3, j).to_vec()).collect();
            let expected = total - hypervolume(&without, n - 1, 3, &reference);
            assert_eq!(contributions[i], expected, "case {case}: point {i} of {points:?}");
        }
    }
}
