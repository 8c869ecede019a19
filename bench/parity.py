#!/usr/bin/env python3
"""Learning parity on a real dataset: jyolo against the PyTorch reference (bench/py/jyref).

`make bench-parity` (not part of `make test`). Both sides train the same network with the same
recipe from the same initial weights on the same batches, then one evaluator scores both:

1. `jyolo train` (the CLI, the user's path) trains on the train split with a checkpoint per epoch;
2. `bench/parity/ParityData.java` (single-file program on lib/target/jyolo.jar) reads that run's
   config.json and rebuilds with the library what the run started from and consumed: the network
   initialised with the run's seed (as safetensors), every epoch's batches in delivery order (the
   seeded shuffle and the augmentation draws already applied, resized and normalised by jyolo's
   pipeline) and the validation images;
3. the PyTorch reference loads those weights (jyref.nets.load_jyolo_weights), checks its loss on
   the first batch against jyolo's, and trains on exactly those batches with torch.optim.Adam;
4. per epoch, jyolo's checkpoint detects on the val split (`jyolo evaluate --run --save-dets`) and
   the PyTorch network decodes the same val tensors (jyref.detect); both detection folders are
   scored by `jyolo evaluate --gt --dets` against the val split's annotations.

Writes bench/results/parity-bccd.md, parity-bccd.csv (per epoch) and parity-bccd-loss.png; the
scratch files (dumped batches: about 160 MB per epoch of BCCD's
train split at 256 px) go to bench/results/tmp/parity.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "py"))

from jyref.detect import decode  # noqa: E402
from jyref.loss import yolo_loss  # noqa: E402
from jyref.nets import YoloNet, load_jyolo_weights  # noqa: E402
from parity_chart import line_chart  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "bccd-trainval"))
    p.add_argument("--network", default="fast-conv", choices=["fast-conv"])
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--augment", default="none", choices=["none", "paper"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "2")))
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    p.add_argument("--name", default="parity-bccd")
    return p.parse_args()


# The recipe both sides train with: jyolo's demo recipe (Adam, momentum 0.9, weight decay 5e-4) with
# what the reference implements: sigmoid output, squared class error, constant learning rate.
def train_flags(a):
    return ["--network", a.network, "--size", str(a.size), "--batch", str(a.batch), "--epochs", str(a.epochs),
            "--lr", str(a.lr), "--optimizer", "adam", "--momentum", "0.9", "--weight-decay", "0.0005",
            "--schedule", "constant", "--activation", "sigmoid", "--class-loss", "squared-error",
            "--augment", a.augment, "--resize", "stretch", "--seed", str(a.seed), "--workers", str(a.threads),
            "--checkpoints", "every:1", "--val-every", "1", "--device", "cpu"]


def env(a):
    e = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    e["JYOLO_JAVA_OPTS"] = (e.get("JYOLO_JAVA_OPTS", "") + f" -Dai.djl.pytorch.num_threads={a.threads}"
                            f" -Dai.djl.pytorch.num_interop_threads={a.threads}").strip()
    return e


def run(cmd, a, capture=False):
    r = subprocess.run([str(c) for c in cmd], env=env(a), cwd=ROOT, text=True,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    if r.returncode != 0:
        sys.exit(f"parity: {' '.join(map(str, cmd[:3]))} ... failed ({r.returncode}): {(r.stderr or '')[-2000:]}")
    return r.stdout


def jyolo(*args, a, capture=False):
    return run([ROOT / "environment" / "jyolo", *args], a, capture)


def read_meta(path):
    sizes, val, initial, classes = {}, [], None, None
    for line in path.read_text().splitlines():
        kind, rest = line.split(" ", 1)
        if kind == "epoch":
            e, *bs = rest.split()
            sizes[int(e)] = [int(b) for b in bs]
        elif kind == "val":
            i, w, h = rest.split()
            val.append((i, int(w), int(h)))
        elif kind == "initial-loss":
            initial = float(rest)
        elif kind == "classes":
            classes = rest.split(",")
    return sizes, val, initial, classes


def write_dets(folder, ids_sizes, outputs, size, classes):
    folder.mkdir(parents=True, exist_ok=True)
    for (image_id, w, h), out in zip(ids_sizes, outputs):
        dets = decode(out, w, h, size, boxes=2, classes=len(classes), threshold=0.01)
        lines = [f"{classes[int(c)]} {s:.7g} {x0:.7g} {y0:.7g} {x1:.7g} {y1:.7g}" for c, s, x0, y0, x1, y1 in dets]
        (folder / f"{image_id}.txt").write_text("".join(line + "\n" for line in lines))


def train_torch(a, data, tmp, classes):
    """Trains the reference on jyolo's dumped batches; returns per-epoch rows, step losses, seconds."""
    import torch
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    sizes, val, initial, _ = read_meta(data / "meta.txt")
    net = YoloNet(a.network, a.size, boxes=2, classes=len(classes), dropout=0.0)
    load_jyolo_weights(net, data / "init.safetensors")
    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=5e-4)
    val_x = torch.from_numpy(np.load(data / "val-images.npy"))
    val_y = torch.from_numpy(np.load(data / "val-targets.npy"))
    rows, steps, seconds = [], [], 0.0
    for epoch in range(1, a.epochs + 1):
        xs = np.load(data / f"train-e{epoch}-images.npy", mmap_mode="r")
        ys = np.load(data / f"train-e{epoch}-targets.npy", mmap_mode="r")
        started = time.perf_counter()
        net.train()
        parts_sum, start = {}, 0
        for b, n in enumerate(sizes[epoch]):
            x = torch.from_numpy(np.array(xs[start:start + n]))
            y = torch.from_numpy(np.array(ys[start:start + n]))
            start += n
            total, parts = yolo_loss(net(x), y, boxes=2, classes=len(classes))
            if epoch == 1 and b == 0:
                rel = abs(parts["total"] - initial) / max(abs(initial), 1e-12)
                print(f"parity: first batch under the initial weights: jyolo {initial:.6f}, "
                      f"PyTorch {parts['total']:.6f} (relative difference {rel:.1e})", flush=True)
                if rel > 1e-4:
                    sys.exit("parity: the two sides do not start from the same weights and data")
            opt.zero_grad(set_to_none=True)
            total.backward()
            opt.step()
            steps.append(parts["total"])
            for k in ("total", "coord", "object_confidence", "no_object_confidence", "classes"):
                parts_sum[k] = parts_sum.get(k, 0.0) + parts[k] * n  # per-image mean, as jyolo's history
        seconds += time.perf_counter() - started
        net.eval()
        outputs, val_loss = [], 0.0
        with torch.no_grad():
            for s in range(0, len(val_x), a.batch):
                out = net(val_x[s:s + a.batch])
                _, vp = yolo_loss(out, val_y[s:s + a.batch], boxes=2, classes=len(classes))
                val_loss += vp["total"] * out.shape[0]
                outputs.extend(out.numpy())
        write_dets(tmp / "torch-dets" / f"e{epoch}", val, outputs, a.size, classes)
        images = sum(sizes[epoch])
        rows.append(dict(epoch=epoch, loss=parts_sum["total"] / images, val_loss=val_loss / len(val_x),
                         **{k: v / images for k, v in parts_sum.items() if k != "total"}))
        print(f"parity: PyTorch epoch {epoch}: loss {rows[-1]['loss']:.4f} val loss {rows[-1]['val_loss']:.4f}",
              flush=True)
    return rows, steps, seconds, initial


