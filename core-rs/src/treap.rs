//! Staircases of 2-D points (keys strictly increasing, values strictly decreasing) stored as
//! treaps (Seidel & Aragon) in one arena: a forest with one root per staircase, for the
//! non-dominated sorting sweep, which keeps one staircase per front. Expected O(log n) per
//! operation whatever the order of insertion.

const NIL: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Node {
    key: u64,
    value: u64,
    priority: u32,
    left: u32,
    right: u32,
}

pub struct StaircaseForest {
    nodes: Vec<Node>,
    seed: u32,
}

pub type Root = u32;
pub const EMPTY: Root = NIL;

impl StaircaseForest {
    pub fn with_capacity(capacity: usize) -> Self {
        StaircaseForest { nodes: Vec::with_capacity(capacity), seed: 0x9E37_79B9 }
    }

    /// Value of the member with the largest key ≤ `key`.
    pub fn value_at_or_before(&self, root: Root, key: u64) -> Option<u64> {
        let mut node = root;
        let mut found = None;
        while node != NIL {
            let n = &self.nodes[node as usize];
            if n.key <= key {
                found = Some(n.value);
                node = n.right;
            } else {
                node = n.left;
            }
        }
        found
    }

    /// Adds (key, value), which no member weakly dominates (no member has key ≤ `key` and
    /// value ≤ `value`), and drops the members it weakly dominates; returns the new root.
    pub fn insert(&mut self, root: Root, key: u64, value: u64) -> Root {
        let (below, at_or_above) = self.split(root, |n| n.key < key);
        // Along a staircase values decrease, so the dominated members form a prefix.
        let (_dropped, kept) = self.split(at_or_above, |n| n.value >= value);
        // xorshift32: priorities need only be independent of the keys.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 17;
        self.seed ^= self.seed << 5;
        self.nodes.push(Node { key, value, priority: self.seed, left: NIL, right: NIL });
        let fresh = (self.nodes.len() - 1) as u32;
        let left = self.merge(below, fresh);
        self.merge(left, kept)
    }

    /// Calls `visit(key, value)` on the members in key order.
    pub fn for_each(&self, root: Root, mut visit: impl FnMut(u64, u64)) {
        let mut stack: Vec<u32> = Vec::new();
        let mut node = root;
        while node != NIL || !stack.is_empty() {
            while node != NIL {
                stack.push(node);
                node = self.nodes[node as usize].left;
            }
            let top = stack.pop().unwrap_or(NIL);
            let n = &self.nodes[top as usize];
            visit(n.key, n.value);
            node = n.right;
        }
    }

    /// Splits into the in-order prefix where `in_prefix` holds (it must hold on a prefix) and the rest.
    fn split(&mut self, root: Root, in_prefix: impl Fn(&Node) -> bool + Copy) -> (Root, Root) {
        if root == NIL {
            return (NIL, NIL);
        }
        let node = self.nodes[root as usize];
        if in_prefix(&node) {
            let (a, b) = self.split(node.right, in_prefix);
            self.nodes[root as usize].right = a;
            (root, b)
        } else {
            let (a, b) = self.split(node.left, in_prefix);
            self.nodes[root as usize].left = b;
            (a, root)
        }
    }

    /// Joins two treaps, every key of `a` below every key of `b`.
    fn merge(&mut self, a: Root, b: Root) -> Root {
        if a == NIL {
            return b;
        }
        if b == NIL {
            return a;
        }
        if self.nodes[a as usize].priority > self.nodes[b as usize].priority {
            let right = self.nodes[a as usize].right;
            self.nodes[a as usize].right = self.merge(right, b);
            a
        } else {
            let left = self.nodes[b as usize].left;
            self.nodes[b as usize].left = self.merge(a, left);
            b
        }
    }
}
