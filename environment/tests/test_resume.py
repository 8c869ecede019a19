"""Training stopped by the interrupt button, or by a kernel that dies, continues where it stopped.

The training cell of 02-train runs on the jyolo kernel in quick mode (3 epochs of 4 batches); once an
epoch is done the test interrupts the kernel (as the interrupt button does) or kills its process.
Then the resume cell (02-train, same kernel) or notebook 03-resume (a new kernel) continues the run.
The run must end with every epoch once in history.csv, every (tag, step) once in the TensorBoard event
files (read with the tensorboard package), and exactly 12 optimizer steps in its last checkpoint (no
batch trained twice or skipped).
"""
import collections
import json
import os
import queue
import signal
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader
from tensorboard.compat.proto import event_pb2

from conftest import ROOT
from notebooks import errors, execute

NOTEBOOKS = ROOT / "notebooks"
EPOCHS = 3
STEPS = EPOCHS * 4  # quick mode: 32 training images, batch 8


class Kernel:
    """A jyolo kernel driven cell by cell, collecting each cell's outputs (display updates included)."""

    def __init__(self, env):
        self.km = KernelManager(kernel_name="jyolo")
        self.km.start_kernel(env=env, cwd=str(NOTEBOOKS))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def send(self, code):
        return self.kc.execute(code)

    def collect(self, msg_id, timeout):
        """Outputs of the request until the kernel is idle for it: (type, content) pairs."""
        outputs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            kind = msg["msg_type"]
            if kind in ("update_display_data",):
                outputs.append((kind, msg["content"]))  # display updates may arrive with any parent
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            if kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append((kind, msg["content"]))
        raise TimeoutError(f"cell did not finish within {timeout} s; outputs so far: {outputs[-3:]}")

    def run(self, code, timeout=600):
        return self.collect(self.send(code), timeout)

    def process_ids(self):
        """The kernel process and its descendants (the JJava launcher starts the kernel JVM as a child)."""
        root = self.km.provisioner.pid
        children = collections.defaultdict(list)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        found, todo = [], [root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)


def text(outputs):
    parts = []
    for kind, content in outputs:
        if kind == "stream":
            parts.append(content["text"])
        elif kind == "error":
            parts.append(f"{content['ename']}: {content['evalue']}")
        else:
            data = content.get("data", {})
            parts.append(data.get("text/html", "") + "\n" + data.get("text/plain", ""))
    return "\n".join(parts)


def cell(nb, marker):
    return next(c.source for c in nb.cells if c.cell_type == "code" and marker in c.source)


def history_epochs(run):
    path = run / "history.csv"
    if not path.exists():
        return []
    return [int(line.split(",")[0]) for line in path.read_text().splitlines()[1:] if line.strip()]


