#!/usr/bin/env bash
# make gpu-check: proves the GPU route as far as a machine without a GPU can, and on a GPU machine
# runs the same check on the GPU. Not part of make test: the first run downloads several GB.
#   1. installs torch==2.7.1 with its CUDA libraries into a cache outside the repository
#      ($JYOLO_GPU_CACHE, default ~/.cache/jyolo/torch-cuda): from the PyTorch cu128 index when
#      reachable, else PyPI (environment/gpu.sh),
#   2. without a real NVIDIA driver, builds the driver stub libcuda.so.1 and puts it first on
#      LD_LIBRARY_PATH (the CUDA libtorch cannot be loaded without some libcuda.so.1),
#   3. builds lib/target/jyolo.jar when stale,
#   4. starts jyolo with only PYTORCH_LIBRARY_PATH set, the CPU native jar off the class path and
#      LD_BIND_NOW=1 (every symbol of DJL's JNI library and of libtorch bound at load, not at first
#      call), and runs `jyolo info --check --require-cuda-build`: the libtorch loaded (path, version,
#      flavour), the GPU status, the CUDA libraries mapped into the process, one forward and backward
#      of Fast YOLO and one detection, on the GPU when one is usable, else on the CPU through the
#      CUDA build.
# Any missing piece fails with one line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=environment/gpu.sh
. "$ROOT/environment/gpu.sh"
CACHE="${JYOLO_GPU_CACHE:-$HOME/.cache/jyolo}"
VENV="$CACHE/torch-cuda"
say() { printf 'gpu-check: %s\n' "$*"; }
die() { printf 'gpu-check: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 || die "python3 not found: install Python 3.9+ with venv"
mkdir -p "$CACHE"
stamp="torch==$TORCH_VERSION ${TORCH_CUDA_INDEX} $(python3 -V 2>&1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.jyolo-stamp" 2>/dev/null)" = "$stamp" ]; then
  say "CUDA torch wheel present ($VENV)"
else
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || die "could not create $VENV (install python3-venv)"
  say "installing torch==$TORCH_VERSION with its CUDA libraries into $VENV (several GB, once)"
  from=$(torch_cuda_install "$VENV/bin/python" "$VENV/pip-install.log") || exit 1
  echo "$stamp" > "$VENV/.jyolo-stamp"
  say "installed $from"
fi
lib=$(torch_lib "$VENV/bin/python") || die "torch is not importable in $VENV; delete the folder and rerun"
cuda=$(torch_cuda_version "$lib")
[ -n "$cuda" ] || die "the torch wheel in $VENV is a CPU build ($lib/../version.py names no CUDA version)"
say "libtorch $lib (torch $TORCH_VERSION built for CUDA $cuda)"

if real_driver; then
  say "NVIDIA driver present: no stub"
else
  out=$(cuda_stub "$lib" "$CACHE/cuda-stub") || exit 1
  say "no NVIDIA driver: $out"
  export LD_LIBRARY_PATH="$CACHE/cuda-stub${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

"$ROOT/environment/setup.sh" jar | sed 's/^setup: /gpu-check: /'
cp="$ROOT/lib/target/jyolo.jar"
for j in "$ROOT"/lib/target/lib/*.jar; do
  case "$(basename "$j")" in pytorch-native-cpu-*) ;; *) cp="$cp:$j" ;; esac
done
if [ -z "${GLIBC_TUNABLES+set}" ]; then
  export "$(grep '^GLIBC_TUNABLES=' "$ROOT/environment/malloc.env")"
fi
unset PYTORCH_VERSION PYTORCH_FLAVOR
say "java -cp <jyolo.jar and its dependencies without pytorch-native-cpu> io.jyolo.cli.Main info --check --require-cuda-build"
if LD_BIND_NOW=1 PYTORCH_LIBRARY_PATH="$lib" java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
     ${JYOLO_JAVA_OPTS:-} -cp "$cp" io.jyolo.cli.Main info --check --require-cuda-build; then
  say "passed: DJL's JNI library linked against the CUDA libtorch of the wheel and computed through it"
else
  die "failed (the line above says why)"
fi
