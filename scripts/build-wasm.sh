#!/usr/bin/env bash
# Builds core-rs to WebAssembly with Debian's rustc 1.63 (the only toolchain here with a
# wasm32 standard library) and copies the module to wasm/ce_nas_core.wasm.
# The output is byte-reproducible: paths are remapped and debug info is stripped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/wasm32-unknown-unknown ]; then
  echo "build-wasm: installing Debian's rustc, cargo and wasm32 standard library" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq rustc cargo libstd-rust-dev-wasm32 >/dev/null
fi

cd "$root/core-rs"
RUSTC=/usr/bin/rustc \
RUSTFLAGS="-C target-feature=+simd128,+bulk-memory --remap-path-prefix=$root=/ce-nas --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo" \
CARGO_TARGET_DIR="$root/core-rs/target" \
  /usr/bin/cargo build --release --locked --target wasm32-unknown-unknown --quiet
mkdir -p "$root/wasm"
cp target/wasm32-unknown-unknown/release/ce_nas_core.wasm "$root/wasm/ce_nas_core.wasm"
echo "build-wasm: wrote wasm/ce_nas_core.wasm ($(wc -c < "$root/wasm/ce_nas_core.wasm") bytes, sha256 $(sha256sum "$root/wasm/ce_nas_core.wasm" | cut -c1-16))"
