"""The four YOLO v1 networks (original, fcn, fast, fast-conv) of io.jyolo.model, layer for layer, in PyTorch.

Mirrors io.jyolo.model.YoloNetworks / Layers: conv units are Conv2d (no bias) + BatchNorm2d
(eps 1e-5) + LeakyReLU(0.1); max-pools 2x2 stride 2; the fully-connected heads flatten in
(H, W, C) order; the output is N x S x S x (5B+C) passed through a sigmoid (OutputActivation.SIGMOID).
Initialisation as in the Java layers: Kaiming-normal (fan-in, gain sqrt 2) convolutions,
BatchNorm weight 1 / bias 0, Linear N(0, 0.01), every bias 0.
"""
import torch
from torch import nn

LEAKY = 0.1
ORIGINAL_HIDDEN = 4096
STRIDE = 64


def conv_unit(cin, cout, k, s, p):
    return [nn.Conv2d(cin, cout, k, s, p, bias=False), nn.BatchNorm2d(cout, eps=1e-5),
            nn.LeakyReLU(LEAKY)]


def original_backbone():
    layers = []
    c = 3

    def conv(cout, k, s=1):
        nonlocal c
        layers.extend(conv_unit(c, cout, k, s, k // 2))
        c = cout

    def pool():
        layers.append(nn.MaxPool2d(2, 2))

    conv(64, 7, 2); pool()
    conv(192, 3); pool()
    conv(128, 1); conv(256, 3); conv(256, 1); conv(512, 3); pool()
    for _ in range(4):
        conv(256, 1); conv(512, 3)
    conv(512, 1); conv(1024, 3); pool()
    for _ in range(2):
        conv(512, 1); conv(1024, 3)
    conv(1024, 3); conv(1024, 3, 2)
    conv(1024, 3); conv(1024, 3)
    return nn.Sequential(*layers), 1024


def fast_backbone():
    layers = []
    c, f = 3, 16
    for _ in range(6):
        layers.extend(conv_unit(c, f, 3, 1, 1))
        layers.append(nn.MaxPool2d(2, 2))
        c, f = f, f * 2
    layers.extend(conv_unit(c, 1024, 3, 1, 1))
    layers.extend(conv_unit(1024, 256, 3, 1, 1))
    return nn.Sequential(*layers), 256


class FlattenHwc(nn.Module):
    def forward(self, x):
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


class ToGrid(nn.Module):
    def __init__(self, s, ch):
        super().__init__()
        self.s, self.ch = s, ch

    def forward(self, x):
        return x.reshape(x.shape[0], self.s, self.s, self.ch)


class ChannelsLast(nn.Module):
    def forward(self, x):
        return x.permute(0, 2, 3, 1)


class YoloNet(nn.Module):
    def __init__(self, arch, input_size=448, boxes=2, classes=20, dropout=0.5):
        super().__init__()
        if input_size % STRIDE:
            raise ValueError(f"input size {input_size} is not a multiple of {STRIDE}")
        s = input_size // STRIDE
        ch = 5 * boxes + classes
        self.arch, self.s, self.ch = arch, s, ch
        if arch in ("fast", "fast-conv"):
            self.backbone, c = fast_backbone()
        elif arch in ("original", "fcn"):
            self.backbone, c = original_backbone()
        else:
            raise ValueError(f"unknown architecture {arch}")
        if arch == "fcn":
            self.head = nn.Sequential(*conv_unit(c, 1024, 1, 1, 0), *conv_unit(1024, 256, 1, 1, 0),
                                      nn.Conv2d(256, ch, 1, 1, 0, bias=True), ChannelsLast())
        elif arch == "fast-conv":
            self.head = nn.Sequential(nn.Conv2d(c, ch, 1, 1, 0, bias=True), ChannelsLast())
        else:
            head = [FlattenHwc()]
            if dropout > 0:
                head.append(nn.Dropout(dropout))
            features = c * s * s
            if arch == "original":
                head += [nn.Linear(features, ORIGINAL_HIDDEN), nn.LeakyReLU(LEAKY)]
                features = ORIGINAL_HIDDEN
            head += [nn.Linear(features, s * s * ch), ToGrid(s, ch)]
            self.head = nn.Sequential(*head)
        self.reset_parameters()

    def reset_parameters(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0.0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return torch.sigmoid(self.head(self.backbone(x)))


# jyolo parameter name endings (DJL's) against the state_dict's, per kind of tensor
_JYOLO_KINDS = {"weight": "weight", "gamma": "weight", "bias": "bias", "beta": "bias",
                "runningMean": "running_mean", "runningVar": "running_var"}


def read_safetensors_in_order(path):
    """{name: float32 array} of a safetensors file in the file's own order (the order jyolo wrote:
    its network order), which a plain load_file would not keep."""
    import json
    import numpy as np
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    out = {}
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        if e["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {e['dtype']}, expected F32")
        a, b = e["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(e["shape"])
    return out


def load_jyolo_weights(net, path):
    """Copies a network jyolo exported (io.jyolo.weights.NetworkExport) into `net`: both list their
    tensors layer by layer in forward order (conv weight, BatchNorm weight, bias, running mean and
    variance, ...), so the i-th jyolo tensor is the i-th state_dict entry (num_batches_tracked aside).
    Every pair is checked for kind and shape; the first mismatch is an error naming both."""
    jy = list(read_safetensors_in_order(path).items())
    keys = [k for k in net.state_dict() if not k.endswith("num_batches_tracked")]
    if len(jy) != len(keys):
        raise ValueError(f"{path}: {len(jy)} tensors, the PyTorch network has {len(keys)}")
    new = {}
    for (jname, value), key in zip(jy, keys):
        kind = key.rsplit(".", 1)[1]
        target = net.state_dict()[key]
        jkind = _JYOLO_KINDS.get(jname.rsplit("/", 1)[-1].rsplit("_", 1)[-1])
        if jkind != kind or tuple(value.shape) != tuple(target.shape):
            raise ValueError(f"{path}: {jname} {list(value.shape)} does not fit {key} {list(target.shape)}")
        new[key] = torch.from_numpy(value.copy())
    net.load_state_dict(new, strict=False)
    return len(new)


def parameter_count(net):
    return sum(p.numel() for p in net.parameters())


def forward_flops(net, input_size, batch=1):
    """Multiply-adds x 2 of every convolution and linear layer, for one forward pass of `batch` images."""
    total = 0

    def hook(m, inp, out):
        nonlocal total
        if isinstance(m, nn.Conv2d):
            k = m.kernel_size[0] * m.kernel_size[1] * m.in_channels // m.groups
            total += 2 * k * out.numel()
        elif isinstance(m, nn.Linear):
            total += 2 * m.in_features * out.numel()

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    was_training = net.training
    net.eval()
    with torch.no_grad():
        net(torch.zeros(batch, 3, input_size, input_size))
    net.train(was_training)
    for h in handles:
        h.remove()
    return total
