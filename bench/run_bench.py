#!/usr/bin/env python3
"""Runs the jyolo benchmark: Java (DJL/libtorch) against the PyTorch reference, alternating.

For every case a Java worker (io.jyolo.bench.BenchWorker) and a Python worker (jyref.worker) are
started with the same settings; each builds its model / pipeline and warms up, then the driver
sends `run N` to one and then the other, several times, swapping the order each round, so that
slow drifts of the machine (other processes, thermal) hit both sides alike. Results (median and
spread of every timed iteration) go to results.md and results.csv with the machine description.

Usage: bench/venv/bin/python bench/run_bench.py [--device cpu|gpu] [--only train,infer,...]
       [--quick] [--out bench/results]
"""
import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
# the bench module's jar (bench/java, `mvn -pl bench/java -am package`); its manifest puts the library and
# its dependencies on the class path
JAR = os.environ.get("BENCH_JAR", os.path.join(ROOT, "bench", "java", "target", "jyolo-bench.jar"))
VOC = os.environ.get("JYOLO_VOC_SAMPLE", os.path.join(os.path.dirname(ROOT), "shared", "data", "voc2012-sample"))
if not os.path.isdir(VOC):
    VOC = "/work/shared/data/voc2012-sample"
THREADS = int(os.environ.get("BENCH_THREADS", "2"))


def project_malloc_tunables():
    """GLIBC_TUNABLES of environment/malloc.env: how jyolo starts every JVM (make, environment/jyolo,
    the kernel). BENCH_JAVA_TUNABLES overrides it for the Java workers ("" = glibc's defaults)."""
    if "BENCH_JAVA_TUNABLES" in os.environ:
        return os.environ["BENCH_JAVA_TUNABLES"]
    with open(os.path.join(ROOT, "environment", "malloc.env")) as f:
        return next(l.split("=", 1)[1].strip() for l in f if l.startswith("GLIBC_TUNABLES="))


