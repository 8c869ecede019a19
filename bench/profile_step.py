#!/usr/bin/env python3
"""Splits the Java/PyTorch training-step gap op by op, from libtorch's own profiler on both sides.

For each network the Java worker (io.jyolo.bench.ProfileStep) and the Python one (jyref.profile)
warm up, then profile the same training step as `make bench` times (same network, loss, SGD,
random batch). Both traces come from libtorch's legacy autograd profiler, so op names match. The
report (profile.md in --out) gives, per step:

* wall time, the time inside top-level libtorch ops ("busy") and the time between them ("gaps":
  the binding, the interpreter or the JVM, allocation bookkeeping);
* the top-level ops whose time differs most between the sides. Top-level ops partition the busy
  time (a backward node's kernels are nested in its "evaluate_function" event), so the rows add up.

Usage: bench/venv/bin/python bench/profile_step.py [--arch fast,fcn,original] [--steps 5] [--out DIR]
(`make bench-profile`; about 4 minutes on 2 cores for the three networks).
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys

from run_bench import BENCH, JAR, JAVA_TUNABLES, THREADS, cpu_busy, java_props, log, machine, worker_env

BATCH = dict(fast=8, fcn=8, original=2)
NAMES = dict(fast="Fast YOLO", fcn="fully-convolutional", original="original (FC head)")
SKIP = ("PyTorch Profiler", "Optimizer.")  # Python-side wrappers with no Java counterpart
# The same work under two names: PyTorch's nn.Linear calls aten::linear (which calls addmm), DJL addmm.
SAME = {"aten::linear": "aten::linear / addmm", "aten::addmm": "aten::linear / addmm"}


def run(cmd, env):
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("PROFILE "):
            return json.loads(line[len("PROFILE "):])
    sys.exit(f"profile: {' '.join(cmd[:6])}... failed (exit {done.returncode}):\n{done.stderr[-2000:]}")


def complete_events(trace):
    """The trace's complete ("X") events, read once per trace."""
    with open(trace) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    return [e for e in events if e.get("ph") == "X"]


def top_level(events):
    """Top-level events of the busiest thread: (name, duration in ms), in time order."""
    by_thread = collections.defaultdict(list)
    for e in events:
        if not e["name"].startswith(SKIP):
            by_thread[e.get("tid")].append(e)
    busiest = max(by_thread.values(), key=lambda es: sum(e["dur"] for e in es))
    return [(SAME.get(e["name"], e["name"]), e["dur"] / 1000.0) for e in outermost(busiest)]


def outermost(events):
    """The events of one thread not nested in another of them, in time order."""
    out, end = [], float("-inf")
    for e in sorted(events, key=lambda e: (e["ts"], -e["dur"])):
        if e["ts"] >= end:
            out.append(e)
            end = e["ts"] + e["dur"]
    return out


# jyolo's optimizer update runs as one TorchScript call (io.jyolo.train.UpdateScript): the profiler shows
# the method as one top-level event with libtorch's ops nested in it, each of them still a launch
PROGRAMS = ("sgd", "adam")


def children(events, parent):
    """The events directly inside `parent` (same thread), in time order."""
    return outermost([e for e in events if e is not parent and e.get("tid") == parent.get("tid")
                      and e["ts"] >= parent["ts"] and e["ts"] + e["dur"] <= parent["ts"] + parent["dur"]])


def program_ops(events):
    """Ops the update program runs: the direct children of its events (its `with` bookkeeping left
    out), a multi-tensor `_foreach_` op counted as the per-tensor ops libtorch runs for it on a CPU."""
    count = 0
    for p in (e for e in events if e["name"] in PROGRAMS):
        for e in children(events, p):
            if e["name"].startswith("__"):
                continue
            count += max(1, len(children(events, e))) if e["name"].startswith("aten::_foreach_") else 1
    return count


# the op behind every tensor-to-scalar read (`.item()`, `float(t)`, `bool(t)`): on a GPU each waits for the device
SYNC_OPS = ("aten::_local_scalar_dense",)


def scalar_reads(events):
    """Events that read a scalar back to the host, at any depth and on any thread."""
    return sum(1 for e in events if e["name"] in SYNC_OPS)


def summarise(result, steps):
    events = complete_events(result["trace"])
    ops = top_level(events)
    per_op = collections.defaultdict(lambda: [0.0, 0])
    for name, ms in ops:
        per_op[name][0] += ms / steps
        per_op[name][1] += 1 / steps
    wall = 1000 * statistics.median(result["times"])
    busy = sum(ms for _, ms in ops) / steps
    mean_wall = 1000 * sum(result["times"]) / steps
    # host syncs: scalar reads in the trace, plus the array reads jyolo counts itself (engine.HostReads;
    # DJL's toArray copies without an aten op, so the trace alone would miss them)
    syncs = (scalar_reads(events) + result.get("host_reads", 0)) / steps
    # a program call counts as the ops it runs: what a GPU would launch
    programs = sum(1 for name, _ in ops if name in PROGRAMS)
    inside = program_ops(events)
    return dict(wall=wall, mean_wall=mean_wall, busy=busy, gaps=mean_wall - busy,
                ops=(len(ops) - programs + inside) / steps, program_ops=inside / steps, per_op=per_op, syncs=syncs)


