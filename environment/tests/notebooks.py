"""Runs a notebook headless on the jyolo kernel and collects its outputs (used by the notebook tests and `make report`)."""
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, timeout: int = 900, env: dict = None):
    """Executes the notebook at `path` in its folder; returns (notebook, seconds)."""
    nb = nbformat.read(path, as_version=4)
    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        client = NotebookClient(nb, kernel_name="jyolo", timeout=timeout, allow_errors=True,
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.time()
        client.execute()
        return nb, time.time() - start
    finally:
        os.environ.clear()
        os.environ.update(old)


def errors(nb):
    """Every error output, and every stderr stream that prints an exception, as text."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr" and "Exception" in out.text:
                found.append(f"cell {i} stderr: {out.text[:300]}")
    return found


def mime_types(nb):
    """Counts of output MIME types over the whole notebook."""
    counts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for mime in out.get("data", {}):
                counts[mime] = counts.get(mime, 0) + 1
    return counts