def score(a, gt, dets, classes_file):
    out = jyolo("evaluate", "--gt", gt, "--dets", dets, "--classes", classes_file, "--json", a=a, capture=True)
    return json.loads(out)


def main():
    a = parse_args()
    data_root = Path(a.data).resolve()
    out = Path(a.out).resolve()
    tmp = out / "tmp" / "parity"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    run_dir = tmp / "jyolo-run"
    classes = (data_root / "classes.txt").read_text().split()

    print(f"parity: jyolo train, {a.epochs} epochs", flush=True)
    t = time.perf_counter()
    jyolo("train", "--data", data_root, "--run", run_dir, *train_flags(a), a=a)
    jyolo_wall = time.perf_counter() - t

    print("parity: materialising jyolo's initial weights and batches", flush=True)
    run(["java", "-Dai.djl.offline=true", "-cp", ROOT / "lib" / "target" / "jyolo.jar",
         ROOT / "bench" / "parity" / "ParityData.java", run_dir, tmp / "data"], a, capture=True)

    t = time.perf_counter()
    torch_rows, steps, torch_train_s, initial = train_torch(a, tmp / "data", tmp, classes)
    torch_wall = time.perf_counter() - t

    _, val, _, _ = read_meta(tmp / "data" / "meta.txt")
    gt = tmp / "val-gt"
    gt.mkdir()
    for image_id, _, _ in val:
        (gt / f"{image_id}.xml").symlink_to(data_root / "Annotations" / f"{image_id}.xml")

    with open(run_dir / "history.csv") as f:
        history = {int(r["epoch"]): r for r in csv.DictReader(f)}
    table = []
    for tr in torch_rows:
        e = tr["epoch"]
        jdets = tmp / "jyolo-dets" / f"e{e}"
        jyolo("evaluate", "--run", run_dir, "--checkpoint", run_dir / "checkpoints" / f"epoch-{e:05d}.ckpt",
              "--data", data_root, "--split", "val", "--threshold", "0.01", "--save-dets", jdets, "--json",
              a=a, capture=True)
        js = score(a, gt, jdets, data_root / "classes.txt")
        ts = score(a, gt, tmp / "torch-dets" / f"e{e}", data_root / "classes.txt")
        h = history[e]
        table.append(dict(epoch=e, jyolo_map=js["mAP"], torch_map=ts["mAP"], jyolo_builtin_map=float(h["val_map"]),
                          jyolo_loss=float(h["loss"]), torch_loss=tr["loss"], jyolo_val_loss=float(h["val_loss"]),
                          torch_val_loss=tr["val_loss"], jyolo_ap=js["ap"], torch_ap=ts["ap"],
                          jyolo_train_s=float(h["seconds"])))
        print(f"parity: epoch {e}: val mAP jyolo {js['mAP']:.4f} PyTorch {ts['mAP']:.4f}", flush=True)

    write_results(a, out, table, steps, dict(jyolo_wall=jyolo_wall, torch_wall=torch_wall,
                                             torch_train_s=torch_train_s, initial=initial), classes)


