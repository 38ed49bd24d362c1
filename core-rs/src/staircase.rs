//! The 2-D non-dominated "staircase" kept by the 3-D dimension sweep: points sorted by x
//! with strictly decreasing y, and the area they dominate up to a reference corner.

use std::collections::BTreeMap;

/// An `f64` key with a total order. Callers normalise −0 to +0 first, so that the order
/// agrees with `<` on every finite value.
#[derive(Clone, Copy)]
struct Key(f64);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

pub struct Staircase {
    steps: BTreeMap<Key, f64>,
    ref_x: f64,
    ref_y: f64,
    area: f64,
}

impl Staircase {
    pub fn new(ref_x: f64, ref_y: f64) -> Self {
        Staircase { steps: BTreeMap::new(), ref_x, ref_y, area: 0.0 }
    }

    /// Area dominated by the staircase inside the reference corner.
    pub fn area(&self) -> f64 {
        self.area
    }

    /// Adds the point (x, y), which must lie strictly inside the reference corner, drops the
    /// steps it dominates and returns the area it adds (0 when it is weakly dominated).
    pub fn insert(&mut self, x: f64, y: f64) -> f64 {
        let x = x + 0.0; // −0 → +0, so that the key order is the numeric order
        if let Some((_, &y_at_or_left)) = self.steps.range(..=Key(x)).next_back() {
            if y_at_or_left <= y {
                return 0.0;
            }
        }
        // Height of the staircase just left of x: the ceiling of the new point's region.
        let mut height = match self.steps.range(..Key(x)).next_back() {
            Some((_, &y_left)) => y_left,
            None => self.ref_y,
        };
        let mut from_x = x;
        let mut gained = 0.0;
        loop {
            let next = self.steps.range(Key(x)..).next().map(|(k, &v)| (k.0, v));
            match next {
                Some((step_x, step_y)) => {
                    gained += (step_x - from_x) * (height - y);
                    if step_y < y {
                        break;
                    }
                    // Dominated by the new point: its region is now the new point's.
                    self.steps.remove(&Key(step_x));
                    from_x = step_x;
                    height = step_y;
                }
                None => {
                    gained += (self.ref_x - from_x) * (height - y);
                    break;
                }
            }
        }
        self.steps.insert(Key(x), y);
        self.area += gained;
        gained
    }
}
