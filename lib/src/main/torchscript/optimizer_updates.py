"""Writes lib/src/main/resources/io/jyolo/train/optimizer-updates.pt, the TorchScript program that
io.jyolo.train.UpdateScript runs for the optimizers' updates.

Why a TorchScript program: DJL 0.36 exposes no in-place op with a scale ("alpha"), so an update written
with its NDArray calls makes more passes over memory than torch.optim's, and its fused sgdUpdate clones
the gradient first. TorchScript runs libtorch's own ops (add_ with alpha, lerp_, addcmul_, addcdiv_), here their
multi-tensor forms, so this is torch.optim's foreach code, op for op, for every parameter of a step
in one call.

Regenerate after editing (any Python with torch 2.7.x, e.g. bench/venv, which make bench sets up):
    bench/venv/bin/python lib/src/main/torchscript/optimizer_updates.py
then run OptimizerTest, which pins both updates against the element-wise reference.
"""
import os
from typing import List

import torch
from torch import Tensor


class OptimizerUpdates(torch.nn.Module):
    """torch.optim's multi-tensor ("foreach") SGD and Adam: on a GPU each line is one fused kernel
    over all parameters, as torch.optim runs by default there; on a CPU libtorch runs each line
    parameter by parameter, which is what torch.optim's default CPU code does too. Element for
    element the same numbers either way."""

    @torch.jit.export
    def sgd(self, ws: List[Tensor], gs: List[Tensor], bufs: List[Tensor], lr: float, momentum: float,
            weight_decay: float) -> int:
        """torch.optim.SGD (dampening 0, not Nesterov): g += wd * w; buf = momentum * buf + g; w -= lr * buf.
        A zero buffer stands for PyTorch's missing one (momentum * 0 + g is exactly g). Gradients are
        overwritten. bufs is empty without momentum."""
        with torch.no_grad():
            if weight_decay != 0.0:
                torch._foreach_add_(gs, ws, alpha=weight_decay)
            if momentum != 0.0:
                torch._foreach_mul_(bufs, momentum)
                torch._foreach_add_(bufs, gs)
                torch._foreach_add_(ws, bufs, alpha=-lr)
            else:
                torch._foreach_add_(ws, gs, alpha=-lr)
        return len(ws)

    @torch.jit.export
    def adam(self, ws: List[Tensor], gs: List[Tensor], ms: List[Tensor], vs: List[Tensor], lr: float,
             beta1: float, beta2: float, eps: float, weight_decay: float, step: int) -> int:
        """torch.optim.Adam (not AMSGrad), all parameters at their own update count `step` (this one
        included). Gradients are overwritten."""
        with torch.no_grad():
            correction1 = 1.0 - beta1 ** step
            correction2_root = (1.0 - beta2 ** step) ** 0.5
            if weight_decay != 0.0:
                torch._foreach_add_(gs, ws, alpha=weight_decay)
            torch._foreach_lerp_(ms, gs, 1.0 - beta1)
            torch._foreach_mul_(vs, beta2)
            torch._foreach_addcmul_(vs, gs, gs, 1.0 - beta2)
            denom = torch._foreach_sqrt(vs)
            torch._foreach_div_(denom, correction2_root)
            torch._foreach_add_(denom, eps)
            torch._foreach_addcdiv_(ws, ms, denom, -lr / correction1)
        return len(ws)

    def forward(self, x: Tensor) -> Tensor:  # TorchScript modules need one; unused
        return x


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "resources", "io", "jyolo", "train", "optimizer-updates.pt")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    torch.jit.save(torch.jit.script(OptimizerUpdates()), os.path.normpath(target))
    print("wrote", os.path.normpath(target), "with torch", torch.__version__)