def wait_for_epochs(run, n, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if len(history_epochs(run)) >= n:
            return history_epochs(run)
        time.sleep(0.5)
    raise TimeoutError(f"{run} did not reach {n} epoch(s) in {timeout} s")


def event_counts(run):
    counts = collections.Counter()
    for f in sorted(run.glob("events.out.tfevents.*")):
        for raw in RawEventFileLoader(str(f)).Load():
            event = event_pb2.Event.FromString(raw)
            for value in event.summary.value:
                counts[(value.tag, event.step)] += 1
    return counts


def assert_each_epoch_once(run):
    assert history_epochs(run) == list(range(1, EPOCHS + 1))
    counts = event_counts(run)
    assert counts, f"no events in {run}"
    repeated = {k: v for k, v in counts.items() if v != 1}
    assert repeated == {}, f"logged more than once: {sorted(repeated)[:5]}"
    steps = sorted(step for tag, step in counts if tag == "Train/Loss_sum")
    assert steps == list(range(1, EPOCHS + 1)), steps
    assert sorted(step for tag, step in counts if tag == "Val/mAP") == list(range(1, EPOCHS + 1))


def quick_env(tmp_path):
    env = dict(os.environ, JYOLO_QUICK="1", JYOLO_LOG=str(tmp_path / "log"))
    return env


def global_step(run):
    """Optimizer steps recorded in the run's last.ckpt (magic, format version, metadata JSON length, JSON)."""
    data = (run / "checkpoints" / "last.ckpt").read_bytes()
    assert data[:8] == b"JYOLOCKP", "not a jyolo checkpoint"
    length = int.from_bytes(data[12:16], "big")
    return json.loads(data[16:16 + length].decode("utf-8"))["globalStep"]


def test_interrupt_button_then_resume_cell_continues_the_run(tmp_path):
    nb = nbformat.read(NOTEBOOKS / "02-train.ipynb", as_version=4)
    env = quick_env(tmp_path)
    run = tmp_path / "log" / "shapes-fast-quick"
    kernel = Kernel(env)
    try:
        params = kernel.run(cell(nb, "TrainConfig config"), timeout=300)
        assert not any(k == "error" for k, _ in params), text(params)
        started = time.time()
        training = kernel.send(cell(nb, "TrainingRuns.train("))
        done_before = wait_for_epochs(run, 1)
        kernel.km.interrupt_kernel()
        interrupted = kernel.collect(training, timeout=300)
        assert any(k == "error" and "nterrupt" in c["ename"] + c["evalue"] for k, c in interrupted), text(interrupted)

        resumed = kernel.run(cell(nb, "TrainingRuns.resume("), timeout=900)
        print(f"interrupt + resume: {time.time() - started:.1f} s")
        shown = text(resumed)
        assert not any(k == "error" for k, _ in resumed), shown
        assert "resuming FAST" in shown, shown[:2000]
        first = int(shown.split("continuing at epoch ")[1].split()[0])
        assert len(done_before) + 1 <= first <= len(done_before) + 2, (done_before, first)
        assert f"done: {EPOCHS} epochs" in shown, shown[-2000:]
        # the interrupted cell's live display ended with the interrupt and its checkpoint
        print([(k, c.get("name"), c.get("text", "")[:300]) for k, c in interrupted + resumed if k in ("stream", "error")])
        print([c.get("data", {}).get("text/plain", "")[:200] for k, c in interrupted + resumed if k == "update_display_data"])
        assert "interrupted in epoch" in text(interrupted + resumed), text(interrupted + resumed)[-2000:]
        assert_each_epoch_once(run)
        assert global_step(run) == STEPS
    finally:
        kernel.close()


def test_killed_kernel_then_resume_notebook_continues_the_run(tmp_path):
    nb = nbformat.read(NOTEBOOKS / "02-train.ipynb", as_version=4)
    env = quick_env(tmp_path)
    run = tmp_path / "log" / "shapes-fast-quick"
    kernel = Kernel(env)
    try:
        kernel.run(cell(nb, "TrainConfig config"), timeout=300)
        kernel.send(cell(nb, "TrainingRuns.train("))
        wait_for_epochs(run, 1)
        deadline = time.time() + 120
        while not (run / "checkpoints" / "last.ckpt").exists() and time.time() < deadline:
            time.sleep(0.2)  # the first checkpoint follows the first epoch's logs
        pids = kernel.process_ids()
        for pid in reversed(pids):
            try:
                os.kill(pid, signal.SIGKILL)  # the kernel dies: no checkpoint on the way out
            except ProcessLookupError:
                pass
        deadline = time.time() + 30
        while time.time() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
            time.sleep(0.2)
        killed_at = history_epochs(run)
        assert killed_at and killed_at[-1] < EPOCHS, killed_at
    finally:
        kernel.close()

    resumed, seconds = execute(NOTEBOOKS / "03-resume.ipynb", env={"JYOLO_QUICK": "1",
                                                                     "JYOLO_LOG": str(tmp_path / "log")})
    print(f"03-resume after a killed kernel: {seconds:.1f} s")
    assert errors(resumed) == []
    shown = "\n".join(o.get("text", "") + o.get("data", {}).get("text/html", "") + o.get("data", {}).get("text/plain", "")
                      for c in resumed.cells for o in c.get("outputs", []))
    assert "resuming FAST" in shown and f"done: {EPOCHS} epochs" in shown, shown[-3000:]
    assert_each_epoch_once(run)
    assert global_step(run) == STEPS
