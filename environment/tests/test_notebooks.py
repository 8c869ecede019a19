"""Every notebook runs headless on the jyolo kernel in quick mode without errors and shows what it should."""
import nbformat
import pytest

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


# Notebooks 01-07 are executed once, in order, by `make report QUICK=1` (the quick_report fixture);
# these tests check each executed notebook. Minimum counts of rendered outputs per notebook:
EXPECTED = {
    "01-dataset": {"image/png": 4, "text/html": 3},      # 3 charts + sample grid; summary, check, class tables
    "02-train": {"image/png": 1, "text/html": 3},        # loss chart; live progress view, history, checkpoints
    "03-resume": {"image/png": 1, "text/html": 2},       # loss chart; checkpoints, history
    "04-monitor": {"image/png": 8},                      # losses, lr, mAP, weight and gradient bands, gradient norms, heat maps
    "05-feature-maps": {"image/png": 8},                 # image + detections, 7 stage grids
    "06-detect": {"image/png": 3, "text/html": 2},       # gallery, one image, video frames; live view, camera note
    "07-evaluate": {"image/png": 5, "text/html": 2},     # PR curves, confusion, F1, per-class PR, missed; AP table, mistakes
}


def executed(quick_report, name):
    out, _, _ = quick_report
    path = out / f"{name}.ipynb"
    assert path.exists(), f"make report did not write {path}"
    return nbformat.read(path, as_version=4)


def outputs_of(nb, index):
    return nb.cells[index].get("outputs", [])


def text_of(out):
    if out.output_type == "stream":
        return out.text
    data = out.get("data", {})
    return data.get("text/html", "") + data.get("text/plain", "")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_in_quick_mode_and_shows_its_outputs(quick_report, name):
    assert (NOTEBOOKS / f"{name}.ipynb").exists(), f"notebooks/{name}.ipynb is missing"
    nb = executed(quick_report, name)
    assert errors(nb) == [], errors(nb)
    mimes = mime_types(nb)
    for mime, least in EXPECTED[name].items():
        assert mimes.get(mime, 0) >= least, (name, mimes)


def test_training_cell_has_one_live_display_ending_with_the_chart_and_the_result(quick_report):
    nb = executed(quick_report, "02-train")
    index = next(i for i, c in enumerate(nb.cells) if "TrainingRuns.train(" in c.source)
    displays = [o for o in outputs_of(nb, index) if o.output_type == "display_data"]
    assert len(displays) == 1, [o.output_type for o in outputs_of(nb, index)]
    html = displays[0]["data"]["text/html"]
    assert "data:image/png;base64," in html, "the loss chart is embedded in the live display"
    assert "done: 3 epochs" in html, html[:500]
    assert "epoch 3:" in html, "the last epoch's summary"


def test_dataset_notebook_shows_the_check_report_as_a_table(quick_report):
    nb = executed(quick_report, "01-dataset")
    index = next(i for i, c in enumerate(nb.cells) if "DatasetCheck.run(" in c.source)
    html = "".join(text_of(o) for o in outputs_of(nb, index))
    # the demo dataset is clean: the verdict is the table's title, one row per kind of problem
    assert "<table>" in html and "clean: training would skip nothing" in html, html[:500]
    for kind in ("unreadable image", "listed without files", "cell collision", "box outside image"):
        assert kind in html, kind


def test_monitor_reads_every_loss_tag_from_the_event_files(quick_report):
    nb = executed(quick_report, "04-monitor")
    tags = text_of(outputs_of(nb, 1)[-1])
    for tag in ("Train/Loss_coord", "Train/Loss_confidence", "Train/Loss_noobj", "Train/Loss_classes", "Train/lr",
                "Val/mAP"):
        assert tag in tags, tags


def test_detect_writes_the_annotated_video_and_explains_the_missing_camera(quick_report):
    _, log, _ = quick_report
    videos = list(log.glob("*/detections/*-detections.mp4"))
    assert videos and videos[0].stat().st_size > 1000, videos
    nb = executed(quick_report, "06-detect")
    camera = next(i for i, c in enumerate(nb.cells) if "VideoDemo.camera(" in c.source)
    text = "".join(text_of(o) for o in outputs_of(nb, camera))
    import os
    if not os.path.exists("/dev/video0"):
        assert "No camera" in text and "/dev/video0" in text, text


def test_evaluate_shows_map_and_per_class_ap(quick_report):
    nb = executed(quick_report, "07-evaluate")
    index = next(i for i, c in enumerate(nb.cells) if c.source.strip() == "evaluation.result()")
    html = outputs_of(nb, index)[0]["data"]["text/html"]
    assert "mAP" in html and "<table>" in html
    for cls in ("circle", "square", "triangle", "star", "hexagon"):
        assert cls in html, html[:800]
