#!/usr/bin/env bash
# Creates the benchmark's Python environment bench/venv (PyTorch reference) once; re-installs only
# when bench/requirements.txt or the Python version changes (stamp file bench/venv/.bench-stamp).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${JYOLO_BENCH_VENV:-$BENCH/venv}"
PY="$VENV/bin/python"
say() { printf 'bench setup: %s\n' "$*"; }
die() { printf 'bench setup: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 || die "python3 not found: install Python 3.9+ with venv"
want=$({ cat "$BENCH/requirements.txt"; python3 -V; } | sha256sum | cut -c1-16)
if [ -x "$PY" ] && [ "$(cat "$VENV/.bench-stamp" 2>/dev/null)" = "$want" ]; then
  say "python environment up to date ($VENV)"
  exit 0
fi
[ -x "$PY" ] || python3 -m venv "$VENV" || die "could not create $VENV (install python3-venv)"
say "installing $(grep -v '^#' "$BENCH/requirements.txt" | tr '\n' ' ')(torch pulls several GB, once)"
log="$VENV/pip-install.log"
if ! "$PY" -m pip install --disable-pip-version-check -q -r "$BENCH/requirements.txt" >"$log" 2>&1; then
  die "pip install failed (PyPI reachable?); details in $log"
fi
"$PY" -c 'import torch, numpy, PIL, cv2' || die "torch/numpy/pillow/cv2 not importable in $VENV"
echo "$want" > "$VENV/.bench-stamp"
say "python environment installed ($VENV)"