JAVA_TUNABLES = project_malloc_tunables()


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ----------------------------------------------------------------------------------------------
# Cases. unit: "step" = one training step (images/s = batch / t), "image" = inference of one
# batch (ms per image = t / batch), "pass" = one pass over a dataset (images/s = n / t),
# "matmul" = one n x n matmul (GFLOP/s).
# ----------------------------------------------------------------------------------------------
def cases(quick, tmp):
    r = 1 if quick else None

    def c(group, name, case, unit, args, rounds, iters, warmup=1, java_only=False, wheel=False, java_opts=(),
          python_tunables=False, variants=None, python_args=None):
        return dict(group=group, name=name, case=case, unit=unit, args=dict(args, warmup=warmup),
                    rounds=r or rounds, iters=iters, java_only=java_only, wheel=wheel, java_opts=list(java_opts),
                    python_tunables=python_tunables, variants=variants or {}, python_args=python_args or {})

    epoch_data = os.path.join(tmp, "shapes")
    return [
        c("matmul", "matmul 2048x2048 fp32", "matmul", "matmul", dict(n=2048), 4, 5, warmup=2),
        c("train", "Fast YOLO, 448, batch 8", "train", "step", dict(arch="fast", size=448, batch=8), 4, 3, warmup=2),
        c("train", "fully-convolutional, 448, batch 8", "train", "step", dict(arch="fcn", size=448, batch=8), 4, 2,
          warmup=2),
        c("train", "original (FC head), 448, batch 2", "train", "step", dict(arch="original", size=448, batch=2), 4, 2),
        # diagnosis: Java on the very libtorch binary of the PyTorch wheel (binding cost alone)
        c("samelib", "Fast YOLO, 448, batch 8", "train", "step", dict(arch="fast", size=448, batch=8), 2, 3,
          warmup=2, wheel=True),
        c("samelib", "original (FC head), 448, batch 2", "train", "step", dict(arch="original", size=448, batch=2),
          2, 2, wheel=True),
        # diagnosis: PyTorch started with jyolo's malloc settings too (what they are worth to either side)
        # (more rounds than the other diagnoses: the target is on these, and this VM's CPU steal moved a
        # 2-round ratio by up to 0.15 between runs)
        c("sameenv", "Fast YOLO, 448, batch 8", "train", "step", dict(arch="fast", size=448, batch=8), 6, 3,
          warmup=2, python_tunables=True),
        c("sameenv", "fully-convolutional, 448, batch 8", "train", "step", dict(arch="fcn", size=448, batch=8), 4, 2,
          warmup=2, python_tunables=True),
        c("sameenv", "original (FC head), 448, batch 2", "train", "step", dict(arch="original", size=448, batch=2),
          6, 2, python_tunables=True),
        # diagnosis: PyTorch computing channels-last as well (the reproduction computes NCHW; jyolo's networks
        # compute channels-last on a CPU): the same memory order and malloc settings on both sides
        c("samelayout", "Fast YOLO, 448, batch 8", "train", "step", dict(arch="fast", size=448, batch=8), 4, 3,
          warmup=2, python_tunables=True, python_args=dict(channels_last=1)),
        c("samelayout", "fully-convolutional, 448, batch 8", "train", "step", dict(arch="fcn", size=448, batch=8), 2,
          2, warmup=2, python_tunables=True, python_args=dict(channels_last=1)),
        c("samelayout", "original (FC head), 448, batch 2", "train", "step", dict(arch="original", size=448, batch=2),
          4, 2, python_tunables=True, python_args=dict(channels_last=1)),
        # diagnosis: both at once (same libtorch binary, same malloc settings): what is left is the binding
        c("sameboth", "Fast YOLO, 448, batch 8", "train", "step", dict(arch="fast", size=448, batch=8), 2, 3,
          warmup=2, wheel=True, python_tunables=True),
        # batch 1: a dozen images of warm-up (in the previous run Java's original still sped up from
        # 225 to 190 ms per image between its 3rd and 9th timed image); detection over a folder or a
        # video runs hundreds
        c("infer", "Fast YOLO, batch 1", "infer", "image", dict(arch="fast", size=448, batch=1, data=VOC), 4, 16, warmup=12),
        c("infer", "Fast YOLO, batch 8", "infer", "image", dict(arch="fast", size=448, batch=8, data=VOC), 4, 3, warmup=2),
        c("infer", "original, batch 1", "infer", "image", dict(arch="original", size=448, batch=1, data=VOC), 4, 4, warmup=12),
        c("infer", "original, batch 8", "infer", "image", dict(arch="original", size=448, batch=8, data=VOC), 3, 1),
        # a third side: the PyTorch DataLoader on OpenCV (the original's reader) beside the PIL one
        c("data", "VOC sample, 1 worker", "data", "pass", dict(size=448, batch=8, workers=1, data=VOC), 4, 1,
          variants=dict(pytorch_cv2=dict(reader="cv2"))),
        c("data", "VOC sample, 2 workers", "data", "pass", dict(size=448, batch=8, workers=2, data=VOC), 4, 1,
          variants=dict(pytorch_cv2=dict(reader="cv2"))),
        # the same with jyolo's decoded-image cache off: every pass decodes every JPEG again, as on a dataset
        # too large for the cache (the first epoch of any dataset is like this)
        c("data", "VOC sample, 1 worker, no decoded-image cache", "data", "pass",
          dict(size=448, batch=8, workers=1, data=VOC), 4, 1, java_opts=["-Djyolo.decodeCacheMb=0"],
          variants=dict(pytorch_cv2=dict(reader="cv2"))),
        c("data", "VOC sample, 2 workers, no decoded-image cache", "data", "pass",
          dict(size=448, batch=8, workers=2, data=VOC), 4, 1, java_opts=["-Djyolo.decodeCacheMb=0"],
          variants=dict(pytorch_cv2=dict(reader="cv2"))),
        c("epoch", "demo dataset, Fast YOLO", "epoch", "pass",
          dict(arch="fast", size=EPOCH_SIZE, batch=8, workers=2, data=epoch_data, split="train"), 2, 1, warmup=3),
        # the heap pre-touched and a fixed young generation (64 MB), so that what grows after warm-up is
        # native memory: without it G1 touches pages of its committed heap for the first time over the
        # first ~150 steps (smaps: +36 MB on the heap's mapping, native memory flat)
        c("memory", "Fast YOLO, 128, batch 4, 500 steps, -Xmn64m -XX:+AlwaysPreTouch", "memory", "step",
          dict(arch="fast", size=128, batch=4), 1, 500, warmup=0, java_only=True,
          java_opts=["-Xmn64m", "-XX:+AlwaysPreTouch"]),
    ]


EPOCH_SIZE = 256