def profile(arch, a, logdir):
    trace = {side: os.path.join(logdir, f"profile-{arch}-{side}.json") for side in ("java", "pytorch")}
    common = ["--arch", arch, "--size", "448", "--batch", str(BATCH[arch]), "--warmup", str(a.warmup),
              "--steps", str(a.steps), "--threads", str(THREADS)]
    java = ["java", *java_props("4g"), "-cp", JAR, "io.jyolo.bench.ProfileStep", *common, "--out", trace["java"]]
    python = [sys.executable, "-m", "jyref.profile", *common, "--out", trace["pytorch"]]
    busy = cpu_busy()
    log(f"profile: {NAMES[arch]} (other CPU use {100 * busy:.0f} %)")
    env = worker_env(dict(OPT_OUT_TRACKING="true"), JAVA_TUNABLES)  # both sides on jyolo's malloc settings
    return dict(arch=arch, busy_before=busy, java=summarise(run(java, env), a.steps),
                pytorch=summarise(run(python, env), a.steps))


def table(p, rows):
    j, t = p["java"], p["pytorch"]
    lines = [f"### {NAMES[p['arch']]}, 448, batch {BATCH[p['arch']]}"
             + (f" (other CPU use {100 * p['busy_before']:.0f} % before: flagged)" if p["busy_before"] > 0.25 else ""),
             "",
             "| per step | Java | PyTorch | Java - PyTorch |",
             "|---|---|---|---|",
             f"| wall time, median (ms) | {j['wall']:.0f} | {t['wall']:.0f} | {j['wall'] - t['wall']:+.0f} |",
             f"| in top-level libtorch ops (ms) | {j['busy']:.0f} | {t['busy']:.0f} | {j['busy'] - t['busy']:+.0f} |",
             f"| between ops (ms) | {j['gaps']:.0f} | {t['gaps']:.0f} | {j['gaps'] - t['gaps']:+.0f} |",
             f"| top-level ops issued (an update-program call counts as the ops it runs) | {j['ops']:.0f} | "
             f"{t['ops']:.0f} | {j['ops'] - t['ops']:+.0f} |",
             f"| of these, run inside jyolo's update program (one call from Java) | {j.get('program_ops', 0):.0f} | "
             f"{t.get('program_ops', 0):.0f} | |",
             f"| host syncs (device-to-host reads) | {j['syncs']:.0f} | {t['syncs']:.0f} | "
             f"{j['syncs'] - t['syncs']:+.0f} |",
             "",
             f"Top-level ops with the largest differences (ms per step, calls per step; wall-time ratio "
             f"{j['wall'] / t['wall']:.3f}):",
             "",
             "| op | Java ms | calls | PyTorch ms | calls | Java - PyTorch ms |",
             "|---|---|---|---|---|---|"]
    names = set(j["per_op"]) | set(t["per_op"])
    zero = [0.0, 0]
    diff = {n: j["per_op"].get(n, zero)[0] - t["per_op"].get(n, zero)[0] for n in names}
    shown = sorted(names, key=lambda n: -abs(diff[n]))[:rows]
    for n in shown:
        a, b = j["per_op"].get(n, zero), t["per_op"].get(n, zero)
        label = n.replace("autograd::engine::evaluate_function: ", "backward: ")
        lines.append(f"| `{label}` | {a[0]:.1f} | {a[1]:.0f} | {b[0]:.1f} | {b[1]:.0f} | {diff[n]:+.1f} |")
    rest = sum(diff[n] for n in names if n not in shown)
    lines.append(f"| all other ops | | | | | {rest:+.1f} |")
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="fast,fcn,original")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--rows", type=int, default=14)
    p.add_argument("--out", default=os.path.join(BENCH, "results"))
    a = p.parse_args()
    if not os.path.isfile(JAR):
        sys.exit(f"profile: {JAR} missing: build it first (make bench-profile does: "
                 "mvn -B -o -q package -pl bench/java -am -DskipTests)")
    logdir = os.path.join(a.out, "tmp", "profile")
    os.makedirs(logdir, exist_ok=True)
    profiles = [profile(arch, a, logdir) for arch in a.arch.split(",")]
    info = machine()
    lines = ["# Training step, op by op: jyolo (Java, DJL) against PyTorch",
             "",
             f"libtorch's legacy profiler on both sides, {a.steps} profiled steps after {a.warmup} warm-up steps, "
             f"{THREADS} threads; same network, loss, SGD and random batch as `make bench`'s training cases. "
             "Produced by `make bench-profile` (`bench/profile_step.py`); traces in `tmp/profile/` "
             "(open them in chrome://tracing or Perfetto). Profiling adds a little time to every op on both sides.",
             "",
             f"Machine: {info.get('cpu', '?')}, {info.get('cores', '?')} cores.",
             ""]
    for prof in profiles:
        lines += table(prof, a.rows) + [""]
    path = os.path.join(a.out, "profile.md")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    log(f"profile: {path}")


if __name__ == "__main__":
    sys.path.insert(0, BENCH)
    main()
