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

/// Sorts values of the form `(upper << 32) | index` by their upper halves, stably (so equal
/// upper halves stay in index order): an LSD radix sort of 8-bit digits over the upper 32
/// bits only, skipping digits every item shares. Half the passes of `radix_sort` on items
/// half the size: the sweeps' sorts of 10³–10⁵ rows are a large share of their time.
pub fn radix_sort_upper_halves(items: &mut Vec<u64>) {
    let n = items.len();
    if n < 256 {
        // Indices are distinct, so the plain order of the packed values is the stable one.
        items.sort_unstable();
        return;
    }
    let mut counts = [[0u32; 256]; 4];
    for &item in items.iter() {
        for (digit, count) in counts.iter_mut().enumerate() {
            count[((item >> (32 + 8 * digit)) & 0xff) as usize] += 1;
        }
    }
    let mut buffer = vec![0u64; n];
    for (digit, count) in counts.iter().enumerate() {
        if count.iter().any(|&c| c as usize == n) {
            continue;
        }
        let mut offsets = [0u32; 256];
        let mut total = 0;
        for (offset, &c) in offsets.iter_mut().zip(count.iter()) {
            *offset = total;
            total += c;
        }
        for &item in items.iter() {
            let slot = &mut offsets[((item >> (32 + 8 * digit)) & 0xff) as usize];
            buffer[*slot as usize] = item;
            *slot += 1;
        }
        std::mem::swap(items, &mut buffer);
    }
}

/// Indices `0..n` in the order of `key(i)`, stably, then each run of equal keys' upper
/// 32 bits (rare on doubles, short on grids) in the order of `tie(a, b)`, stably.
pub fn order_by_key(n: usize, key: impl Fn(usize) -> u64, tie: impl Fn(u32, u32) -> std::cmp::Ordering) -> Vec<u32> {
    let mut packed: Vec<u64> = (0..n).map(|i| (key(i) & !0xffff_ffff) | i as u64).collect();
    radix_sort_upper_halves(&mut packed);
    let mut order: Vec<u32> = packed.iter().map(|&item| item as u32).collect();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && packed[end] >> 32 == packed[start] >> 32 {
            end += 1;
        }
        if end - start > 1 {
            order[start..end].sort_by(|&a, &b| tie(a, b));
        }
        start = end;
    }
    order
}

/// Row indices `0..n` in lexicographic order of their rows (stable: equal rows keep their
/// input order): a radix sort on the first column's upper key bits, then a comparison sort
/// of each run of equal upper bits, rather than a radix pass per column.
pub fn lex_order_radix(points: &[f64], n: usize, dim: usize) -> Vec<u32> {
    order_by_key(n, |i| order_key(points[i * dim]), |a, b| lex_cmp(row(points, dim, a as usize), row(points, dim, b as usize)))
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
/// 64-bit word, level by level up to a single word. All levels live in one array and the
/// queries are loops, not recursion: the sweeps call them a few times per point.
pub struct RankSet {
    words: Vec<u64>,
    /// Start of each level in `words`, bottom level first, then the total length.
    starts: Vec<usize>,
}

impl RankSet {
    pub fn new(capacity: usize) -> Self {
        let mut starts = vec![0];
        let mut size = capacity.max(1);
        loop {
            let words = (size + 63) / 64;
            starts.push(starts[starts.len() - 1] + words);
            if words == 1 {
                break;
            }
            size = words;
        }
        RankSet { words: vec![0u64; starts[starts.len() - 1]], starts }
    }

    fn levels(&self) -> usize {
        self.starts.len() - 1
    }

    #[inline]
    pub fn insert(&mut self, value: usize) {
        let mut v = value;
        for level in 0..self.levels() {
            let word = &mut self.words[self.starts[level] + (v >> 6)];
            let was_empty = *word == 0;
            *word |= 1 << (v & 63);
            if !was_empty {
                return;
            }
            v >>= 6;
        }
    }

    #[inline]
    pub fn remove(&mut self, value: usize) {
        let mut v = value;
        for level in 0..self.levels() {
            let word = &mut self.words[self.starts[level] + (v >> 6)];
            *word &= !(1 << (v & 63));
            if *word != 0 {
                return;
            }
            v >>= 6;
        }
    }

    /// Smallest member ≥ `value`.
    #[inline]
    pub fn successor(&self, value: usize) -> Option<usize> {
        let mut v = value;
        let mut level = 0;
        // Up: the first level whose word at or after v (within the word) has a member.
        loop {
            let w = v >> 6;
            let (start, end) = (self.starts[level], self.starts[level + 1]);
            if start + w >= end {
                return None;
            }
            let masked = self.words[start + w] & (!0u64 << (v & 63));
            if masked != 0 {
                v = (w << 6) | masked.trailing_zeros() as usize;
                break;
            }
            if level + 2 == self.starts.len() {
                return None;
            }
            level += 1;
            v = w + 1;
        }
        // Down: the lowest member under the word found.
        while level > 0 {
            level -= 1;
            v = (v << 6) | self.words[self.starts[level] + v].trailing_zeros() as usize;
        }
        Some(v)
    }

    /// Largest member ≤ `value`.
    #[inline]
    pub fn predecessor(&self, value: usize) -> Option<usize> {
        let mut level = 0;
        let (start, end) = (self.starts[0], self.starts[1]);
        let mut v = if start + (value >> 6) >= end { ((end - start) << 6) - 1 } else { value };
        loop {
            let w = v >> 6;
            let masked = self.words[self.starts[level] + w] & (!0u64 >> (63 - (v & 63)));
            if masked != 0 {
                v = (w << 6) | (63 - masked.leading_zeros() as usize);
                break;
            }
            if w == 0 || level + 2 == self.starts.len() {
                return None;
            }
            level += 1;
            v = w - 1;
        }
        while level > 0 {
            level -= 1;
            v = (v << 6) | (63 - self.words[self.starts[level] + v].leading_zeros() as usize);
        }
        Some(v)
    }
}
