//! 4-D hypervolume in the HV4D+ class (Guerreiro & Fonseca 2018): sweep the points in order
//! of the 4th objective, keeping the 3-D set S of projections no other projection weakly
//! dominates and its 3-D hypervolume, updated by the contribution of each new projection.
//! That contribution takes O(|S|): S is kept sorted by x and by z, so the 2-D region the new
//! point owns at its own height comes from one pass in x order, and the sweep up through the
//! points above it in z order only inserts into that region's staircase. O(n²) overall.

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

/// The 3-D points of the sweep, as columns, sorted by x.
#[derive(Default)]
struct ByX {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
}

/// Volume that p adds to the union of boxes of `by_x` / `by_z` (the same 3-D points sorted by
/// x and by z) up to `reference`, and whether p weakly dominates any of them; `steps` is
/// scratch space. Not inlined: V8 first runs WebAssembly in its baseline tier and optimises
/// a function once it is hot, which a per-point function becomes within one call.
#[inline(never)]
fn contribution(p: [f64; 3], by_x: &ByX, by_z: &[[f64; 3]], reference: &[f64], steps: &mut Vec<(f64, f64)>) -> (f64, bool) {
    let corner = (reference[0], reference[1]);
    // At p's height, p owns its 2-D box minus the clipped boxes of the points at or below it.
    // Those left of p all clip to x = p.x: only their lowest y matters (a branch-free minimum).
    let left = by_x.x.partition_point(|&x| x < p[0]);
    let mut low_y = reference[1];
    for k in 0..left {
        let y = if by_x.z[k] <= p[2] { by_x.y[k] } else { f64::INFINITY };
        low_y = low_y.min(y);
    }
    steps.clear();
    let mut covered = 0.0;
    let mut from_x = p[0];
    if low_y < reference[1] {
        low_y = low_y.max(p[1]);
        steps.push((p[0], low_y));
    }
    let mut dominated = false;
    for k in left..by_x.x.len() {
        let (qx, qy, qz) = (by_x.x[k], by_x.y[k], by_x.z[k]);
        dominated |= p[1] <= qy && p[2] <= qz;
        // Branch-free but for the rare new step: the staircase's lowest y only ever falls.
        let cy = if qz <= p[2] { qy.max(p[1]) } else { f64::INFINITY };
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
        return (0.0, false); // weakly dominated
    }
    // Up through the points above p: each takes its clipped box out of what p owns.
    let mut volume = 0.0;
    let mut z = p[2];
    let above = by_z.partition_point(|q| q[2] <= p[2]);
    for q in &by_z[above..] {
        volume += owned * (q[2] - z);
        z = q[2];
        let (cx, cy) = (q[0].max(p[0]), q[1].max(p[1]));
        owned -= insert_step(steps, cx, cy, corner);
        if cx == p[0] && cy == p[1] {
            return (volume, dominated); // p's box is covered from here up
        }
    }
    (volume + owned * (reference[2] - z), dominated)
}

/// Adds p to the sorted columns, dropping the points it weakly dominates when `dominated`.
fn insert_by_x(by_x: &mut ByX, p: [f64; 3], dominated: bool) {
    let at = by_x.x.partition_point(|&x| x < p[0]);
    if dominated {
        // Points p dominates have x ≥ p.x: compact the columns from `at` on.
        let mut write = at;
        for read in at..by_x.x.len() {
            let (qx, qy, qz) = (by_x.x[read], by_x.y[read], by_x.z[read]);
            if !(p[1] <= qy && p[2] <= qz) {
                by_x.x[write] = qx;
                by_x.y[write] = qy;
                by_x.z[write] = qz;
                write += 1;
            }
        }
        by_x.x.truncate(write);
        by_x.y.truncate(write);
        by_x.z.truncate(write);
    }
    by_x.x.insert(at, p[0]);
    by_x.y.insert(at, p[1]);
    by_x.z.insert(at, p[2]);
}

fn insert_by_z(by_z: &mut Vec<[f64; 3]>, p: [f64; 3], dominated: bool) {
    let at = by_z.partition_point(|q| q[2] < p[2]);
    if dominated {
        let mut write = at;
        for read in at..by_z.len() {
            let q = by_z[read];
            if !(p[0] <= q[0] && p[1] <= q[1]) {
                by_z[write] = q;
                write += 1;
            }
        }
        by_z.truncate(write);
    }
    by_z.insert(at, p);
}

/// Hypervolume of rows (4 columns) strictly inside the reference box.
pub fn hv4(points: &[f64], reference: &[f64]) -> f64 {
    let m = points.len() / 4;
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_unstable_by(|&a, &b| points[4 * a + 3].total_cmp(&points[4 * b + 3]));
    let mut by_x = ByX::default();
    let mut by_z: Vec<[f64; 3]> = Vec::new();
    let mut steps: Vec<(f64, f64)> = Vec::new();
    let mut volume_3d = 0.0;
    let mut volume = 0.0;
    for (k, &i) in order.iter().enumerate() {
        let p = [points[4 * i], points[4 * i + 1], points[4 * i + 2]];
        let (gained, dominated) = contribution(p, &by_x, &by_z, reference, &mut steps);
        if gained > 0.0 {
            volume_3d += gained;
            // Projections p weakly dominates add nothing from now on.
            insert_by_x(&mut by_x, p, dominated);
            insert_by_z(&mut by_z, p, dominated);
        }
        let w = points[4 * i + 3];
        let next_w = order.get(k + 1).map_or(reference[3], |&j| points[4 * j + 3]);
        volume += volume_3d * (next_w - w);
    }
    volume
}
