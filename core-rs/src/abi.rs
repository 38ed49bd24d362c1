//! The WebAssembly ABI: `alloc`/`dealloc` over linear memory and kernels of the form
//! `(in_ptr, n, dim, …, out_ptr) -> status`. Status 0 is success; negative values name the
//! problem (mirrored by `STATUS_MESSAGES` in `src/wasm/kernels.ts`). Nothing here panics on any
//! input the status checks let through.

use std::alloc::{alloc as raw_alloc, dealloc as raw_dealloc, Layout};
use std::slice;

pub const STATUS_OK: i32 = 0;
pub const STATUS_BAD_DIMENSION: i32 = -1;
pub const STATUS_NON_FINITE_POINT: i32 = -2;
pub const STATUS_NON_FINITE_REFERENCE: i32 = -3;
pub const STATUS_NULL_POINTER: i32 = -4;
pub const STATUS_TOO_LARGE: i32 = -5;
pub const STATUS_BAD_MODEL: i32 = -6;
pub const STATUS_BAD_GRID: i32 = -7;
pub const STATUS_BAD_LABELS: i32 = -8;
pub const STATUS_OVERFLOW: i32 = -9;

const ALIGN: usize = 8;

/// Allocates `bytes` bytes aligned to 8; returns 0 on failure or for a zero size.
#[no_mangle]
pub extern "C" fn alloc(bytes: usize) -> *mut u8 {
    if bytes == 0 {
        return std::ptr::null_mut();
    }
    match Layout::from_size_align(bytes, ALIGN) {
        // SAFETY: the layout has a non-zero size.
        Ok(layout) => unsafe { raw_alloc(layout) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// Frees memory from `alloc`; `bytes` must be the size it was allocated with.
///
/// # Safety
/// `ptr` must come from `alloc(bytes)` and not have been freed.
#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, bytes: usize) {
    if ptr.is_null() || bytes == 0 {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(bytes, ALIGN) {
        // SAFETY: guaranteed by the caller.
        unsafe { raw_dealloc(ptr, layout) }
    }
}

/// Borrows `len` values at `ptr`; an empty slice for `len == 0`, whatever the pointer.
unsafe fn borrow<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], i32> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(STATUS_NULL_POINTER);
    }
    // SAFETY: the caller passes a live allocation of `len` values.
    Ok(unsafe { slice::from_raw_parts(ptr, len) })
}

unsafe fn borrow_mut<'a, T>(ptr: *mut T, len: usize) -> Result<&'a mut [T], i32> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(STATUS_NULL_POINTER);
    }
    // SAFETY: the caller passes a live allocation of `len` values, not aliased.
    Ok(unsafe { slice::from_raw_parts_mut(ptr, len) })
}

fn checked_len(n: usize, dim: usize) -> Result<usize, i32> {
    if dim == 0 {
        return Err(STATUS_BAD_DIMENSION);
    }
    let len = n.checked_mul(dim).ok_or(STATUS_TOO_LARGE)?;
    len.checked_mul(8).ok_or(STATUS_TOO_LARGE)?;
    Ok(len)
}

unsafe fn points_arg<'a>(ptr: *const f64, n: usize, dim: usize) -> Result<&'a [f64], i32> {
    let len = checked_len(n, dim)?;
    // SAFETY: forwarded from the exported function's contract.
    let points = unsafe { borrow(ptr, len)? };
    if points.iter().all(|x| x.is_finite()) {
        Ok(points)
    } else {
        Err(STATUS_NON_FINITE_POINT)
    }
}

unsafe fn reference_arg<'a>(ptr: *const f64, dim: usize) -> Result<&'a [f64], i32> {
    // SAFETY: forwarded from the exported function's contract.
    let reference = unsafe { borrow(ptr, dim)? };
    if reference.iter().all(|x| x.is_finite()) {
        Ok(reference)
    } else {
        Err(STATUS_NON_FINITE_REFERENCE)
    }
}

fn status_of(result: Result<(), i32>) -> i32 {
    match result {
        Ok(()) => STATUS_OK,
        Err(status) => status,
    }
}

/// Writes the Pareto rank of each of the `n` rows at `points` (`dim` columns, minimised) to
/// `out` (`n` × i32).
///
/// # Safety
/// `points` must hold `n·dim` f64 values and `out` room for `n` i32 values.
#[no_mangle]
pub unsafe extern "C" fn pareto_ranks(points: *const f64, n: usize, dim: usize, out: *mut i32) -> i32 {
    status_of((|| {
        // SAFETY: the caller's contract.
        let points = unsafe { points_arg(points, n, dim)? };
        let out = unsafe { borrow_mut(out, n)? };
        crate::ranks::pareto_ranks(points, n, dim, out);
        Ok(())
    })())
}

