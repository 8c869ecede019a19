"""A person's view: JupyterLab served by `make lab`, opened in headless Chromium, runs notebook cells
on the jyolo kernel and shows their output (text and an image); a screenshot is kept.

Needs Debian's Chromium and playwright-core (`environment/setup.sh browser`, which `make test` runs);
skipped with the reason when they are missing. The server serves a copy of notebooks/ so that
JupyterLab's autosave never touches the repository, and it is stopped afterwards.
"""
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT, free_port

CHROMIUM = os.environ.get("JYOLO_CHROMIUM", "/usr/bin/chromium")
NODE_MODULES = ROOT / "environment" / "node_modules" / "playwright-core"
SCRIPT = ROOT / "environment" / "tests" / "browser_check.mjs"
SCREENSHOT_DIR = ROOT / "reports" / "screenshots"


def missing_tools():
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (environment/setup.sh browser installs Debian's chromium when run as root)"
    if not shutil.which("node"):
        return "node not found (Node.js 20+ runs playwright-core)"
    if not NODE_MODULES.is_dir():
        return "playwright-core is not installed in environment/node_modules (run environment/setup.sh browser)"
    return None


def wait_for_server(port, token, proc, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/kernelspecs",
                                         headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(req, timeout=5) as r:
                return json.load(r)
        except OSError:
            time.sleep(1)
    return None


def test_jupyterlab_in_chromium_runs_cells_on_the_jyolo_kernel(tmp_path):
    reason = missing_tools()
    if reason:
        print(f"SKIPPED browser test: {reason}")
        pytest.skip(reason)
    notebook = "00-quickstart.ipynb" if (ROOT / "notebooks" / "00-quickstart.ipynb").exists() else "01-dataset.ipynb"
    served = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port = free_port()
    token = "jyolo-browser-test"
    env = dict(os.environ, JUPYTER_TOKEN=token, JYOLO_QUICK="1", JYOLO_LOG=str(tmp_path / "log"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "lab-workspaces"))
    lab_args = f"--no-browser --port={port} --ip=127.0.0.1 --ServerApp.root_dir={served}"
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={lab_args}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        specs = wait_for_server(port, token, proc, 180)
        assert specs is not None, "JupyterLab did not answer within 180 s"
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOT_DIR / f"jupyterlab-{notebook.replace('.ipynb', '')}.png"
        url = f"http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}"
        # 00-quickstart: Engines.info() (text), the demo dataset (text), its preview grid (an image)
        run = subprocess.run(["node", str(SCRIPT), url, str(shot), "3", "240"], cwd=SCRIPT.parent,
                             capture_output=True, text=True, timeout=300)
        print(run.stdout[-3000:], run.stderr[-3000:])
        seen = json.loads(run.stdout.strip().splitlines()[-1])
        assert run.returncode == 0, seen["errors"]
        assert seen["kernel"] == "Java (jyolo)", seen
        assert any(t.startswith("libtorch 2.7.1 ") and "; GPU: " in t for t in seen["texts"]), seen["texts"]
        assert seen["images"] >= 1, seen
        assert shot.exists() and shot.stat().st_size > 10_000, shot
        print(f"screenshot: {shot}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
