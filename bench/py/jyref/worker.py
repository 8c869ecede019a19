"""Benchmark worker, PyTorch side: `python -m jyref.worker CASE [--opt value ...]`.

Protocol (the same as io.jyolo.bench.BenchWorker, driven by bench/run_bench.py): after set-up and
warm-up the worker prints `READY {json}`; each `run N` line on stdin runs N timed iterations and
prints `RESULT {json}` with the wall time of each; `quit` ends it. Logs go to stderr only.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from . import data, detect, loss, nets

LR, MOMENTUM, WEIGHT_DECAY = 5e-3, 0.9, 5e-4


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def random_targets(gen, batch, s, classes, objects=3):
    """A target with `objects` objects per image in distinct random cells (x, y, w, h, obj, one-hot, difficult)."""
    t = torch.zeros(batch, s, s, 5 + classes + 1)
    for n in range(batch):
        cells = torch.randperm(s * s, generator=gen)[:objects]
        for cell in cells.tolist():
            r, c = divmod(cell, s)
            xywh = torch.rand(4, generator=gen) * 0.8 + 0.1
            t[n, r, c, :4] = xywh
            t[n, r, c, 4] = 1
            t[n, r, c, 5 + int(torch.randint(classes, (1,), generator=gen))] = 1
    return t


class TrainStep:
    def __init__(self, a):
        self.device = torch.device(a.device)
        torch.manual_seed(a.seed)
        net = nets.YoloNet(a.arch, a.size)
        self.info = dict(parameters=nets.parameter_count(net), forward_flops_per_image=nets.forward_flops(net, a.size))
        self.net = net.to(self.device).train()
        gen = torch.Generator().manual_seed(a.seed)
        self.x = (torch.rand(a.batch, 3, a.size, a.size, generator=gen) * 2 - 1).to(self.device)
        if getattr(a, "channels_last", 0):  # samelayout: kernels and input channels-last, as jyolo on a CPU
            self.net = self.net.to(memory_format=torch.channels_last)
            self.x = self.x.contiguous(memory_format=torch.channels_last)
        self.opt = torch.optim.SGD(self.net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
        self.y = random_targets(gen, a.batch, self.net.s, 20).to(self.device)
        self.last = None
        self.phases = dict(forward_s=0.0, loss_s=0.0, backward_s=0.0, optimizer_s=0.0)

    def step(self):
        t0 = time.perf_counter()
        pred = self.net(self.x)
        t1 = time.perf_counter()
        total, parts = loss.yolo_loss(pred, self.y)
        t2 = time.perf_counter()
        total.backward()
        t3 = time.perf_counter()
        self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        t4 = time.perf_counter()
        self.last = parts["total"]
        for k, a, b in (("forward_s", t0, t1), ("loss_s", t1, t2), ("backward_s", t2, t3), ("optimizer_s", t3, t4)):
            self.phases[k] += b - a


class Inference:
    def __init__(self, a):
        self.device = torch.device(a.device)
        torch.manual_seed(a.seed)
        self.net = nets.YoloNet(a.arch, a.size).to(self.device).eval()
        jpegs = os.path.join(a.data, "JPEGImages")
        self.paths = sorted(os.path.join(jpegs, n) for n in os.listdir(jpegs) if n.endswith(".jpg"))
        self.size, self.batch, self.next = a.size, a.batch, 0
        self.detections = 0
        self.info = {}
        self.phases = dict(decode_s=0.0, preprocess_s=0.0, forward_s=0.0, postprocess_s=0.0)

    def step(self):
        paths = [self.paths[(self.next + k) % len(self.paths)] for k in range(self.batch)]
        self.next += self.batch
        x = np.empty((len(paths), 3, self.size, self.size), dtype=np.float32)
        sizes = []
        ph = self.phases
        for k, p in enumerate(paths):
            t0 = time.perf_counter()
            img = data.decode_rgb(p)
            t1 = time.perf_counter()
            sizes.append(img.size)
            x[k] = data.normalise_chw(np.asarray(img.resize((self.size, self.size), data.Image.BILINEAR)))
            ph["decode_s"] += t1 - t0
            ph["preprocess_s"] += time.perf_counter() - t1
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = self.net(torch.from_numpy(x).to(self.device)).cpu().numpy()
        t1 = time.perf_counter()
        for k, (w, h) in enumerate(sizes):
            self.detections += len(detect.decode(out[k], w, h, self.size))
        ph["forward_s"] += t1 - t0
        ph["postprocess_s"] += time.perf_counter() - t1


class DataPipeline:
    """One iteration = one pass over the dataset through a torch DataLoader with `workers` worker processes."""

    def __init__(self, a):
        classes = data.read_classes(a.data)
        samples = data.read_voc(a.data, classes, a.split)
        self.n = len(samples)
        self.dataset = data.VocTorchDataset(samples, a.size, data.Aug(), a.seed, a.size // 64, len(classes),
                                            a.reader)
        self.loader = torch.utils.data.DataLoader(
            EpochIndexed(self.dataset), batch_size=a.batch, num_workers=a.workers, persistent_workers=a.workers > 0,
            sampler=EpochSampler(self.n, a.seed), prefetch_factor=2 if a.workers > 0 else None)
        self.info = dict(images_per_pass=self.n, reader=a.reader)
        self.images = 0
        self.cpu_s = 0.0

    def step(self):
        for x, y in self.loader:
            self.images += x.shape[0]
        self.cpu_s = self.process_cpu_s()

    def process_cpu_s(self):
        """CPU seconds of this process and its (persistent) loader worker processes, from /proc."""
        pids = [os.getpid()] + [w.pid for w in getattr(getattr(self.loader, "_iterator", None), "_workers", [])]
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / ticks
            except OSError:
                pass
        return total


class EpochIndexed(torch.utils.data.Dataset):
    """Index k * len + i is sample i of epoch k, so persistent workers see the epoch too."""

    def __init__(self, ds):
        self.ds = ds

    def __len__(self):
        return len(self.ds)

    def __getitem__(self, k):
        self.ds.epoch, i = divmod(k, len(self.ds))
        return self.ds[i]


class EpochSampler(torch.utils.data.Sampler):
    def __init__(self, n, seed):
        self.n, self.seed, self.epoch = n, seed, 0

    def __len__(self):
        return self.n

    def __iter__(self):
        order = np.random.default_rng((self.seed, self.epoch)).permutation(self.n)
        base = self.epoch * self.n
        self.epoch += 1
        return iter((base + int(i)) for i in order)


class Epoch:
    """One iteration = one training epoch: DataLoader (workers) + forward/backward/SGD per batch."""

    def __init__(self, a):
        self.pipe = DataPipeline(a)
        self.device = torch.device(a.device)
        torch.manual_seed(a.seed)
        classes = len(data.read_classes(a.data))
        self.classes = classes
        self.net = nets.YoloNet(a.arch, a.size, classes=classes).to(self.device).train()
        self.opt = torch.optim.SGD(self.net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
        self.info = dict(images_per_pass=self.pipe.n, classes=classes)
        self.losses = []

    def warm_up(self, steps):
        """`steps` training steps on the first batch of a throw-away pass (a full epoch costs too much)."""
        if steps <= 0:
            return
        x, y = next(iter(self.pipe.loader))
        for _ in range(steps):
            self.train_batch(x, y)

    def train_batch(self, x, y):
        pred = self.net(x.to(self.device))
        total, parts = loss.yolo_loss(pred, y.to(self.device), classes=self.classes)
        total.backward()
        self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        self.losses.append(parts["total"])

    def step(self):
        for x, y in self.pipe.loader:
            self.train_batch(x, y)
        self.last = self.losses[-1]


class Matmul:
    def __init__(self, a):
        self.device = torch.device(a.device)
        gen = torch.Generator().manual_seed(a.seed)
        self.a = torch.rand(a.n, a.n, generator=gen).to(self.device)
        self.b = torch.rand(a.n, a.n, generator=gen).to(self.device)
        self.info = dict(flops_per_iteration=2 * a.n ** 3)

    def step(self):
        c = self.a @ self.b
        if self.device.type == "cuda":
            torch.cuda.synchronize()
        del c


class Memory:
    """One iteration = one training step; reports RSS after it."""

    def __init__(self, a):
        self.t = TrainStep(a)
        self.info = dict(self.t.info)

    def step(self):
        self.t.step()


CASES = dict(train=TrainStep, infer=Inference, data=DataPipeline, epoch=Epoch, matmul=Matmul, memory=Memory)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("case", choices=sorted(CASES))
    p.add_argument("--arch", default="fast", choices=["fast", "fcn", "original"])
    p.add_argument("--size", type=int, default=448)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--data", default="")
    p.add_argument("--split", default=None)
    p.add_argument("--reader", default="pil", choices=["pil", "cv2"], help="data case: PIL or OpenCV images")
    p.add_argument("--n", type=int, default=2048)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--channels_last", type=int, default=0, help="train case: model and input channels-last")
    p.add_argument("--device", default="cpu")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(a.threads)
    except RuntimeError:
        pass
    if a.device in ("gpu", "cuda"):
        a.device = "cuda"
    t0 = time.perf_counter()
    case = CASES[a.case](a)
    setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    if hasattr(case, "warm_up"):
        case.warm_up(a.warmup)
    else:
        for _ in range(a.warmup):
            case.step()
    warm = time.perf_counter() - t0
    info = dict(side="pytorch", case=a.case, setup_s=setup, warmup_s=warm, torch=torch.__version__,
                python=sys.version.split()[0], threads=torch.get_num_threads(),
                interop_threads=torch.get_num_interop_threads(), device=a.device, rss_kib=rss_kib(),
                mkldnn=torch.backends.mkldnn.is_available(), **case.info)
    print("READY " + json.dumps(info), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "quit":
            break
        if cmd[0] != "run":
            print("ERROR " + json.dumps(dict(message="unknown command " + line.strip())), flush=True)
            continue
        times, rss = [], []
        cuda = a.device == "cuda"
        for _ in range(int(cmd[1])):
            t0 = time.perf_counter()
            case.step()
            if cuda:
                torch.cuda.synchronize()  # the step's kernels are queued, not done, when step() returns
            times.append(time.perf_counter() - t0)
            rss.append(rss_kib())
        extra = {}
        if cuda:
            free, total = torch.cuda.mem_get_info()
            extra["gpu_used_mib"] = (total - free) / 2**20
        if hasattr(case, "images"):
            extra["images"] = case.images
        if hasattr(case, "cpu_s"):
            extra["cpu_s"] = case.cpu_s
        if hasattr(case, "detections"):
            extra["detections"] = case.detections
        if getattr(case, "last", None) is not None:
            extra["loss"] = case.last
        if hasattr(case, "phases"):
            extra.update(case.phases)
        print("RESULT " + json.dumps(dict(times=times, rss_kib=rss, **extra)), flush=True)


if __name__ == "__main__":
    main()
