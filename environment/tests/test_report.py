"""`make report` exports one self-contained HTML page per notebook: its images are embedded and it loads
nothing from the network, so it opens offline."""
import re

from conftest import ROOT

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_make_report_writes_one_offline_html_page_per_notebook(quick_report):
    out, _, run = quick_report
    assert run.returncode == 0, run.stderr[-3000:]
    pages = sorted(p.stem for p in out.glob("*.html") if p.name != "index.html")
    assert pages == NOTEBOOKS
    for name in NOTEBOOKS:
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert '<img src="data:image/png;base64,' in html or 'src="data:image/png;base64,' in html, name
        external = re.findall(r'<(?:script|img|link|iframe)[^>]+(?:src|href)\s*=\s*["\'](?:https?:)?//[^"\']+', html)
        assert external == [], (name, external[:3])
        css_imports = re.findall(r'@import\s+url\(\s*["\']?https?://', html)
        assert css_imports == [], name
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index
