"""`make report` exports one self-contained HTML page per notebook: its images are embedded and it loads
nothing from the network, so it opens offline."""
import re

import nbformat

from conftest import ROOT

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_make_report_writes_one_offline_html_page_per_notebook(quick_report):
    out, _, run = quick_report
    assert run.returncode == 0, run.stderr[-3000:]
    pages = sorted(p.stem for p in out.glob("*.html") if p.name != "index.html")
    assert pages == NOTEBOOKS
    for name in NOTEBOOKS:
        html = re.sub(r"\s", "", (out / f"{name}.html").read_text(encoding="utf-8"))
        assert '<img src="data:image/png;base64,' in html or 'src="data:image/png;base64,' in html, name
        external = re.findall(r'<(?:script|img|link|iframe)[^>]+(?:src|href)\s*=\s*["\'](?:https?:)?//[^"\']+', html)
        assert external == [], (name, external[:3])
        css_imports = re.findall(r'@import\s+url\(\s*["\']?https?://', html)
        assert css_imports == [], name
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index


# The charts of issue 15 that `make report` must show: a code cell of the notebook (found by a marker in its
# source) whose executed outputs hold a PNG.
NEW_CHARTS = {
    "04-monitor": ["DistributionCharts.grid(log, HistogramKind.WEIGHTS", "DistributionCharts.grid(log, HistogramKind.GRADIENTS",
                   "DistributionCharts.gradientNorms("],
    "07-evaluate": ["report.confusionChart()", "report.thresholdChart()", "report.classPrGrid()"],
}


def test_report_shows_distribution_and_evaluation_charts(quick_report):
    out, _, run = quick_report
    assert run.returncode == 0, run.stderr[-3000:]
    for name, markers in NEW_CHARTS.items():
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        html = re.sub(r"\s", "", (out / f"{name}.html").read_text(encoding="utf-8"))
        for marker in markers:
            cells = [c for c in nb.cells if c.cell_type == "code" and marker in c.source]
            assert len(cells) == 1, (name, marker)
            outputs = cells[0].get("outputs", [])
            pngs = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
            assert pngs, (name, marker, [o.get("output_type") for o in outputs])
            assert re.sub(r"\s", "", pngs[0])[:200] in html, (name, marker, "chart not embedded in the page")