# ----------------------------------------------------------------------------------------------
class Worker:
    """One worker process speaking the READY / run N / RESULT protocol."""

    def __init__(self, side, cmd, env, logfile):
        self.side = side
        self.log = open(logfile, "a")
        self.log.write(f"\n$ {' '.join(cmd)}\n")
        self.log.flush()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     text=True, env=env, cwd=ROOT, bufsize=1)
        self.ready = self._read("READY")

    def _read(self, tag):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                code = self.proc.wait()
                raise RuntimeError(f"{self.side} worker ended (exit {code}) before {tag}; see {self.log.name}")
            if line.startswith(tag + " "):
                return json.loads(line[len(tag) + 1:])
            if line.startswith("ERROR "):
                raise RuntimeError(f"{self.side} worker: {line.strip()}")
            self.log.write("[stdout] " + line)

    def run(self, n):
        self.proc.stdin.write(f"run {n}\n")
        self.proc.stdin.flush()
        return self._read("RESULT")

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=60)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def java_props(heap):
    """JVM options of every Java worker: heap, offline DJL, the same thread counts as PyTorch."""
    return [f"-Xmx{heap}", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={THREADS}",
            f"-Dai.djl.pytorch.num_interop_threads={THREADS}", "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"]


def java_cmd(case, args, device, heap, opts=()):
    extra = os.environ.get("BENCH_JAVA_OPTS", "").split()
    cmd = ["java", *java_props(heap), *opts, *extra, "-cp", JAR, "io.jyolo.bench.BenchWorker", case]
    for k, v in args.items():
        cmd += [f"--{k}", str(v)]
    return cmd + ["--threads", str(THREADS), "--device", device]


def wheel_libtorch_env():
    """Points DJL at the libtorch inside the torch wheel of bench/venv (with DJL's CPU JNI library)."""
    import torch
    return dict(PYTORCH_LIBRARY_PATH=os.path.join(os.path.dirname(torch.__file__), "lib"),
                PYTORCH_VERSION=torch.__version__.split("+")[0], PYTORCH_FLAVOR="cpu")


def python_cmd(case, args, device):
    cmd = [sys.executable, "-m", "jyref.worker", case]
    for k, v in args.items():
        cmd += [f"--{k}", str(v)]
    return cmd + ["--threads", str(THREADS), "--device", device]


def worker_env(extra=None, tunables=None):
    """The caller's environment with the thread settings; GLIBC_TUNABLES only when given (make exports
    the project's for every recipe, so it is dropped here and set per side)."""
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
    if tunables:
        env["GLIBC_TUNABLES"] = tunables
    env["OMP_NUM_THREADS"] = str(THREADS)
    env["MKL_NUM_THREADS"] = str(THREADS)
    env["PYTHONPATH"] = os.path.join(BENCH, "py")
    if extra:
        env.update(extra)
    return env


