//! ce-nas core: the hot loops of the simulator, compiled to WebAssembly.
//!
//! The semantics are defined by the TypeScript specification in `spec/`; this crate must
//! agree with it exactly (ranks) or within a relative √ε (hypervolume), which the property
//! tests under `test/` check. Every objective is minimised here: the TypeScript wrapper
//! negates maximised columns (and the reference point) before calling in.
//!
//! The ABI (see `abi.rs`) passes only scalars and pointers into linear memory, never panics
//! across the boundary and reports bad input with negative status codes.

#![deny(unsafe_op_in_unsafe_fn)]

mod abi;
mod classify;
mod contributions;
mod exp;
mod hv3d;
mod hv4d;
mod hypervolume;
mod nondominated;
mod ranks;
mod sorting;
mod svm_gram;
mod smo_kernels;
mod svm_train;
mod treap;

#[cfg(test)]
mod tests;

pub use abi::*;
