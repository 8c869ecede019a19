"""Executes the notebooks on the jyolo kernel and exports each one as a self-contained HTML page.

`make report` runs it (`make report QUICK=1` for quick mode). Every notebook in notebooks/ is run
from top to bottom in its own kernel, in name order, and written to reports/ twice: <name>.html, a
page that opens offline (images are embedded as data: URIs, no script or style is fetched from the
network), and <name>.ipynb, the executed notebook. reports/index.html links them with their run
time and status; reports/timings.json has the same for scripts.

A notebook that fails is still exported (its error is in the page); the exit status is then 1.

Usage: python environment/report.py [--quick] [--out DIR] [--timeout SECONDS] [NAME ...]
  NAME       notebooks to run, e.g. 01-dataset (default: all of notebooks/*.ipynb)
  --quick    quick mode (JYOLO_QUICK=1): every notebook finishes on a CPU in a few minutes
  --out      output folder (default: reports/ at the project root)
  --timeout  limit per cell in seconds (default: none)
"""
import argparse
import html
import json
import os
import sys
import time
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))
from notebooks import errors, execute  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# JupyterLab's page template without the scripts it loads from a CDN (RequireJS, MathJax, Mermaid):
# the notebooks need none of them, and the page must open offline.
OFFLINE_TEMPLATE = """
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def exporter() -> HTMLExporter:
    ex = HTMLExporter(template_name="lab", extra_loaders=[jinja2.DictLoader({"jyolo-offline.html.j2": OFFLINE_TEMPLATE})])
    ex.template_file = "jyolo-offline.html.j2"
    ex.embed_images = True  # images attached to markdown cells become data: URIs too
    return ex


def export(nb, path: Path, title: str) -> None:
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    path.write_text(body, encoding="utf-8")


def index_page(rows, quick: bool) -> str:
    items = "\n".join(
        f'<tr><td><a href="{html.escape(r["html"])}">{html.escape(r["name"])}</a></td>'
        f'<td>{r["seconds"]:.1f} s</td><td>{"ok" if not r["errors"] else html.escape("; ".join(r["errors"]))}</td></tr>'
        for r in rows)
    mode = "quick mode" if quick else "full mode"
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>jyolo report</title></head><body>"
            f"<h1>jyolo report</h1><p>Notebooks executed {time.strftime('%Y-%m-%d %H:%M')} ({mode}).</p>"
            f"<table border=\"1\" cellpadding=\"4\"><tr><th>notebook</th><th>run time</th><th>status</th></tr>"
            f"{items}</table></body></html>\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebooks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="quick mode (JYOLO_QUICK=1)")
    parser.add_argument("--out", default=str(ROOT / "reports"), help="output folder")
    parser.add_argument("--timeout", type=int, default=0, help="limit per cell in seconds (0: none)")
    args = parser.parse_args()

    quick = args.quick or os.environ.get("JYOLO_QUICK", "").strip().lower() in ("1", "true", "yes")
    env = {"JYOLO_QUICK": "1"} if quick else {}
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.names:
        wanted = {n.removesuffix(".ipynb") for n in args.names}
        missing = wanted - {p.stem for p in paths}
        if missing:
            print(f"report: no such notebook in {NOTEBOOKS}: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        paths = [p for p in paths if p.stem in wanted]
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    rows = []
    for path in paths:
        print(f"report: running {path.name} ...", flush=True)
        try:
            nb, seconds = execute(path, timeout=args.timeout or None, env=env)
            problems = errors(nb)
        except Exception as e:  # a dead kernel or a cell time-out: keep what ran, report the rest
            nb, seconds, problems = nbformat.read(path, as_version=4), 0.0, [f"{type(e).__name__}: {e}"]
        nbformat.write(nb, out / path.name)
        export(nb, out / f"{path.stem}.html", path.stem)
        rows.append({"name": path.stem, "html": f"{path.stem}.html", "seconds": round(seconds, 1),
                     "errors": problems})
        status = "ok" if not problems else f"{len(problems)} error(s): {problems[0][:200]}"
        print(f"report: {path.stem}: {seconds:.1f} s, {status} -> {out / (path.stem + '.html')}", flush=True)
    (out / "index.html").write_text(index_page(rows, quick), encoding="utf-8")
    (out / "timings.json").write_text(json.dumps({"quick": quick, "notebooks": rows}, indent=2) + "\n")
    failed = [r["name"] for r in rows if r["errors"]]
    if failed:
        print(f"report: notebooks with errors: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"report: {len(rows)} notebooks exported to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
