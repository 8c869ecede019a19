#!/usr/bin/env bash
# Sets up everything `make lab` and `make test` need, and only what is missing:
#   1. checks the prerequisites (Java 17+, Maven, Python 3.9+),
#   2. the project-local Python environment environment/venv (pinned; reinstalled only when
#      environment/requirements.txt or constraints.txt change),
#   3. GPU route: with GPU=1, or when nvidia-smi sees a GPU, the CUDA libtorch from a pip
#      torch==2.7.1 wheel (environment/gpu.sh: the cu128 index when reachable, else PyPI; DJL is
#      pointed at it; the CPU native jar is left out of the build),
#   4. the library jar lib/target/jyolo.jar and the Spark module's spark/target/jyolo-spark.jar (rebuilt when
#      a source or pom is newer; the first build downloads Spark from Maven Central, so -o builds work later),
#   5. the "Java (jyolo)" kernelspec inside the venv (never the user's global Jupyter),
#   6. the generated demo dataset data/shapes,
#   7. libjpeg-turbo's TurboJPEG library in jyolo's cache (Debian's libturbojpeg0, with its licence;
#      skipped when the system has it): the library decodes JPEGs with it, faster than ImageIO and with
#      the same pixels. Optional: where it cannot be had, setup says so and ImageIO decodes.
# Each step prints one line saying what it did or that it was up to date.
# Steps: `setup.sh` runs all; `setup.sh check|venv|jar|kernel|data|turbojpeg` runs one; `setup.sh gpu-env`
# prints the settings of the GPU route (empty on the CPU route), `setup.sh gpu-wanted` exits 0 on it.
# `setup.sh browser` (not part of all; `make test` calls it) installs what the browser test needs:
# Debian's Chromium (when root and missing) and playwright-core from npm into environment/node_modules.
# It never fails: when something cannot be had it says so and the browser test is skipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENVDIR="$ROOT/environment"
VENV="${JYOLO_VENV:-$ENVDIR/venv}"
PY="$VENV/bin/python"
JAR="$ROOT/lib/target/jyolo.jar"
SPARK_JAR="$ROOT/spark/target/jyolo-spark.jar"
# shellcheck source=environment/gpu.sh
. "$ENVDIR/gpu.sh"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

gpu_wanted() {
  if [ "${GPU:-}" = "1" ]; then return 0; fi
  if [ "${GPU:-}" = "0" ]; then return 1; fi
  command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1
}

check() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17 or newer (e.g. apt install openjdk-17-jdk) and put it on PATH."
  local jv
  jv=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$jv" in
    ''|1.*|9|10|11|12|13|14|15|16) die "Java ${jv:-of unknown version} found at $(command -v java); jyolo needs Java 17 or newer (set JAVA_HOME/PATH).";;
  esac
  command -v javac >/dev/null 2>&1 || die "javac not found: install a full JDK 17 (not only a JRE)."
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Apache Maven 3.8 or newer (e.g. apt install maven)."
  command -v python3 >/dev/null 2>&1 || die "python3 not found: install Python 3.9 or newer with venv (e.g. apt install python3 python3-venv)."
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || die "python3 is $(python3 -V 2>&1); jyolo's notebook tools need Python 3.9 or newer."
  python3 -c 'import venv, ensurepip' 2>/dev/null \
    || die "python3 cannot create virtual environments: install the venv module (e.g. apt install python3-venv)."
}

venv_stamp() {
  { cat "$ENVDIR/requirements.txt" "$ENVDIR/constraints.txt"; python3 -V; if gpu_wanted; then echo "torch==$TORCH_VERSION"; fi; } 2>/dev/null | sha256sum | cut -c1-16
}

pip_install() {
  local log="$VENV/pip-install.log"
  if ! "$PY" -m pip install --disable-pip-version-check -q "$@" >"$log" 2>&1; then
    local index="${PIP_INDEX_URL:-https://pypi.org/simple}"
    if ! index_reachable "$index"; then
      die "pip could not download packages from PyPI: $index is not reachable (no network, or a proxy is needed); details in $log"
    fi
    die "pip install failed; details in $log"
  fi
}

# True when the package index answers (any HTTP status counts: only a connection failure is "unreachable").
index_reachable() {
  url_reachable "${1%/}/pip/"
}

