//! Sorting and ordered-set helpers for the sweeps: an LSD radix sort on 64-bit keys (linear
//! time, no comparisons: the sweeps sort up to 10⁵ rows several times) and `RankSet`, a set
//! of integers in 0..n with predecessor / successor queries in O(log₆₄ n) word operations.

use crate::nondominated::{lex_cmp, order_key, row};

/// Sorts `(key, item)` pairs by key, stably, in 8 passes of 8 bits at most; passes in which
/// every key has the same byte are skipped (common: coordinates in [0, 1) share their top bits).
pub fn radix_sort(items: &mut Vec<(u64, u32)>) {
    let n = items.len();
    if n < 64 {
        items.sort_by_key(|&(key, _)| key);
        return;
    }
    let mut counts = vec![[0usize; 256]; 8];
    for &(key, _) in items.iter() {
        for (byte, count) in counts.iter_mut().enumerate() {
            count[((key >> (8 * byte)) & 0xff) as usize] += 1;
        }
    }
    let mut buffer = vec![(0u64, 0u32); n];
    for (byte, count) in counts.iter().enumerate() {
        if count.iter().any(|&c| c == n) {
            continue;
        }
        let mut offsets = [0usize; 256];
        let mut total = 0;
        for (offset, &c) in offsets.iter_mut().zip(count.iter()) {
            *offset = total;
            total += c;
        }
        for &(key, item) in items.iter() {
            let slot = &mut offsets[((key >> (8 * byte)) & 0xff) as usize];
            buffer[*slot] = (key, item);
            *slot += 1;
        }
        std::mem::swap(items, &mut buffer);
    }
}

/// Row indices `0..n` in lexicographic order of their rows (stable: equal rows keep their
/// input order): one radix sort on the first column, then a comparison sort of each run of
/// equal first values (rare on doubles, short on grids), rather than a radix pass per column.
pub fn lex_order_radix(points: &[f64], n: usize, dim: usize) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..n as u32).map(|i| (order_key(points[i as usize * dim]), i)).collect();
    radix_sort(&mut keyed);
    let mut order: Vec<u32> = keyed.iter().map(|&(_, i)| i).collect();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && keyed[end].0 == keyed[start].0 {
            end += 1;
        }
        if end - start > 1 {
            order[start..end].sort_by(|&a, &b| lex_cmp(row(points, dim, a as usize), row(points, dim, b as usize)));
        }
        start = end;
    }
    order
}

/// Dense rank of each row's value in `column`: 0 for the smallest distinct value, equal values
/// sharing a rank (−0 and +0 equal).
pub fn dense_ranks(points: &[f64], n: usize, dim: usize, column: usize) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..n as u32).map(|i| (order_key(points[i as usize * dim + column]), i)).collect();
    radix_sort(&mut keyed);
    let mut ranks = vec![0u32; n];
    let mut rank = 0u32;
    for k in 0..keyed.len() {
        if k > 0 && keyed[k].0 != keyed[k - 1].0 {
            rank += 1;
        }
        ranks[keyed[k].1 as usize] = rank;
    }
    ranks
}

/// A set of integers in `0..capacity`: a bit per value and, above it, a bit per non-empty
/// 64-bit word, level by level up to a single word.
pub struct RankSet {
    levels: Vec<Vec<u64>>,
}

impl RankSet {
    pub fn new(capacity: usize) -> Self {
        let mut levels = Vec::new();
        let mut size = capacity.max(1);
        loop {
            let words = (size + 63) / 64;
            levels.push(vec![0u64; words]);
            if words == 1 {
                break;
            }
            size = words;
        }
        RankSet { levels }
    }

    pub fn insert(&mut self, value: usize) {
        let mut v = value;
        for level in self.levels.iter_mut() {
            let word = &mut level[v >> 6];
            let was_empty = *word == 0;
            *word |= 1 << (v & 63);
            if !was_empty {
                return;
            }
            v >>= 6;
        }
    }

    pub fn remove(&mut self, value: usize) {
        let mut v = value;
        for level in self.levels.iter_mut() {
            let word = &mut level[v >> 6];
            *word &= !(1 << (v & 63));
            if *word != 0 {
                return;
            }
            v >>= 6;
        }
    }

    /// Smallest member ≥ `value`.
    pub fn successor(&self, value: usize) -> Option<usize> {
        self.successor_at(0, value)
    }

    fn successor_at(&self, level: usize, value: usize) -> Option<usize> {
        let words = &self.levels[level];
        let w = value >> 6;
        if w >= words.len() {
            return None;
        }
        let masked = words[w] & (!0u64 << (value & 63));
        let word = if masked != 0 {
            w
        } else if level + 1 < self.levels.len() {
            self.successor_at(level + 1, w + 1)?
        } else {
            return None;
        };
        let bits = if word == w { masked } else { words[word] };
        Some((word << 6) | bits.trailing_zeros() as usize)
    }

    /// Largest member ≤ `value`.
    pub fn predecessor(&self, value: usize) -> Option<usize> {
        self.predecessor_at(0, value)
    }

    fn predecessor_at(&self, level: usize, value: usize) -> Option<usize> {
        let words = &self.levels[level];
        let (w, bit) = if (value >> 6) >= words.len() { (words.len() - 1, 63) } else { (value >> 6, value & 63) };
        let masked = words[w] & (!0u64 >> (63 - bit));
        let word = if masked != 0 {
            w
        } else if w > 0 && level + 1 < self.levels.len() {
            self.predecessor_at(level + 1, w - 1)?
        } else {
            return None;
        };
        let bits = if word == w { masked } else { words[word] };
        Some((word << 6) | (63 - bits.leading_zeros() as usize))
    }
}
