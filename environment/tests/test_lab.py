"""`make lab` starts JupyterLab with the jyolo kernel: ask the running server for its kernelspecs."""
import json
import os
import signal
import subprocess
import time
import urllib.request

from conftest import ROOT, free_port


def test_make_lab_serves_the_jyolo_kernelspec():
    port = free_port()
    token = "jyolo-test-token"
    env = dict(os.environ, JUPYTER_TOKEN=token)
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS=--no-browser --port={port} --ip=127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        deadline = time.time() + 120
        specs = None
        while time.time() < deadline and proc.poll() is None:
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/kernelspecs",
                                             headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(req, timeout=5) as r:
                    specs = json.load(r)
                break
            except OSError:
                time.sleep(1)
        assert specs is not None, "JupyterLab did not answer within 120 s"
        assert "jyolo" in specs["kernelspecs"], list(specs["kernelspecs"])
        assert specs["kernelspecs"]["jyolo"]["spec"]["display_name"] == "Java (jyolo)"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
