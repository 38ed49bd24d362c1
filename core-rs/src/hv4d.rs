//! 4-D hypervolume in the HV4D+ class (Guerreiro & Fonseca 2018): sweep the points in order
//! of the 4th objective, keeping the 3-D set S of projections no other projection weakly
//! dominates and its 3-D hypervolume, updated by the contribution of each new projection.
//! That contribution takes O(|S|): S is kept sorted by x and by z, so the 2-D region the new
//! point owns at its own height comes from one pass in x order, and the sweep up through the
//! points above it in z order only inserts into that region's staircase. O(n²) overall.

/// Minimum and maximum of two numbers that are never NaN, as one comparison and a select:
/// `f64::min` must ignore a NaN, which WebAssembly's `f64.min` does not, so it costs several
/// instructions in the hot loops.
#[inline(always)]
pub(crate) fn lesser(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

#[inline(always)]
fn greater(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Area of the 2-D region [corner, reference] that the staircase `steps` (x strictly
/// increasing, y strictly decreasing, all ≥ corner) leaves uncovered, when (x, y) is added;
/// returns the area the new step covers and keeps `steps` a staircase.
fn insert_step(steps: &mut Vec<(f64, f64)>, x: f64, y: f64, reference: (f64, f64)) -> f64 {
    let at = steps.partition_point(|&(sx, _)| sx <= x);
    if at > 0 && steps[at - 1].1 <= y {
        return 0.0; // weakly dominated by the step at or left of x
    }
    let mut height = if at > 0 { steps[at - 1].1 } else { reference.1 };
    let mut from_x = x;
    let mut gained = 0.0;
    let mut end = at;
    loop {
        match steps.get(end) {
            Some(&(sx, sy)) => {
                gained += (sx - from_x) * (height - y);
                if sy < y {
                    break;
                }
                from_x = sx;
                height = sy;
                end += 1;
            }
            None => {
                gained += (reference.0 - from_x) * (height - y);
                break;
            }
        }
    }
    // The steps in at..end are dominated by the new one.
    if end == at {
        steps.insert(at, (x, y));
    } else {
        steps[at] = (x, y);
        steps.drain(at + 1..end);
    }
    gained
}

/// The least of `start` and the y of the points with z ≤ `top`: the scan over every point
/// left of p, a third of the time of the 4-D sweep. Minima are exact in any order.
fn lowest_y_at_or_below(y: &[f64], z: &[f64], top: f64, start: f64) -> f64 {
    let (lowest, done) = lanes::lowest_y_at_or_below(y, z, top, start);
    y[done..].iter().zip(&z[done..]).fold(lowest, |low, (&y, &z)| lesser(low, if z <= top { y } else { f64::INFINITY }))
}

#[cfg(not(target_arch = "wasm32"))]
mod lanes {
    //! No lanes natively: the scalar loop does all points.
    pub(super) fn lowest_y_at_or_below(_: &[f64], _: &[f64], _: f64, start: f64) -> (f64, usize) {
        (start, 0)
    }
}

#[cfg(target_arch = "wasm32")]
mod lanes {
    //! Four points per step in two pairs of lanes (two chains of minima, half the loop-carried
    //! latency); returns the minimum so far and where the scalar loop takes over.
    use core::arch::wasm32::*;

    #[inline(always)]
    unsafe fn load(values: &[f64], k: usize) -> v128 {
        // SAFETY: the caller guarantees k + 1 < values.len(); wasm loads need no alignment.
        unsafe { v128_load(values.as_ptr().add(k) as *const v128) }
    }

    pub(super) fn lowest_y_at_or_below(y: &[f64], z: &[f64], top: f64, start: f64) -> (f64, usize) {
        let len = y.len().min(z.len()) / 4 * 4;
        let (tops, none) = (f64x2_splat(top), f64x2_splat(f64::INFINITY));
        let mut low = [f64x2_splat(start); 2];
        let mut k = 0;
        while k < len {
            for (half, low) in low.iter_mut().enumerate() {
                // SAFETY: k + 2·half + 1 < len ≤ both lengths.
                let (yk, zk) = unsafe { (load(y, k + 2 * half), load(z, k + 2 * half)) };
                // pmin is `b < a ? b : a`, the scalar `lesser`.
                *low = f64x2_pmin(*low, v128_bitselect(yk, none, f64x2_le(zk, tops)));
            }
            k += 4;
        }
        let both = f64x2_pmin(low[0], low[1]);
        (super::lesser(f64x2_extract_lane::<0>(both), f64x2_extract_lane::<1>(both)), len)
    }
}

/// The 3-D points of the sweep, as columns, sorted by x.
#[derive(Default)]
struct ByX {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
}

/// Volume that p adds to the union of boxes of `by_x` / `by_z` (the same 3-D points sorted by
/// x and by z) up to `reference`; `steps` is scratch space. Appends to `dominated` the points
/// that p weakly dominates: as S is an antichain, they all lie at or above p and below the
/// first point that covers p's box, so the sweep up meets every one of them. Not inlined: V8 first runs WebAssembly in its baseline tier and optimises
/// a function once it is hot, which a per-point function becomes within one call.
#[inline(never)]
fn contribution(p: [f64; 3], by_x: &ByX, by_z: &[[f64; 3]], reference: &[f64], steps: &mut Vec<(f64, f64)>, dominated: &mut Vec<[f64; 3]>) -> f64 {
    let corner = (reference[0], reference[1]);
    // At p's height, p owns its 2-D box minus the clipped boxes of the points at or below it.
    // Those left of p all clip to x = p.x: only their lowest y matters (a branch-free minimum).
    let left = by_x.x.partition_point(|&x| x < p[0]);
    let mut low_y = lowest_y_at_or_below(&by_x.y[..left], &by_x.z[..left], p[2], reference[1]);
    steps.clear();
    let mut covered = 0.0;
    let mut from_x = p[0];
    if low_y < reference[1] {
        low_y = greater(low_y, p[1]);
        steps.push((p[0], low_y));
    }
    for k in left..by_x.x.len() {
        if low_y <= p[1] {
            break; // the staircase is down to p's floor: points further right add no step
        }
        let (qx, qy, qz) = (by_x.x[k], by_x.y[k], by_x.z[k]);
        // Branch-free but for the rare new step: the staircase's lowest y only ever falls.
        let cy = if qz <= p[2] { greater(qy, p[1]) } else { f64::INFINITY };
        if cy < low_y {
            covered += (qx - from_x) * (reference[1] - low_y);
            match steps.last_mut() {
                Some(last) if last.0 == qx => *last = (qx, cy),
                _ => steps.push((qx, cy)),
            }
            from_x = qx;
            low_y = cy;
        }
    }
    covered += (reference[0] - from_x) * (reference[1] - low_y);
    let mut owned = (reference[0] - p[0]) * (reference[1] - p[1]) - covered;
    if steps.first() == Some(&(p[0], p[1])) {
        return 0.0; // weakly dominated
    }
    // Up through the points above p: each takes its clipped box out of what p owns.
    let mut volume = 0.0;
    let mut z = p[2];
    let level = by_z.partition_point(|q| q[2] < p[2]);
    let above = level + by_z[level..].partition_point(|q| q[2] <= p[2]);
    for q in &by_z[level..above] {
        if p[0] <= q[0] && p[1] <= q[1] {
            dominated.push(*q);
        }
    }
    for q in &by_z[above..] {
        if p[0] <= q[0] && p[1] <= q[1] {
            dominated.push(*q);
        }
        volume += owned * (q[2] - z);
        z = q[2];
        let (cx, cy) = (greater(q[0], p[0]), greater(q[1], p[1]));
        owned -= insert_step(steps, cx, cy, corner);
        if cx == p[0] && cy == p[1] {
            return volume; // p's box is covered from here up
        }
    }
    volume + owned * (reference[2] - z)
}

/// Position of the point `q` in a list sorted by one coordinate (`key`), which holds it.
fn position_of(len: usize, key: impl Fn(usize) -> f64, row: impl Fn(usize) -> [f64; 3], q: [f64; 3], axis: usize) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = (low + high) / 2;
        if key(mid) < q[axis] {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    // Ties on the key: the points are distinct, so the row decides.
    while row(low) != q {
        low += 1;
    }
    low
}

/// Puts `value` at `at` in `list`, dropping the element at `from` ≥ `at` (only the elements
/// between move) or, with no `from`, inserting it.
fn put<T: Copy>(list: &mut Vec<T>, at: usize, from: Option<usize>, value: T) {
    match from {
        Some(from) => {
            list[at..=from].rotate_right(1);
            list[at] = value;
        }
        None => list.insert(at, value),
    }
}

/// Removes the points `dominated` from both sorted lists and adds p to them. Every dominated
/// point is at or after p's place in either order, so p can take the first one's slot.
fn update(by_x: &mut ByX, by_z: &mut Vec<[f64; 3]>, p: [f64; 3], dominated: &[[f64; 3]]) {
    for &q in dominated.iter().skip(1) {
        let at = position_of(by_x.x.len(), |k| by_x.x[k], |k| [by_x.x[k], by_x.y[k], by_x.z[k]], q, 0);
        by_x.x.remove(at);
        by_x.y.remove(at);
        by_x.z.remove(at);
        let at = position_of(by_z.len(), |k| by_z[k][2], |k| by_z[k], q, 2);
        by_z.remove(at);
    }
    let first = dominated.first();
    let at = by_x.x.partition_point(|&x| x < p[0]);
    let from = first.map(|&q| position_of(by_x.x.len(), |k| by_x.x[k], |k| [by_x.x[k], by_x.y[k], by_x.z[k]], q, 0));
    put(&mut by_x.x, at, from, p[0]);
    put(&mut by_x.y, at, from, p[1]);
    put(&mut by_x.z, at, from, p[2]);
    let at = by_z.partition_point(|q| q[2] < p[2]);
    let from = first.map(|&q| position_of(by_z.len(), |k| by_z[k][2], |k| by_z[k], q, 2));
    put(by_z, at, from, p);
}

/// Hypervolume of rows (4 columns) strictly inside the reference box.
pub fn hv4(points: &[f64], reference: &[f64]) -> f64 {
    let m = points.len() / 4;
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_unstable_by(|&a, &b| points[4 * a + 3].total_cmp(&points[4 * b + 3]));
    let mut by_x = ByX::default();
    let mut by_z: Vec<[f64; 3]> = Vec::new();
    let mut steps: Vec<(f64, f64)> = Vec::new();
    let mut dominated: Vec<[f64; 3]> = Vec::new();
    let mut volume_3d = 0.0;
    let mut volume = 0.0;
    for (k, &i) in order.iter().enumerate() {
        let p = [points[4 * i], points[4 * i + 1], points[4 * i + 2]];
        dominated.clear();
        let gained = contribution(p, &by_x, &by_z, reference, &mut steps, &mut dominated);
        if gained > 0.0 {
            volume_3d += gained;
            // Projections p weakly dominates add nothing from now on.
            update(&mut by_x, &mut by_z, p, &dominated);
        }
        let w = points[4 * i + 3];
        let next_w = order.get(k + 1).map_or(reference[3], |&j| points[4 * j + 3]);
        volume += volume_3d * (next_w - w);
    }
    volume
}