def write_results(a, out, table, steps, t, classes):
    name = a.name
    with open(out / f"{name}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "jyolo_val_map", "torch_val_map", "jyolo_builtin_val_map", "jyolo_loss", "torch_loss",
                    "jyolo_val_loss", "torch_val_loss"])
        for r in table:
            w.writerow([r["epoch"], f"{r['jyolo_map']:.4f}", f"{r['torch_map']:.4f}", f"{r['jyolo_builtin_map']:.4f}",
                        f"{r['jyolo_loss']:.4f}", f"{r['torch_loss']:.4f}", f"{r['jyolo_val_loss']:.4f}",
                        f"{r['torch_val_loss']:.4f}"])
    epochs = [r["epoch"] for r in table]
    line_chart(out / f"{name}-loss.png", f"BCCD train/val loss per epoch ({a.network}, {a.size} px)", "epoch", "loss",
               [("jyolo train", epochs, [r["jyolo_loss"] for r in table], (200, 60, 40), False),
                ("PyTorch train", epochs, [r["torch_loss"] for r in table], (40, 90, 200), False),
                ("jyolo val", epochs, [r["jyolo_val_loss"] for r in table], (200, 60, 40), True),
                ("PyTorch val", epochs, [r["torch_val_loss"] for r in table], (40, 90, 200), True)])
    last = table[-1]
    jyolo_train = sum(r["jyolo_train_s"] for r in table)
    md = [f"# Learning parity on BCCD: jyolo against PyTorch (`make bench-parity`)", "",
          f"Setting: `{a.network}` at {a.size} px, batch {a.batch}, {a.epochs} epochs, Adam (lr {a.lr:g}, betas "
          f"0.9/0.999, weight decay 5e-4 added to the gradient), constant learning rate, sigmoid output, squared "
          f"class error, augmentation `{a.augment}`, stretch resize, seed {a.seed}, {a.threads} threads per side, "
          f"run one side after the other. Data: `{Path(a.data).name}`, train split for training, val split "
          f"({len(list((out / 'tmp' / 'parity' / 'val-gt').iterdir()))} images) for validation.", "",
          "Matched: the initial weights (jyolo's, exported as safetensors and loaded into the reference), "
          "the batches (jyolo's seeded order" + (" and augmentation draws" if a.augment != "none" else "")
          + ", decoded, resized and normalised once by jyolo's pipeline; both sides train on the same tensors), "
          f"the validation tensors, the loss definition. Checked: the loss of the first batch under the initial "
          f"weights, jyolo {t['initial']:.5f}. One evaluator: `jyolo evaluate --gt --dets` (all-point AP, IoU 0.5) "
          "on both sides' detection files (score threshold 0.01; jyolo's decoder, and jyref's numpy mirror of it).",
          "", "| epoch | jyolo val mAP | PyTorch val mAP | gap | jyolo train loss | PyTorch train loss | "
          "jyolo val loss | PyTorch val loss |", "|---|---|---|---|---|---|---|---|"]
    for r in table:
        md.append(f"| {r['epoch']} | {r['jyolo_map']:.4f} | {r['torch_map']:.4f} | "
                  f"{100 * (r['jyolo_map'] - r['torch_map']):+.2f} pt | {r['jyolo_loss']:.4f} | {r['torch_loss']:.4f} | "
                  f"{r['jyolo_val_loss']:.4f} | {r['torch_val_loss']:.4f} |")
    md += ["", f"Per-class AP after epoch {last['epoch']}:", "", "| class | jyolo | PyTorch |", "|---|---|---|"]
    for c in classes:
        md.append(f"| {c} | {last['jyolo_ap'].get(c, float('nan')):.4f} | {last['torch_ap'].get(c, float('nan')):.4f} |")
    md += ["", f"Wall time: jyolo train {t['jyolo_wall']:.0f} s in all (its epochs {jyolo_train:.0f} s, validation "
           f"included); PyTorch training {t['torch_train_s']:.0f} s ({t['torch_wall']:.0f} s with its per-epoch "
           f"validation). jyolo's own validation mAP per epoch (history.csv, same checkpoints, in-process): "
           + ", ".join(f"{r['jyolo_builtin_map']:.4f}" for r in table) + ".", "",
           f"Loss curves: `{name}-loss.png`; numbers: `{name}.csv`."]
    (out / f"{name}.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