def cpu_busy(seconds=2.0):
    """Fraction of all CPU time that was busy (any process) over the next `seconds`, from /proc/stat."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v), idle
    try:
        t0, i0 = sample()
        time.sleep(seconds)
        t1, i1 = sample()
        return 1 - (i1 - i0) / max(1, t1 - t0)
    except OSError:
        return 0.0


QUIET = float(os.environ.get("BENCH_QUIET", "0.25"))
QUIET_WAIT = float(os.environ.get("BENCH_QUIET_WAIT", "60"))
QUIET_BUDGET = [float(os.environ.get("BENCH_QUIET_BUDGET", "240"))]  # seconds of waiting left for the whole run


def wait_for_quiet():
    """Waits (up to BENCH_QUIET_WAIT s per case, BENCH_QUIET_BUDGET s per run) until other processes leave
    the CPU mostly idle; returns the busy fraction seen last."""
    start = time.time()
    deadline = start + min(QUIET_WAIT, QUIET_BUDGET[0])
    busy = cpu_busy()
    while busy > QUIET and time.time() < deadline:
        busy = cpu_busy(5.0)
    QUIET_BUDGET[0] = max(0.0, QUIET_BUDGET[0] - (time.time() - start))
    if busy > QUIET:
        log(f"  machine still {100 * busy:.0f} % busy with other processes: measuring anyway (flagged)")
    return busy


def stats(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4) if len(v) >= 2 else [v[0], v[0], v[0]]
    return dict(median=statistics.median(v), min=v[0], max=v[-1], q1=q[0], q3=q[2], n=len(v))


def run_case(spec, device, logdir, heap, java_env):
    log(f"{spec['group']}: {spec['name']}")
    busy_before = wait_for_quiet()
    logfile = os.path.join(logdir, f"{spec['group']}-{'wheel-' if spec.get('wheel') else ''}{spec['case']}-{spec['args'].get('arch', '')}"
                                   f"-{spec['args'].get('batch', '')}-{spec['args'].get('workers', '')}.log")
    sides = {}
    try:
        env = dict(java_env)
        if spec.get("wheel") and device == "cpu":
            env.update(wheel_libtorch_env())
        sides["java"] = Worker("java", java_cmd(spec["case"], spec["args"], device, heap, spec.get("java_opts", ())),
                               worker_env(env, JAVA_TUNABLES), logfile)
        log(f"  java ready: setup {sides['java'].ready['setup_s']:.1f}s, warm-up {sides['java'].ready['warmup_s']:.1f}s")
        if not spec["java_only"]:
            sides["pytorch"] = Worker("pytorch", python_cmd(spec["case"], dict(spec["args"], **spec.get("python_args", {})),
                                                            device),
                                      worker_env(tunables=JAVA_TUNABLES if spec.get("python_tunables") else None),
                                      logfile)
            log(f"  pytorch ready: setup {sides['pytorch'].ready['setup_s']:.1f}s, "
                f"warm-up {sides['pytorch'].ready['warmup_s']:.1f}s")
            for side, extra in spec.get("variants", {}).items():
                sides[side] = Worker(side, python_cmd(spec["case"], dict(spec["args"], **extra), device),
                                     worker_env(tunables=JAVA_TUNABLES if spec.get("python_tunables") else None),
                                     logfile)
                log(f"  {side} ready: setup {sides[side].ready['setup_s']:.1f}s")
        times = {k: [] for k in sides}
        results = {k: [] for k in sides}
        order = list(sides)
        for r in range(spec["rounds"]):
            for side in (order if r % 2 == 0 else order[::-1]):
                time.sleep(0.3)  # let the other side's OpenMP threads go idle
                res = sides[side].run(spec["iters"])
                times[side] += res["times"]
                results[side].append(res)
            log("  round %d: %s" % (r + 1, ", ".join(
                f"{s} {statistics.median(times[s]):.3f}s" for s in order)))
        return dict(spec=spec, ready={k: w.ready for k, w in sides.items()}, times=times, results=results,
                    busy_before=busy_before, load_after=os.getloadavg()[0])
    except Exception as e:  # a failing case is reported, the others still run
        log(f"  FAILED: {e}")
        return dict(spec=spec, error=str(e))
    finally:
        for w in sides.values():
            w.close()


# ----------------------------------------------------------------------------------------------
OPS_ARCHS = ("fast", "fcn", "original")


def profile_ops(tmp, quick=False):
    """The "ops" group: per training step, libtorch ops issued, host syncs and time between ops on both
    sides, from libtorch's profiler (bench/profile_step.py, the same step as the train cases)."""
    import profile_step
    args = argparse.Namespace(steps=1 if quick else 3, warmup=2)
    logdir = os.path.join(tmp, "profile")
    os.makedirs(logdir, exist_ok=True)
    out = []
    for arch in OPS_ARCHS:
        spec = dict(group="ops", name=profile_step.NAMES[arch], args=dict(arch=arch, size=448,
                                                                        batch=profile_step.BATCH[arch]))
        wait_for_quiet()
        try:
            prof = profile_step.profile(arch, args, logdir)
            out.append(dict(spec=spec, profile=prof, steps=args.steps, busy_before=prof["busy_before"],
                            load_after=os.getloadavg()[0]))
        except (Exception, SystemExit) as e:  # reported, the other networks still run
            log(f"  FAILED: {e}")
            out.append(dict(spec=spec, error=str(e)))
    return out


