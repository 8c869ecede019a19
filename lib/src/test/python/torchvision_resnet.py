"""Exports a torchvision ResNet with random weights and its backbone output, for jyolo's parity test.

Usage: torchvision_resnet.py ARCH SIZE OUT_DIR
Writes OUT_DIR/ARCH.safetensors (the model's state_dict, as a user would export ImageNet weights)
and OUT_DIR/ARCH-io.safetensors: "input" (2 x 3 x SIZE x SIZE in [-1, 1], jyolo's preprocessing
scale) and "layer4" (the output of conv1 ... layer4 in eval mode on that input after ImageNet's
mean/std normalisation). BatchNorm scales, shifts and running statistics are randomised too, so a
statistic loaded into the wrong place shows.
"""
import sys

import torch
import torchvision
from safetensors.torch import save_file


def main(arch, size, out):
    torch.manual_seed(0)
    model = getattr(torchvision.models, arch)(weights=None)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 2.0)
    model.eval()
    x = torch.rand(2, 3, size, size) * 2 - 1
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    with torch.no_grad():
        y = ((x + 1) / 2 - mean) / std
        y = model.maxpool(model.relu(model.bn1(model.conv1(y))))
        y = model.layer4(model.layer3(model.layer2(model.layer1(y))))
    save_file(model.state_dict(), f"{out}/{arch}.safetensors")
    save_file({"input": x.contiguous(), "layer4": y.contiguous()}, f"{out}/{arch}-io.safetensors")
    print(f"{arch} torch {torch.__version__} torchvision {torchvision.__version__} layer4 {tuple(y.shape)}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
