//! The kernel (Gram) matrix of C-SVC training, as `spec/svm.ts` defines the kernels: dot
//! products summed left to right, integer powers by repeated multiplication, RBF as a product
//! of per-coordinate `exp` factors (tabulated per pair of distinct coordinate values). Q is
//! kept in single precision and its diagonal in double, as libsvm does (svm_train.rs).

use crate::exp::exp;
use crate::svm_train::{Parameters, KERNEL_POLY, KERNEL_RBF};

fn dot(x: &[f64], z: &[f64]) -> f64 {
    let mut sum = 0.0;
    for k in 0..x.len() {
        sum = sum + x[k] * z[k];
    }
    sum
}

fn integer_power(base: f64, degree: u32) -> f64 {
    let mut result = 1.0;
    for _ in 0..degree {
        result = result * base;
    }
    result
}

/// Per coordinate: the index of each row's value among the distinct values (by bit
/// pattern, so −0 and 0 stay apart, as the spec subtracts them) and the factor table.
struct RbfTables {
    value_index: Vec<usize>,
    tables: Vec<Vec<f64>>,
    sizes: Vec<usize>,
}

fn rbf_tables(features: &[f64], n: usize, dim: usize, gamma: f64) -> RbfTables {
    let mut value_index = vec![0usize; n * dim];
    let mut tables = Vec::with_capacity(dim);
    let mut sizes = Vec::with_capacity(dim);
    for k in 0..dim {
        let mut distinct: Vec<u64> = (0..n).map(|i| features[i * dim + k].to_bits()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for i in 0..n {
            let bits = features[i * dim + k].to_bits();
            value_index[i * dim + k] = distinct.binary_search(&bits).unwrap_or(0);
        }
        let m = distinct.len();
        let mut table = vec![0.0; m * m];
        for a in 0..m {
            for b in 0..m {
                let difference = f64::from_bits(distinct[a]) - f64::from_bits(distinct[b]);
                table[a * m + b] = exp(-gamma * (difference * difference));
            }
        }
        tables.push(table);
        sizes.push(m);
    }
    RbfTables { value_index, tables, sizes }
}

/// Q (f32, n×n, Q_ij = fl32(y_i y_j K_ij)) and the diagonal K_ii in double.
pub(crate) fn gram(features: &[f64], n: usize, dim: usize, y: &[f64], p: &Parameters) -> (Vec<f32>, Vec<f64>) {
    let mut q = vec![0f32; n * n];
    let mut diagonal = vec![0.0; n];
    let rbf = if p.kernel == KERNEL_RBF { Some(rbf_tables(features, n, dim, p.gamma)) } else { None };
    for i in 0..n {
        let xi = &features[i * dim..(i + 1) * dim];
        for j in 0..=i {
            let xj = &features[j * dim..(j + 1) * dim];
            let k = match &rbf {
                Some(t) => {
                    let mut product = 1.0;
                    for c in 0..dim {
                        product = product * t.tables[c][t.value_index[i * dim + c] * t.sizes[c] + t.value_index[j * dim + c]];
                    }
                    product
                }
                None if p.kernel == KERNEL_POLY => integer_power(p.gamma * dot(xi, xj) + p.coef0, p.degree),
                None => dot(xi, xj),
            };
            let value = (y[i] * y[j] * k) as f32;
            q[i * n + j] = value;
            q[j * n + i] = value;
            if i == j {
                diagonal[i] = k;
            }
        }
    }
    (q, diagonal)
}
