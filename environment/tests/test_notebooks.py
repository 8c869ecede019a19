"""Every notebook runs headless on the jyolo kernel in quick mode without errors and shows what it should."""
from conftest import ROOT
from notebooks import errors, execute, mime_types

NOTEBOOKS = ROOT / "notebooks"
QUICK = {"JYOLO_QUICK": "1"}


def test_quickstart_runs_and_shows_images_and_a_table():
    nb, seconds = execute(NOTEBOOKS / "00-quickstart.ipynb", env=QUICK)
    print(f"00-quickstart: {seconds:.1f} s")
    assert errors(nb) == []
    mimes = mime_types(nb)
    assert mimes.get("image/png", 0) >= 1, mimes
    assert mimes.get("text/html", 0) >= 1, mimes