venv() {
  local want; want=$(venv_stamp)
  if [ -x "$PY" ] && [ "$(cat "$VENV/.jyolo-stamp" 2>/dev/null)" = "$want" ]; then
    say "python environment up to date ($VENV)"
    return
  fi
  [ -x "$PY" ] || python3 -m venv "$VENV" || die "could not create the virtual environment $VENV"
  pip_install -r "$ENVDIR/requirements.txt" -c "$ENVDIR/constraints.txt"
  if gpu_wanted; then
    say "GPU route: installing the CUDA libtorch from torch==$TORCH_VERSION (several GB, once)"
    local from; from=$(torch_cuda_install "$PY" "$VENV/pip-install-torch.log") || exit 1
    say "GPU route: $from"
  fi
  echo "$want" > "$VENV/.jyolo-stamp"
  say "python environment installed ($VENV)"
}

# Environment for DJL when the CUDA libtorch of the pip wheel is used (empty on CPU). Only the library
# path: jyolo's Java side reads the wheel's version.py and sets the version, the JNI flavour (cu128 for
# any CUDA 12 build) and the CUDA runtime folder for DJL's GPU count (engine/NativeSettings).
gpu_env() {
  if gpu_wanted; then
    local lib
    lib=$(torch_lib "$PY") \
      || die "GPU route: torch is not installed in $VENV; rerun 'GPU=1 make setup' (or GPU=0 for the CPU route)"
    echo "PYTORCH_LIBRARY_PATH=$lib"
  fi
}

jar() {
  local stale=""
  if [ -f "$JAR" ] && [ -f "$SPARK_JAR" ]; then
    stale=$(find "$ROOT/pom.xml" "$ROOT/lib/pom.xml" "$ROOT/lib/src/main" -newer "$JAR" -type f 2>/dev/null | head -n1)
    [ -n "$stale" ] || stale=$(find "$ROOT/spark/pom.xml" "$ROOT/spark/src/main" -newer "$SPARK_JAR" -type f 2>/dev/null | head -n1)
  fi
  if [ -f "$JAR" ] && [ -f "$SPARK_JAR" ] && [ -z "$stale" ]; then
    say "library jar up to date (lib/target/jyolo.jar, spark/target/jyolo-spark.jar)"
    return
  fi
  # the library alone: the benchmark module (bench/java) is built by make bench
  local flags=(-B -DskipTests package -pl lib)
  if gpu_wanted; then flags+=(-Dgpu); fi
  local log="$ROOT/lib/target/setup-build.log"
  mkdir -p "$ROOT/lib/target"
  if ! (cd "$ROOT" && mvn "${flags[@]}" >"$log" 2>&1); then
    grep -E "ERROR" "$log" | head -n 15 >&2 || true
    die "building the library failed (mvn ${flags[*]}); full log in $log"
  fi
  say "library jar built (lib/target/jyolo.jar, spark/target/jyolo-spark.jar)"
}

kernel() {
  [ -f "$JAR" ] || die "lib/target/jyolo.jar is missing: run 'environment/setup.sh jar' first"
  GPU_ENV="$(gpu_env)" JYOLO_ROOT="$ROOT" "$PY" "$ENVDIR/install_kernel.py" "$VENV"
}

data() {
  # --if-changed keeps data/shapes when it holds the dataset of the current defaults (a second or
  # so to check) and regenerates it otherwise, e.g. after an update changed the defaults.
  local line
  line=$(cd "$ROOT" && java -jar "$JAR" dataset synth --out data/shapes --if-changed) \
    || die "generating the demo dataset failed (java -jar lib/target/jyolo.jar dataset synth --out data/shapes)"
  case "$line" in
    *"already holds"*) say "demo dataset present (data/shapes)" ;;
    *) say "demo dataset generated (data/shapes)" ;;
  esac
}

