"""Turns the outcomes of run_bench.py into results.md (tables + machine) and results.csv (one row per
side and measurement)."""
import csv
import datetime
import os
import statistics

TARGETS = dict(train="Java/PyTorch time <= 1.05", infer="Java/PyTorch time <= 1.0",
               data="Java/PyTorch throughput >= 1.5",
               data_cv2="Java/PyTorch-cv2 throughput per worker >= 2.0", epoch="Java/PyTorch time < 1.0",
               memory="RSS growth after warm-up < 5 %")


def _stats(values):
    v = sorted(values)
    if len(v) >= 2:
        q = statistics.quantiles(v, n=4, method="inclusive")
    else:
        q = [v[0], v[0], v[0]]
    return dict(median=statistics.median(v), min=v[0], max=v[-1], q1=q[0], q3=q[2], n=len(v))


def _fmt(x, digits=3):
    if x is None:
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:.2f}"


def _peak(outcomes):
    """GFLOP/s of the matmul case per side (median)."""
    for o in outcomes:
        if o["spec"]["group"] == "matmul" and "times" in o:
            flops = o["ready"]["java"]["flops_per_iteration"]
            return {side: flops / statistics.median(t) / 1e9 for side, t in o["times"].items()}
    return {}


# input_s: the batch's floats into tensors, inside the Java step (TrainingStep); the PyTorch step starts from
# tensors already made, so its column is empty
TRAIN_PHASES = ("input_s", "forward_s", "loss_s", "backward_s", "optimizer_s")
# detect_s: the Java side times io.jyolo.predict.Inference.detect whole (preprocess + forward + postprocess, as
# the library runs them); for PyTorch it is the sum of its three
INFER_PHASES = ("decode_s", "preprocess_s", "forward_s", "postprocess_s", "detect_s")


def _phases(o, side, keys=TRAIN_PHASES):
    """(mean seconds per timed iteration in each phase, iterations averaged over), from the cumulative
    counters of consecutive rounds; (None, 0) when the worker reported no phases. With a single round
    the warm-up iterations are in the sums too."""
    res = o["results"].get(side, [])
    if not res or not any(k in res[0] for k in keys):
        return None, 0
    iters = o["spec"]["iters"]
    if len(res) > 1:
        n = iters * (len(res) - 1)
        return {k: (res[-1][k] - res[0][k]) / n if k in res[0] else None for k in keys}, n
    n = iters + o["spec"]["args"].get("warmup", 0)
    return {k: res[0][k] / n if k in res[0] else None for k in keys}, n


def _cores(o, side):
    """CPU seconds per wall second of a side over its timed rounds after the first (its cumulative cpu_s
    counter), or None when the side did not report one or ran a single round."""
    res = o["results"].get(side, [])
    if len(res) < 2 or "cpu_s" not in res[0]:
        return None
    wall = sum(sum(r["times"]) for r in res[1:])
    return (res[-1]["cpu_s"] - res[0]["cpu_s"]) / wall if wall > 0 else None


def _timed(o):
    """'Java side: `class`' for the library class a Java case timed (as its worker reported it), else ''."""
    cls = o.get("ready", {}).get("java", {}).get("timed_class")
    return f"Java side: `{cls}`, the library's own class. " if cls else ""


def _spread(st):
    """'median [min–max]' of a _stats dict."""
    return f"{_fmt(st['median'])} [{_fmt(st['min'])}–{_fmt(st['max'])}]"


def _mark(ok):
    return "yes" if ok else "**no**"