/// Validates the (points, n, dim, reference, out[out_len]) arguments and runs `kernel`.
///
/// # Safety
/// As for the exported kernels below.
unsafe fn with_reference(
    points: *const f64,
    n: usize,
    dim: usize,
    reference: *const f64,
    out: *mut f64,
    out_len: usize,
    kernel: impl FnOnce(&[f64], &[f64], &mut [f64]) -> Result<(), i32>,
) -> i32 {
    status_of((|| {
        // SAFETY: the caller's contract.
        let points = unsafe { points_arg(points, n, dim)? };
        let reference = unsafe { reference_arg(reference, dim)? };
        let out = unsafe { borrow_mut(out, out_len)? };
        kernel(points, reference, out)?;
        for value in out.iter_mut() {
            *value += 0.0; // never report −0
        }
        Ok(())
    })())
}

/// Writes the hypervolume of the rows at `points` with respect to `reference` (`dim` values)
/// to `out[0]`.
///
/// # Safety
/// `points` must hold `n·dim` f64 values, `reference` `dim` values and `out` one f64.
#[no_mangle]
pub unsafe extern "C" fn hypervolume(points: *const f64, n: usize, dim: usize, reference: *const f64, out: *mut f64) -> i32 {
    // SAFETY: the caller's contract.
    unsafe {
        with_reference(points, n, dim, reference, out, 1, |points, reference, out| {
            out[0] = crate::hypervolume::hypervolume(points, n, dim, reference);
            Ok(())
        })
    }
}

/// Writes the exclusive hypervolume contribution of each row to `out` (`n` × f64), or
/// returns `STATUS_OVERFLOW` when the whole set's hypervolume overflows (contributions are
/// differences of hypervolumes, so they are undefined then, even where each is finite).
///
/// # Safety
/// `points` must hold `n·dim` f64 values, `reference` `dim` values and `out` `n` f64 values.
#[no_mangle]
pub unsafe extern "C" fn hv_contributions(points: *const f64, n: usize, dim: usize, reference: *const f64, out: *mut f64) -> i32 {
    // SAFETY: the caller's contract.
    unsafe {
        with_reference(points, n, dim, reference, out, n, |points, reference, out| {
            crate::contributions::hv_contributions(points, n, dim, reference, out);
            if crate::contributions::overflows(points, n, dim, reference, out) {
                Err(STATUS_OVERFLOW)
            } else {
                Ok(())
            }
        })
    }
}

/// Largest grid `classify_grid` accepts (m^edges points).
const MAX_GRID_POINTS: usize = 1 << 24;

/// Number of grid points, m^edges, when the grid is valid.
fn grid_size(values: &[f64], edges: usize) -> Result<usize, i32> {
    if values.is_empty() || edges == 0 || !values.iter().all(|v| v.is_finite()) {
        return Err(STATUS_BAD_GRID);
    }
    let mut size: usize = 1;
    for _ in 0..edges {
        size = size.checked_mul(values.len()).filter(|&s| s <= MAX_GRID_POINTS).ok_or(STATUS_BAD_GRID)?;
    }
    Ok(size)
}

/// The grid values, the number of grid points and the parsed models of a grid kernel call.
///
/// # Safety
/// `values` must hold `m` f64 values and `models` `models_len` f64 values.
unsafe fn grid_and_models<'a>(
    models: *const f64,
    models_len: usize,
    n_models: usize,
    values: *const f64,
    m: usize,
    edges: usize,
) -> Result<(&'a [f64], usize, Vec<crate::classify::Model<'a>>), i32> {
    // SAFETY: the caller's contract.
    let values = unsafe { borrow(values, m)? };
    let size = grid_size(values, edges)?;
    let blob = unsafe { borrow(models, models_len)? };
    let parsed = crate::classify::parse_models(blob, n_models, edges).ok_or(STATUS_BAD_MODEL)?;
    Ok((values, size, parsed))
}

/// Membership of each of the m^edges grid points (`values`: the m values every coordinate
/// takes) in the region of a path of `n_models` classifiers packed in `models`
/// (`models_len` f64, layout in `classify.rs`), with `sides[k]` = 1 (good) or 0 (bad).
/// Writes 1/0 per grid point, in lexicographic order of value indices, to `out`.
///
/// # Safety
/// Pointers must hold the stated numbers of values; `out` room for m^edges bytes.
#[no_mangle]
pub unsafe extern "C" fn classify_grid(
    models: *const f64,
    models_len: usize,
    n_models: usize,
    sides: *const i32,
    values: *const f64,
    m: usize,
    edges: usize,
    out: *mut u8,
) -> i32 {
    status_of((|| {
        // SAFETY: the caller's contract.
        let (values, size, parsed) = unsafe { grid_and_models(models, models_len, n_models, values, m, edges)? };
        let sides = unsafe { borrow(sides, n_models)? };
        let out = unsafe { borrow_mut(out, size)? };
        crate::classify::classify_grid(&parsed, sides, values, out);
        Ok(())
    })())
}