browser() {
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      local log=/tmp/jyolo-apt-chromium.log
      if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || true
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >>"$log" 2>&1; then
          say "browser: could not install chromium with apt-get (details in $log); the browser test will be skipped"
          return 0
        fi
      fi
      say "browser: chromium installed ($(command -v chromium))"
    else
      say "browser: chromium not found and not root (install it, e.g. apt install chromium); the browser test will be skipped"
      return 0
    fi
  fi
  if ! command -v npm >/dev/null 2>&1; then
    say "browser: npm not found (install Node.js 20+); the browser test will be skipped"
    return 0
  fi
  local want; want=$(cat "$ENVDIR/package.json" "$ENVDIR/package-lock.json" | sha256sum | cut -c1-16)
  local stamp="$ENVDIR/node_modules/.jyolo-stamp"
  if [ -d "$ENVDIR/node_modules/playwright-core" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    say "browser tools up to date (chromium, environment/node_modules)"
    return 0
  fi
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing anyway; the system Chromium is used.
  if ! (cd "$ENVDIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >"$ENVDIR/npm-install.log" 2>&1); then
    say "browser: npm ci failed (details in environment/npm-install.log); the browser test will be skipped"
    return 0
  fi
  echo "$want" > "$stamp"
  say "browser tools installed (playwright-core in environment/node_modules)"
}

# jyolo's cache folder, as io.jyolo.image.OpenCvNative finds it (JYOLO_CACHE_DIR, XDG_CACHE_HOME, ~/.cache).
cache_dir() {
  local xdg="${XDG_CACHE_HOME:-}"
  if [ -n "${JYOLO_CACHE_DIR:-}" ]; then echo "$JYOLO_CACHE_DIR"
  elif [ "${xdg#/}" != "$xdg" ]; then echo "$xdg/jyolo"   # an absolute XDG_CACHE_HOME only, as the spec says
  else echo "$HOME/.cache/jyolo"; fi
}

# TurboJPEG (io.jyolo.image.TurboJpeg looks in <cache>/turbojpeg first, then the system). Never fails.
turbojpeg() {
  local dir; dir="$(cache_dir)/turbojpeg"
  if [ -f "$dir/libturbojpeg.so.0" ]; then
    say "TurboJPEG up to date ($dir, $(cat "$dir/version" 2>/dev/null))"
    return 0
  fi
  if command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libturbojpeg\.so\.0 '; then
    say "TurboJPEG: the system's libturbojpeg.so.0 is used"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    say "TurboJPEG: no apt-get here, so ImageIO decodes JPEGs (install libjpeg-turbo's TurboJPEG library to decode faster)"
    return 0
  fi
  local tmp; tmp="$(mktemp -d)"
  # apt-get download needs no root; with empty package lists (fresh containers) root can refresh them
  if ! (cd "$tmp" && apt-get download libturbojpeg0 >"$tmp/apt.log" 2>&1); then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$tmp/apt.log" 2>&1 || true
    fi
    if ! (cd "$tmp" && apt-get download libturbojpeg0 >>"$tmp/apt.log" 2>&1); then
      cp "$tmp/apt.log" /tmp/jyolo-apt-turbojpeg.log 2>/dev/null || true
      rm -rf "$tmp"
      say "TurboJPEG: apt-get could not download libturbojpeg0 (details in /tmp/jyolo-apt-turbojpeg.log), so ImageIO decodes JPEGs"
      return 0
    fi
  fi
  local deb so=""
  deb="$(ls "$tmp"/libturbojpeg0_*.deb 2>/dev/null | head -1)"
  if [ -n "$deb" ] && dpkg-deb -x "$deb" "$tmp/x" 2>>"$tmp/apt.log"; then
    so="$(find "$tmp/x" -name 'libturbojpeg.so.0.*' -type f | head -1)"
  fi
  # the library goes in last, so a failure on the way leaves no library without its licence
  if [ -z "$so" ] || ! { mkdir -p "$dir" && cp "$tmp/x/usr/share/doc/libturbojpeg0/copyright" "$dir/copyright" \
      && echo "libturbojpeg0 $(dpkg-deb -f "$deb" Version)" > "$dir/version" \
      && cp "$so" "$dir/.libturbojpeg.so.0.part" && mv -f "$dir/.libturbojpeg.so.0.part" "$dir/libturbojpeg.so.0"; } 2>>"$tmp/apt.log"; then
    rm -rf "$tmp"
    say "TurboJPEG: could not unpack the libturbojpeg0 package into $dir, so ImageIO decodes JPEGs"
    return 0
  fi
  rm -rf "$tmp"
  say "TurboJPEG installed: $dir/libturbojpeg.so.0 ($(cat "$dir/version"); licence in $dir/copyright)"
}

case "${1:-all}" in
  check) check ;;
  venv) check; venv ;;
  jar) check; jar ;;
  kernel) kernel ;;
  data) data ;;
  turbojpeg) turbojpeg ;;
  all) check; venv; turbojpeg; jar; kernel; data ;;
  gpu-env) gpu_env ;;
  gpu-wanted) gpu_wanted ;;
  browser) browser ;;
  *) die "unknown step '$1' (use check, venv, jar, kernel, data, turbojpeg, browser or all)" ;;
esac
