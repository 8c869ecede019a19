"""Records libtorch's profile of the reference training step (the PyTorch side of bench/profile_step.py).

`python -m jyref.profile --arch fast --size 448 --batch 8 --warmup 2 --steps 5 --out py.json`
writes a Chrome trace with the legacy autograd profiler (the one DJL's JniUtils.startProfile
drives, so both traces have the same op names and nesting) and prints `PROFILE {json}` with the
wall time of every profiled step.
"""
import argparse
import json
import os
import time

import torch

from .worker import TrainStep


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--arch", default="fast", choices=["fast", "fcn", "original"])
    p.add_argument("--size", type=int, default=448)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default="py-profile.json")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    a.device = "cpu"
    case = TrainStep(a)
    for _ in range(a.warmup):
        case.step()
    times = []
    with torch.autograd.profiler.profile(use_kineto=False) as prof:
        for _ in range(a.steps):
            t0 = time.perf_counter()
            case.step()
            times.append(time.perf_counter() - t0)
    out = os.path.abspath(a.out)
    prof.export_chrome_trace(out)
    print("PROFILE " + json.dumps(dict(side="pytorch", trace=out, times=times)), flush=True)


if __name__ == "__main__":
    main()