def machine():
    cpu, cores = "?", os.cpu_count()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/cpuinfo") as f:
            flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
        simd = [x for x in ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile") if x in flags]
    except OSError:
        simd = []
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = []
    return dict(cpu=cpu, cores=cores, simd=" ".join(simd), ram=mem, os=platform.platform(),
                java=java[0] if java else "?", jvm=java[2] if len(java) > 2 else "",
                python=platform.python_version(), load_at_start=" ".join(load))


# The epoch case keeps the first demo dataset's size (600 images, 420 in the train split) so one
# epoch stays in seconds; the demo defaults grew to 6000 images after the learning measurements.
EPOCH_DATA_ARGS = ["--count", "600", "--objects", "6", "--object-size", "0.08333333333333333,0.85"]
EPOCH_DATA_DESCRIPTION = "jyolo dataset synth --count 600 --objects 6 --object-size 1/12,0.85, train split (420 images)"


def describe_epoch_dataset(folder):
    if os.path.isfile(os.path.join(folder, "ImageSets", "Main", "trainval.txt")):
        return EPOCH_DATA_DESCRIPTION
    return "copy of the VOC 2012 sample (100 images)"


def ensure_epoch_dataset(tmp):
    """The demo dataset from `jyolo dataset synth` (the Java command), else a copy of the VOC sample."""
    out = os.path.join(tmp, "shapes")
    if os.path.isdir(os.path.join(out, "JPEGImages")):
        return out, describe_epoch_dataset(out)
    os.makedirs(tmp, exist_ok=True)
    jyolo = ["java", "-cp", JAR, "io.jyolo.cli.Main"]  # the library's CLI, on the bench jar's class path
    probe = subprocess.run([*jyolo, "dataset", "synth", "--help"], capture_output=True, text=True)
    if probe.returncode == 0:
        log("generating the epoch dataset with `jyolo dataset synth " + " ".join(EPOCH_DATA_ARGS) + "`")
        subprocess.run([*jyolo, "dataset", "synth", "--out", out, *EPOCH_DATA_ARGS], check=True,
                       stdout=subprocess.DEVNULL)
        return out, EPOCH_DATA_DESCRIPTION
    log("`jyolo dataset synth` not available: using a copy of the VOC sample with a train list of all images")
    shutil.copytree(VOC, out)
    ids = sorted(os.path.splitext(n)[0] for n in os.listdir(os.path.join(out, "Annotations")))
    os.makedirs(os.path.join(out, "ImageSets", "Main"), exist_ok=True)
    with open(os.path.join(out, "ImageSets", "Main", "train.txt"), "w") as f:
        f.write("\n".join(ids) + "\n")
    return out, "copy of the VOC 2012 sample (100 images)"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default=os.environ.get("BENCH_DEVICE", "cpu"), choices=["cpu", "gpu"])
    p.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""), help="comma-separated groups")
    p.add_argument("--quick", action="store_true", help="one round per case (smoke test)")
    p.add_argument("--out", default=None, help="results folder (default bench/results, bench/results/gpu for --device gpu)")
    p.add_argument("--heap", default=os.environ.get("BENCH_HEAP", "4g"))
    p.add_argument("--report-only", action="store_true", help="rewrite results.md/csv from tmp/outcomes.json")
    a = p.parse_args()
    if a.out is None:
        a.out = os.path.join(BENCH, "results", *(["gpu"] if a.device == "gpu" else []))
    from report import write_report
    saved = os.path.join(a.out, "tmp", "outcomes.json")
    if a.report_only:
        with open(saved) as f:
            s = json.load(f)
        if s["info"].get("epoch_dataset") == "existing":
            s["info"]["epoch_dataset"] = describe_epoch_dataset(os.path.join(a.out, "tmp", "shapes"))
        write_report(s["outcomes"], s["info"], a.out, THREADS)
        return
    if not os.path.isfile(JAR):
        sys.exit(f"bench: {JAR} missing: build it first (make bench does: "
                 "mvn -B -o -q package -pl bench/java -am -DskipTests)")
    tmp = os.path.join(a.out, "tmp")
    logdir = os.path.join(tmp, "logs")
    os.makedirs(logdir, exist_ok=True)
    java_env = {}
    if a.device == "gpu":
        import torch
        lib = os.path.join(os.path.dirname(torch.__file__), "lib")
        if not torch.cuda.is_available():
            sys.exit("bench: --device gpu but PyTorch sees no GPU (torch.cuda.is_available() is False); "
                     "'make gpu-check' tells why for jyolo's side")
        # jyolo derives the version, the JNI flavour (cu128 for any CUDA 12 wheel) and the CUDA runtime
        # folder from the library path (engine/NativeSettings); BENCH_PYTORCH_FLAVOR overrides the flavour
        java_env = dict(PYTORCH_LIBRARY_PATH=lib)
        if os.environ.get("BENCH_PYTORCH_FLAVOR"):
            java_env["PYTORCH_FLAVOR"] = os.environ["BENCH_PYTORCH_FLAVOR"]
    started = time.time()
    info = machine()
    epoch_source = None
    selected = [s for s in cases(a.quick, tmp) if not a.only or s["group"] in a.only.split(",")]
    if any(s["group"] == "epoch" for s in selected):
        _, epoch_source = ensure_epoch_dataset(tmp)
    outcomes = []
    for spec in selected:
        outcomes.append(run_case(spec, a.device, logdir, a.heap, java_env))
    if (not a.only or "ops" in a.only.split(",")) and a.device == "cpu":
        outcomes += profile_ops(tmp, quick=a.quick)
    info["duration_min"] = round((time.time() - started) / 60, 1)
    info["epoch_dataset"] = epoch_source
    info["device"] = a.device
    info["java_malloc"] = JAVA_TUNABLES
    with open(saved, "w") as f:
        json.dump(dict(outcomes=outcomes, info=info), f)
    write_report(outcomes, info, a.out, THREADS)
    log(f"done in {info['duration_min']} min: {os.path.join(a.out, 'results.md')}")


if __name__ == "__main__":
    sys.path.insert(0, BENCH)
    main()