def write_report(outcomes, info, out_dir, threads):
    os.makedirs(out_dir, exist_ok=True)
    peak = _peak(outcomes)
    rows = []  # csv rows
    md = []
    md.append("# jyolo benchmark: Java (DJL) against PyTorch\n")
    md.append(f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} with `make bench` "
              f"(device {info['device']}, {threads} threads on both sides), {info['duration_min']} min.\n")
    md.append("Every case runs a Java worker and a Python worker side by side; after each has built its "
              "model/pipeline and warmed up, the driver alternates timed rounds between them (order swapped "
              "every round). Figures are the median over all timed iterations, with min–max in brackets. "
              "Ratios are Java / PyTorch on medians (time: below 1 means Java is faster).\n")
    md.append("## Machine\n")
    ready_any = next((o["ready"] for o in outcomes if "ready" in o and "pytorch" in o["ready"]), {})
    jr = ready_any.get("java", next((o["ready"]["java"] for o in outcomes if "ready" in o), {}))
    pr = ready_any.get("pytorch", {})
    md.append("| | |\n|---|---|")
    for k, v in [("CPU", f"{info['cpu']} ({info['cores']} cores; {info['simd']})"), ("RAM", info["ram"]),
                 ("OS", info["os"]), ("Java", f"{info['java']} / {jr.get('java', '')}"),
                 ("DJL / libtorch (Java)", f"DJL {jr.get('djl', '?')}, libtorch {jr.get('libtorch', '?')} "
                                           f"(pytorch-native-cpu jar)" if info["device"] == "cpu" else
                  f"DJL {jr.get('djl', '?')}, libtorch {jr.get('libtorch', '?')} (CUDA, from the PyPI wheel)"),
                 ("Python / PyTorch", f"Python {pr.get('python', info['python'])}, torch {pr.get('torch', '?')} "
                                      f"(PyPI wheel)"),
                 ("threads", f"intra-op {jr.get('threads', '?')} / {pr.get('threads', '?')}, inter-op "
                             f"{jr.get('interop_threads', '?')} / {pr.get('interop_threads', '?')} (Java / PyTorch), "
                             f"OMP_NUM_THREADS={threads}"),
                 ("malloc (GLIBC_TUNABLES)", f"Java: {info.get('java_malloc') or 'glibc defaults'} "
                                             "(environment/malloc.env, as jyolo starts every JVM); "
                                             "PyTorch: glibc defaults (but see the diagnosis with both)"),
                 ("load average at start", info.get("load_at_start", "?")),
                 ("epoch dataset", info.get("epoch_dataset") or "–")]:
        md.append(f"| {k} | {v} |")
    md.append("")

    def add_row(o, side, metric, unit, st, ratio=None, extra=""):
        rows.append(dict(group=o["spec"]["group"], case=o["spec"]["name"], side=side, metric=metric, unit=unit,
                         median=st["median"], min=st["min"], max=st["max"], q1=st["q1"], q3=st["q3"],
                         n=st["n"], ratio_java_over_pytorch=ratio if ratio is not None else "", note=extra))

    def add_pair(o, st, metric, unit):
        """CSV rows of both sides of a Java/PyTorch comparison; returns the ratio of the medians."""
        ratio = st["java"]["median"] / st["pytorch"]["median"]
        for side in ("java", "pytorch"):
            add_row(o, side, metric, unit, st[side], ratio)
        return ratio

    failures = [o for o in outcomes if "error" in o]
    by_group = {}
    for o in outcomes:
        if "times" in o:
            by_group.setdefault(o["spec"]["group"], []).append(o)

    # --- matmul
    for o in by_group.get("matmul", []):
        md.append("## Matrix-multiply peak (float32, 2048 x 2048)\n")
        md.append("| side | GFLOP/s median [min–max] | ms per matmul |\n|---|---|---|")
        flops = o["ready"]["java"]["flops_per_iteration"]
        for side, t in o["times"].items():
            g = _stats([flops / x / 1e9 for x in t])
            st = _stats([x * 1e3 for x in t])
            add_row(o, side, "matmul throughput", "GFLOP/s", g)
            md.append(f"| {side} | {_spread(g)} | {_fmt(st['median'])} |")
        md.append("")

    # --- training step
    for group, title in (("train", "## Training step (batch to tensors, forward, loss, backward, SGD) at 448 x 448\n"),
                         ("samelib", "## Diagnosis: the same training step with Java on the wheel's own libtorch\n"),
                         ("sameenv", "## Diagnosis: PyTorch with jyolo's malloc settings too\n"),
                         ("samelayout", "## Diagnosis: PyTorch computing channels-last too\n"),
                         ("sameboth", "## Diagnosis: the same libtorch binary and the same malloc settings\n")):
        if not by_group.get(group):
            continue
        md.append(title)
        if group == "sameenv":
            md.append("The PyTorch worker gets the GLIBC_TUNABLES that jyolo starts its JVMs with "
                      "(environment/malloc.env): one malloc arena, no trimming, 32 MB mmap threshold. Shows what "
                      "the setting is worth to each side; a PyTorch user does not get it by default.\n")
        elif group == "samelayout":
            md.append("The PyTorch worker puts its model and input in channels-last memory order "
                      "(`model.to(memory_format=torch.channels_last)`, PyTorch's advice for CNNs on CPUs) and runs on "
                      "jyolo's malloc settings: both sides then compute in the same memory order with the same "
                      "allocator settings. The reproduction itself computes NCHW (the `sameenv` rows).\n")
        elif group == "sameboth":
            md.append("Java on the wheel's libtorch_cpu.so and PyTorch on jyolo's malloc settings: the same kernels "
                      "and the same allocator behaviour, so the ratio is what the Java/DJL side itself costs. This "
                      "is also the GPU route's setting, where jyolo loads the wheel's CUDA libtorch.\n")
        elif group == "samelib":
            md.append("Java loads libtorch_cpu.so of the PyPI torch wheel (PYTORCH_LIBRARY_PATH) instead of DJL's "
                      "pytorch-native-cpu build: both sides then run the very same kernels, so what remains of the "
                      "ratio is the Java/DJL side (binding, optimizer, graph bookkeeping).\n")
        else:
            md.append(f"Target: {TARGETS['train']}. {_timed(by_group[group][0])}"
                      "GFLOP/s = 3 x analytic forward FLOPs x batch / step time; "
                      "'of peak' relates it to the same side's matmul figure.\n")
        md.append("| network | batch | Java s/step | PyTorch s/step | Java img/s | PyTorch img/s | ratio | "
                  "Java GFLOP/s (of peak) | PyTorch GFLOP/s (of peak) | target met |")
        md.append("|---|---|---|---|---|---|---|---|---|---|")
        for o in by_group[group]:
            batch = o["spec"]["args"]["batch"]
            fwd = o["ready"]["pytorch"]["forward_flops_per_image"]
            st = {s: _stats(t) for s, t in o["times"].items()}
            ratio = st["java"]["median"] / st["pytorch"]["median"]
            cells = []
            for side in ("java", "pytorch"):
                add_row(o, side, "step time", "s", st[side], ratio)
                add_row(o, side, "throughput", "images/s", _stats([batch / x for x in o["times"][side]]))
                g = 3 * fwd * batch / st[side]["median"] / 1e9
                add_row(o, side, "achieved", "GFLOP/s", dict(median=g, min=3 * fwd * batch / st[side]["max"] / 1e9,
                                                              max=3 * fwd * batch / st[side]["min"] / 1e9,
                                                              q1="", q3="", n=st[side]["n"]))
                cells.append(f"{_fmt(g)} ({100 * g / peak[side]:.0f} %)" if side in peak else _fmt(g))
            md.append(f"| {o['spec']['name'].split(',')[0]} | {batch} | "
                      f"{_spread(st['java'])} | {_spread(st['pytorch'])} | "
                      f"{_fmt(batch / st['java']['median'])} | {_fmt(batch / st['pytorch']['median'])} | "
                      f"**{ratio:.2f}** | {cells[0]} | {cells[1]} | {_mark(ratio <= 1.05)} |")
        md.append("")
        md.append("Where a step's time goes (mean seconds per timed step; forward includes the output activation):\n")
        md.append("| network | side | input | forward | loss | backward | optimizer (SGD + zero grad) |\n"
                  "|---|---|---|---|---|---|---|")
        for o in by_group[group]:
            for side in ("java", "pytorch"):
                ph, _ = _phases(o, side)
                if ph:
                    add_row(o, side, "phase means (input/forward/loss/backward/optimizer)", "s",
                            dict(median=sum(v for v in ph.values() if v is not None), min="", max="", q1="", q3="",
                                 n=""), extra=" ".join(f"{k}={v:.4g}" for k, v in ph.items() if v is not None))
                    md.append(f"| {o['spec']['name'].split(',')[0]} | {side} | " + " | ".join(
                        _fmt(ph[k]) for k in TRAIN_PHASES) + " |")
        md.append("")
        if group in ("samelib", "sameenv", "samelayout", "sameboth"):
            continue
        params = [(o["spec"]["name"].split(",")[0], o["ready"]["java"].get("parameters"),
                   o["ready"]["pytorch"].get("parameters"), o["ready"]["java"].get("forward_flops_per_image"),
                   o["ready"]["pytorch"].get("forward_flops_per_image")) for o in by_group[group]]
        md.append("Networks (trainable parameters and analytic forward GFLOPs per 448 image, counted on each "
                  "side independently):\n")
        md.append("| network | Java parameters | PyTorch parameters | Java GFLOPs | PyTorch GFLOPs |\n|---|---|---|---|---|")
        for name, jp, pp, jf, pf in params:
            md.append(f"| {name} | {jp:,} | {pp:,} | {jf / 1e9:.2f} | {pf / 1e9:.2f} |")
        md.append("")

    # --- inference
    if by_group.get("infer"):
        md.append("## Inference end to end (JPEG decode, preprocessing, forward, decoding, NMS), VOC sample\n")
        md.append(f"Target: {TARGETS['infer']}. {_timed(by_group['infer'][0])}"
                  "Per image = batch time / batch size. Random-init weights: "
                  "every box passes the 0.2 score threshold, so decoding and NMS see the worst case.\n")
        md.append("| network | batch | Java ms/image | PyTorch ms/image | Java img/s | PyTorch img/s | ratio | target met |")
        md.append("|---|---|---|---|---|---|---|---|")
        for o in by_group["infer"]:
            batch = o["spec"]["args"]["batch"]
            st = {s: _stats([x * 1e3 / batch for x in t]) for s, t in o["times"].items()}
            ratio = add_pair(o, st, "time per image", "ms")
            md.append(f"| {o['spec']['name'].split(',')[0]} | {batch} | "
                      f"{_spread(st['java'])} | {_spread(st['pytorch'])} | "
                      f"{_fmt(1e3 / st['java']['median'])} | {_fmt(1e3 / st['pytorch']['median'])} | "
                      f"**{ratio:.2f}** | {_mark(ratio <= 1.0)} |")
        md.append("")
        md.append("Where the time per image goes (ms; decode = JPEG to pixels, preprocess = resize + [-1, 1] CHW, "
                  "postprocess = boxes + NMS; the Java side times `Inference.detect` whole, so only its sum of "
                  "the last three is known):\n")
        md.append("| network | batch | side | decode | preprocess | forward | postprocess | preprocess + forward + "
                  "postprocess |\n|---|---|---|---|---|---|---|---|")
        for o in by_group["infer"]:
            batch = o["spec"]["args"]["batch"]
            for side in ("java", "pytorch"):
                per_batch, iterations = _phases(o, side, INFER_PHASES)
                if not per_batch:
                    continue
                images = iterations * batch
                if per_batch["detect_s"] is None and None not in (per_batch[k] for k in INFER_PHASES[1:4]):
                    per_batch["detect_s"] = sum(per_batch[k] for k in INFER_PHASES[1:4])
                ph = {k: None if v is None else 1e3 * v / batch for k, v in per_batch.items()}
                add_row(o, side, "phase means per image (decode, preprocess + forward + postprocess)", "ms",
                        dict(median=ph["decode_s"] + ph["detect_s"], min="", max="", q1="", q3="", n=images),
                        extra=" ".join(f"{k}={v:.4g}" for k, v in ph.items() if v is not None))
                md.append(f"| {o['spec']['name'].split(',')[0]} | {batch} | {side} | " +
                          " | ".join(_fmt(ph[k]) for k in INFER_PHASES) + " |")
        md.append("")

    # --- ops, syncs and gaps per step (libtorch's profiler)
    ops = [o for o in outcomes if o["spec"]["group"] == "ops" and "profile" in o]
    if ops:
        md.append("## Per training step: libtorch ops, host syncs, time between ops (448, same step as above)\n")
        md.append("Targets: ops per step at most PyTorch's for the same network; zero host syncs inside a Java step. "
                  "From libtorch's legacy profiler on both sides (`bench/profile_step.py`; both sides on jyolo's "
                  f"malloc settings; {ops[0]['steps']} profiled steps after 2 warm-up steps). Ops = top-level "
                  "libtorch ops issued per step (a backward node counts once; jyolo's optimizer update is one TorchScript "
                  "call from Java, counted as the ops it runs). Host syncs = scalar reads in the "
                  "trace (`aten::_local_scalar_dense`, behind every `.item()`) plus, on the Java side, the array "
                  "reads jyolo counts in `engine.HostReads`. The PyTorch reference step calls `.item()` on its 7 "
                  "loss parts as the old jyolo loss read them; a PyTorch loop that logs one loss per step makes 1. "
                  "Between ops = mean wall time per step minus the time inside top-level ops (binding, interpreter "
                  "or JVM, bookkeeping). Profiling adds a little time to every op on both sides.\n")
        md.append("| network | batch | Java ops | PyTorch ops | Java host syncs | PyTorch host syncs | Java ms between ops "
                  "| PyTorch ms between ops | Java ms in ops | PyTorch ms in ops | targets met |\n"
                  "|---|---|---|---|---|---|---|---|---|---|---|")
        for o in ops:
            j, t = o["profile"]["java"], o["profile"]["pytorch"]
            ok = j["ops"] <= t["ops"] and j["syncs"] == 0
            md.append(f"| {o['spec']['name']} | {o['spec']['args']['batch']} | {j['ops']:.0f} | {t['ops']:.0f} | "
                      f"{j['syncs']:.0f} | {t['syncs']:.0f} | {j['gaps']:.0f} | {t['gaps']:.0f} | {j['busy']:.0f} | "
                      f"{t['busy']:.0f} | {_mark(ok)} |")
            for side, v in (("java", j), ("pytorch", t)):
                for metric, unit, x in (("ops per step", "ops", v["ops"]), ("host syncs per step", "reads", v["syncs"]),
                                        ("between ops per step", "ms", v["gaps"]), ("in ops per step", "ms", v["busy"])):
                    rows.append(dict(group="ops", case=o["spec"]["name"], side=side, metric=metric, unit=unit,
                                     median=x, min="", max="", q1="", q3="", n=o["steps"],
                                     ratio_java_over_pytorch="", note=""))
        md.append("")
        md.append("`make bench-profile` gives the same step op by op (bench/results/profile.md).\n")

    # --- data pipeline
    if by_group.get("data"):
        md.append("## Data pipeline (decode + paper augmentation + target encoding, 448, batch 8), VOC sample\n")
        md.append(f"Targets: {TARGETS['data']} (against the PIL loader); {TARGETS['data_cv2']}. Java: "
                  "io.jyolo.data.DataLoader with N worker threads; PyTorch: torch.utils.data.DataLoader with N "
                  "worker processes (persistent) doing the same work, once with PIL + numpy and once with OpenCV "
                  "(`cv2`, the original's reader, one OpenCV thread per worker). 'Per worker' is images/s divided "
                  "by the workers; 'cores' is the CPU time of the whole process (and its worker processes) per "
                  "second of wall time, so a side that spreads one worker over several cores shows it. Java keeps "
                  "decoded images in memory between passes (io.jyolo.data.DecodedImages, a quarter of the heap by "
                  "default), so its passes after the first decode nothing; the rows marked 'no cache' turn that "
                  "off (-Djyolo.decodeCacheMb=0): every pass decodes every JPEG, as the first epoch does and as "
                  "every epoch does for a dataset larger than the cache.\n")
        decoders = sorted({o["ready"]["java"].get("jpeg_decoder", "?") for o in by_group["data"]
                           if o.get("ready", {}).get("java")})
        if decoders:
            md.append("Java's JPEG decoder in these runs (`io.jyolo.image.Images.jpegDecoder`): "
                      + "; ".join(decoders) + ". The augmentation's warp is `io.jyolo.data.AxisWarp`, a resize "
                      "between whole-pixel rectangles; PyTorch's is `cv2.warpAffine` / PIL's affine transform.\n")
        md.append("| workers | Java img/s | per worker | cores | PyTorch PIL img/s | per worker | PyTorch cv2 img/s "
                  "| per worker | cores | Java / PIL | Java / cv2 | targets met |\n"
                  "|---|---|---|---|---|---|---|---|---|---|---|---|")
        per_worker = {}
        for o in by_group["data"]:
            n = o["ready"]["java"]["images_per_pass"]
            workers = o["spec"]["args"]["workers"]
            cold = any("decodeCacheMb=0" in x for x in o["spec"].get("java_opts", []))
            st = {s: _stats([n / x for x in t]) for s, t in o["times"].items()}
            ratio = add_pair(o, st, "throughput", "images/s")
            cores = {side: _cores(o, side) for side in st}
            cv2 = st.get("pytorch_cv2")
            cv2_ratio = st["java"]["median"] / cv2["median"] if cv2 else None
            if cv2:
                add_row(o, "pytorch_cv2", "throughput", "images/s", cv2, cv2_ratio, "PyTorch DataLoader on cv2")
            for side in st:
                if cores[side] is not None:
                    add_row(o, side, "cores busy", "cores", _stats([cores[side]]))
            rates = {side: st[side]["median"] / workers for side in st}
            if not cold:
                per_worker[workers] = rates
            md.append(f"| {workers}{', no cache' if cold else ''} | {_spread(st['java'])} | {_fmt(rates['java'])} | "
                      f"{_fmt(cores['java'])} | {_spread(st['pytorch'])} | {_fmt(rates['pytorch'])} | "
                      f"{_spread(cv2) if cv2 else '–'} | {_fmt(rates.get('pytorch_cv2'))} | "
                      f"{_fmt(cores.get('pytorch_cv2'))} | **{ratio:.2f}** | "
                      f"**{_fmt(cv2_ratio) if cv2_ratio else '–'}** | "
                      f"{_mark(ratio >= 1.5 and (cv2_ratio is None or cv2_ratio >= 2.0))} |")
        if per_worker:
            base = max(per_worker)
            p = per_worker[base]
            md.append(f"| 16 (projected) | {_fmt(16 * p['java'])} | {_fmt(p['java'])} | | "
                      f"{_fmt(16 * p['pytorch'])} | {_fmt(p['pytorch'])} | "
                      f"{_fmt(16 * p['pytorch_cv2']) if 'pytorch_cv2' in p else '–'} | "
                      f"{_fmt(p.get('pytorch_cv2'))} | | | | |")
            md.append("")
            md.append(f"The 16-worker row is a projection, not a measurement: {base} workers' rate per worker times 16, "
                      "which assumes a machine with 16 free cores and linear scaling (no shared decoder, memory "
                      "bandwidth or batching limit). It says how many loader cores a GPU needs: at a step rate of "
                      "R images/s, about R / (per-worker rate) workers.")
        md.append("")

    # --- epoch
    for o in by_group.get("epoch", []):
        a = o["spec"]["args"]
        n = o["ready"]["java"]["images_per_pass"]
        md.append(f"## Epoch end to end ({info.get('epoch_dataset')}: {n} images, Fast YOLO at {a['size']}, "
                  f"batch {a['batch']}, {a['workers']} loader workers, paper augmentation)\n")
        md.append(f"Target: {TARGETS['epoch']}. {_timed(o)}The Java epoch is `Trainer.fit`'s: loader, steps and "
                  "the epoch's end (history, TensorBoard scalars, last.ckpt; no validation split); the PyTorch "
                  "epoch is the loader and the steps.\n")
        st = {s: _stats(t) for s, t in o["times"].items()}
        ratio = add_pair(o, st, "epoch time", "s")
        md.append("| side | s/epoch median [min–max] | img/s |\n|---|---|---|")
        for side in ("java", "pytorch"):
            md.append(f"| {side} | {_spread(st[side])} | {_fmt(n / st[side]['median'])} |")
        md.append(f"\nRatio Java/PyTorch **{ratio:.2f}**, target met: {_mark(ratio < 1.0)}.")
        ends = o["results"]["java"]
        if ends and "epoch_end_s" in ends[-1]:
            epochs = len(o["times"]["java"]) + (1 if a.get("warmup", 0) > 0 else 0)
            end = ends[-1]["epoch_end_s"] / max(1, epochs)
            add_row(o, "java", "epoch end (history, TensorBoard, checkpoint)", "s",
                    dict(median=end, min="", max="", q1="", q3="", n=epochs))
            md.append(f"Of the Java epoch, {_fmt(end)} s (mean) is its end: from the last batch to the "
                      "checkpoint written.")
        md.append("")

    # --- memory
    for o in by_group.get("memory", []):
        a = o["spec"]["args"]
        res = o["results"]["java"][0]
        rss = res["rss_kib"]
        heap = res.get("heap_used_kib", [])
        warm = min(len(rss) - 1, max(0, len(rss) // 10))
        base, last = rss[warm], rss[-1]
        peak_rss = max(rss[warm:])
        growth = 100 * (last - base) / base
        md.append(f"## Resident memory over {len(rss)} training steps (Java; {o['spec']['name']})\n")
        md.append(f"Target: {TARGETS['memory']}. Every step in its own NDManager sub-manager; RSS from "
                  f"/proc/self/status after each step; warm-up = the first {warm} steps. The Java heap is "
                  "pre-touched (-XX:+AlwaysPreTouch) so that growth measures native memory: without it G1 "
                  "touches its committed heap's pages for the first time over about 150 steps (+36 MB in "
                  "/proc/self/smaps on the heap's mapping while native memory stayed flat).\n")
        direct = res.get("direct_kib", [])
        md.append("| RSS after warm-up | RSS at the end | peak after warm-up | growth | JVM heap used (end) | "
                  "direct buffers (max) | target met |")
        md.append("|---|---|---|---|---|---|---|")
        md.append(f"| {base / 1024:.0f} MiB | {last / 1024:.0f} MiB | {peak_rss / 1024:.0f} MiB | {growth:+.1f} % | "
                  f"{(heap[-1] / 1024 if heap else 0):.0f} MiB | "
                  f"{(f'{max(direct) / 1024:.1f} MiB' if direct else '–')} | {_mark(growth < 5)} |")
        checkpoints = [i for i in (warm, len(rss) // 4, len(rss) // 2, 3 * len(rss) // 4, len(rss) - 1)]
        md.append("\nRSS at steps " + ", ".join(f"{i + 1}: {rss[i] / 1024:.0f} MiB" for i in checkpoints) + ".\n")
        rows.append(dict(group="memory", case=o["spec"]["name"], side="java", metric="rss growth after warm-up",
                         unit="%", median=growth, min="", max="", q1="", q3="", n=len(rss),
                         ratio_java_over_pytorch="", note=f"rss {base} -> {last} KiB, peak {peak_rss} KiB"))
        st = _stats(o["times"]["java"])
        add_row(o, "java", "step time", "s", st)

    md.append("## Run conditions\n")
    md.append("The machine is shared: CPU use by other processes just before each case (over 2-5 s, "
              "after waiting up to BENCH_QUIET_WAIT s, BENCH_QUIET_BUDGET s in all, for it to settle) and the 1-minute load average when the "
              "case ended (includes the two workers). Cases measured while others were busy are flagged; their "
              "ratios still compare like with like (alternated rounds), their absolute figures are pessimistic.\n")
    md.append("| case | other CPU use before | load average after | flagged |\n|---|---|---|---|")
    for o in outcomes:
        if "busy_before" in o:
            md.append(f"| {o['spec']['group']}: {o['spec']['name']} | {100 * o['busy_before']:.0f} % | "
                      f"{o['load_after']:.1f} | {'**busy**' if o['busy_before'] > 0.25 else ''} |")
            rows.append(dict(group="conditions", case=o["spec"]["name"], side="", metric="other cpu busy before",
                             unit="fraction", median=o["busy_before"], min="", max="", q1="", q3="", n="",
                             ratio_java_over_pytorch="", note=f"load after {o['load_after']:.2f}"))
    md.append("")

    if failures:
        md.append("## Cases that failed in this run\n")
        for o in failures:
            md.append(f"* {o['spec']['group']} / {o['spec']['name']}: {o['error']}")
        md.append("")

    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(out_dir, "results.csv"), "w", newline="") as f:
        fields = ["group", "case", "side", "metric", "unit", "median", "min", "max", "q1", "q3", "n",
                  "ratio_java_over_pytorch", "note"]
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})
        machine = {k: v for k, v in info.items()}
        for k, v in machine.items():
            w.writerow(dict(group="machine", case=k, note=v))
