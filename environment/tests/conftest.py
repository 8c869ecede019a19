"""Shared helpers for the environment and notebook tests (run by `make test` with the venv's pytest)."""
import os
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / "environment" / "venv"
PY = Path(sys.executable)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def root() -> Path:
    return ROOT


# ---- quick-mode report: every notebook executed once by `make report QUICK=1`, shared by the
# notebook tests (outputs of each executed notebook) and the report test (the exported HTML) ----
import json  # noqa: E402
import subprocess  # noqa: E402


@pytest.fixture(scope="session")
def quick_report(tmp_path_factory):
    """Runs `make report QUICK=1` into a scratch folder (runs go to a scratch log folder too) and
    returns (reports folder, log folder, make's output). Notebooks 04-07 use the run 02-train leaves."""
    base = tmp_path_factory.mktemp("quick-report")
    out, log = base / "reports", base / "log"
    env = dict(os.environ, JYOLO_LOG=str(log))
    env.pop("JYOLO_QUICK", None)
    run = subprocess.run(["make", "-s", "report", "QUICK=1", f"REPORT_ARGS=--out {out}"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1200)
    print(run.stdout[-4000:], run.stderr[-4000:])
    timings = out / "timings.json"
    if timings.exists():
        for row in json.loads(timings.read_text())["notebooks"]:
            print(f"{row['name']}: {row['seconds']:.1f} s")
    return out, log, run