/// Decision values of one classifier at every grid point (for checking against the spec).
///
/// # Safety
/// As for `classify_grid`, with `out` room for m^edges f64 values.
#[no_mangle]
pub unsafe extern "C" fn decision_grid(
    model: *const f64,
    model_len: usize,
    values: *const f64,
    m: usize,
    edges: usize,
    out: *mut f64,
) -> i32 {
    status_of((|| {
        // SAFETY: the caller's contract.
        let (values, size, parsed) = unsafe { grid_and_models(model, model_len, 1, values, m, edges)? };
        let out = unsafe { borrow_mut(out, size)? };
        crate::classify::decision_on_grid(&parsed[0], values, out);
        Ok(())
    })())
}

/// Decision values of one classifier at `count` listed grid points (u32 indices in the
/// order of `classify_grid`), written to `out` (`count` f64).
///
/// # Safety
/// As for `decision_grid`, with `points` holding `count` u32 values and `out` room for `count` f64.
#[no_mangle]
pub unsafe extern "C" fn decision_points(
    model: *const f64,
    model_len: usize,
    values: *const f64,
    m: usize,
    edges: usize,
    points: *const u32,
    count: usize,
    out: *mut f64,
) -> i32 {
    status_of((|| {
        // SAFETY: the caller's contract.
        let (values, size, parsed) = unsafe { grid_and_models(model, model_len, 1, values, m, edges)? };
        let points = unsafe { borrow(points, count)? };
        let out = unsafe { borrow_mut(out, count)? };
        if points.iter().any(|&p| p as usize >= size) {
            return Err(STATUS_BAD_GRID);
        }
        let mut scratch = vec![0.0; size];
        crate::classify::decision_at_points(&parsed[0], values, points, &mut scratch, out);
        Ok(())
    })())
}

/// Training parameters packed as f64: kernel code (0 linear, 1 poly, 2 rbf), gamma, coef0,
/// degree, C, tolerance, maximum iterations.
const TRAIN_PARAMETERS: usize = 7;

fn training_parameters(values: &[f64]) -> Result<crate::svm_train::Parameters, i32> {
    let kernel = values[0];
    let degree = values[3];
    let max_iterations = values[6];
    let valid = (kernel == 0.0 || kernel == 1.0 || kernel == 2.0)
        && values[1].is_finite()
        && values[1] > 0.0
        && values[2].is_finite()
        && degree.fract() == 0.0
        && (0.0..=64.0).contains(&degree)
        && values[4].is_finite()
        && values[4] > 0.0
        && values[5].is_finite()
        && values[5] > 0.0
        && max_iterations.fract() == 0.0
        && (0.0..=9.0e15).contains(&max_iterations);
    if !valid {
        return Err(STATUS_BAD_MODEL);
    }
    Ok(crate::svm_train::Parameters {
        kernel: kernel as u32,
        gamma: values[1],
        coef0: values[2],
        degree: degree as u32,
        c: values[4],
        tolerance: values[5],
        max_iterations: max_iterations as u64,
    })
}

/// Trains a C-SVC by SMO (bit-identical to `src/lamoo/svm-train.ts`): writes α (`n` values)
/// to `alpha` and [ρ, iterations] to `result`.
///
/// # Safety
/// `features` must hold `n·dim` f64 values, `labels` `n` f64 values (±1), `parameters` 7
/// f64 values, `alpha` room for `n` f64 values and `result` for 2.
#[no_mangle]
pub unsafe extern "C" fn svm_train(
    features: *const f64,
    n: usize,
    dim: usize,
    labels: *const f64,
    parameters: *const f64,
    alpha: *mut f64,
    result: *mut f64,
) -> i32 {
    status_of((|| {
        // SAFETY: the caller's contract.
        let features = unsafe { points_arg(features, n, dim)? };
        let labels = unsafe { borrow(labels, n)? };
        let parameters = unsafe { borrow(parameters, TRAIN_PARAMETERS)? };
        let alpha = unsafe { borrow_mut(alpha, n)? };
        let result = unsafe { borrow_mut(result, 2)? };
        if parameters.len() != TRAIN_PARAMETERS {
            return Err(STATUS_BAD_MODEL);
        }
        if !labels.iter().all(|&y| y == 1.0 || y == -1.0) {
            return Err(STATUS_BAD_LABELS);
        }
        n.checked_mul(n).and_then(|cells| cells.checked_mul(4)).filter(|&bytes| bytes <= 1 << 31).ok_or(STATUS_TOO_LARGE)?;
        let parameters = training_parameters(parameters)?;
        let solution = crate::svm_train::train(features, n, dim, labels, &parameters, alpha);
        result[0] = solution.rho;
        result[1] = solution.iterations as f64;
        Ok(())
    })())
}
