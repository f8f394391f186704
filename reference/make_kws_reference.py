#!/usr/bin/python3
"""Reference values for Cochlea's keyword-spotting models (BC-ResNet, TC-ResNet) and their layers.

Run from the repository root with Debian's Python (apt-get install python3-torch):
    /usr/bin/python3 reference/make_kws_reference.py
Writes cochlea-core/src/test/resources/reference/kws.json and kws.safetensors, read by
cochlea-core/src/test/java/dev/cochlea/nn/KwsReferenceTest.java.

Each case has a name, the torch call that produced its numbers ("call"), its parameters and
a map from role to safetensors key ("tensors"): inputs, outputs, grad_output, gradients
(grad.<input or parameter name>), and for the whole-model cases the parameters and buffers
under their PyTorch state_dict names (param.<name>) and every parameter gradient
(grad.<name>) of a cross-entropy loss. Float tensors are float32; class targets int64.

The models below follow Qualcomm-AI-research/bcresnet (bcresnet.py, utils.py) and the
TC-ResNet paper (Choi et al. 2019); Cochlea's dev.cochlea.train.models.BcResNet / TcResNet
use the same module names, so the state_dicts line up.
"""
import json
import os
import platform
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cochlea-core", "src", "test", "resources", "reference")
DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(path, tensors):
    """Minimal safetensors writer: 8-byte header length, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


TENSORS, CASES = {}, []


def case(name, call, params, tensors):
    keys = {}
    for role, t in tensors.items():
        key = f"{name}.{role}"
        TENSORS[key] = t.detach().clone()
        keys[role] = key
    CASES.append({"name": name, "call": call, "params": params, "tensors": keys})


# ---------------------------------------------------------------- reference modules

class SubSpectralNorm(nn.Module):
    """bcresnet's SubSpectralNorm (affine="Sub", batch=True, dim=2). For F not divisible by S
    (the reference asserts it is), the bands are torch.tensor_split's and band s of channel c uses
    BatchNorm channel c*S + s, the same channel the reshape gives in the divisible case."""

    def __init__(self, num_features, spec_groups=5):
        super().__init__()
        self.spec_groups = spec_groups
        self.ssnorm = nn.BatchNorm2d(num_features * spec_groups)

    def forward(self, x):
        b, c, h, w = x.size()
        s = self.spec_groups
        if h % s == 0:
            return self.ssnorm(x.view(b, c * s, h // s, w)).view(b, c, h, w)
        bn = self.ssnorm
        wt, bs = bn.weight.view(c, s), bn.bias.view(c, s)
        rm, rv = bn.running_mean.view(c, s), bn.running_var.view(c, s)
        if self.training:
            bn.num_batches_tracked += 1
        parts = []
        for i, xs in enumerate(torch.tensor_split(x, s, dim=2)):
            m, v = rm[:, i].clone(), rv[:, i].clone()
            parts.append(F.batch_norm(xs, m, v, wt[:, i], bs[:, i], self.training, 0.1, 1e-5))
            with torch.no_grad():
                rm[:, i] = m
                rv[:, i] = v
        return torch.cat(parts, 2)


class ConvBNReLU(nn.Module):
    def __init__(self, in_plane, out_plane, idx, kernel_size=3, stride=1, groups=1, use_dilation=False,
                 activation=True, swish=False, BN=True, ssn=False):
        super().__init__()

        def get_padding(k, use_dilation):
            rate = 1
            padding_len = (k - 1) // 2
            if use_dilation and k > 1:
                rate = int(2 ** idx)
                padding_len = rate * padding_len
            return padding_len, rate

        if isinstance(kernel_size, (list, tuple)):
            padding, rate = [], []
            for k in kernel_size:
                p, r = get_padding(k, use_dilation)
                padding.append(p)
                rate.append(r)
        else:
            padding, rate = get_padding(kernel_size, use_dilation)
        layers = [nn.Conv2d(in_plane, out_plane, kernel_size, stride, padding, rate, groups, bias=False)]
        if ssn:
            layers.append(SubSpectralNorm(out_plane, 5))
        elif BN:
            layers.append(nn.BatchNorm2d(out_plane))
        if swish:
            layers.append(nn.SiLU(True))
        elif activation:
            layers.append(nn.ReLU(True))
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        return self.block(x)


class BCResBlock(nn.Module):
    def __init__(self, in_plane, out_plane, idx, stride):
        super().__init__()
        self.transition_block = in_plane != out_plane
        layers = []
        if self.transition_block:
            layers.append(ConvBNReLU(in_plane, out_plane, idx, 1, 1))
            in_plane = out_plane
        layers.append(ConvBNReLU(in_plane, out_plane, idx, (3, 1), (stride[0], 1), groups=in_plane, ssn=True,
                                 activation=False))
        self.f2 = nn.Sequential(*layers)
        self.avg_gpool = nn.AdaptiveAvgPool2d((1, None))
        self.f1 = nn.Sequential(
            ConvBNReLU(out_plane, out_plane, idx, (1, 3), (1, stride[1]), groups=out_plane, swish=True,
                       use_dilation=True),
            nn.Conv2d(out_plane, out_plane, 1, bias=False),
            nn.Dropout2d(0.1))

    def forward(self, x):
        shortcut = x
        x = self.f2(x)
        aux_2d_res = x
        x = self.avg_gpool(x)
        x = self.f1(x)
        x = x + aux_2d_res
        if not self.transition_block:
            x = x + shortcut
        return F.relu(x, True)


def BCBlockStage(num_layers, last_channel, cur_channel, idx, use_stride):
    stage = nn.ModuleList()
    channels = [last_channel] + [cur_channel] * num_layers
    for i in range(num_layers):
        stride = (2, 1) if use_stride and i == 0 else (1, 1)
        stage.append(BCResBlock(channels[i], channels[i + 1], idx, stride))
    return stage


class BCResNets(nn.Module):
    def __init__(self, base_c, num_classes=12):
        super().__init__()
        self.n = [2, 2, 4, 4]
        self.c = [base_c * 2, base_c, int(base_c * 1.5), base_c * 2, int(base_c * 2.5), base_c * 4]
        self.s = [1, 2]
        self.cnn_head = nn.Sequential(nn.Conv2d(1, self.c[0], 5, (2, 1), 2, bias=False),
                                      nn.BatchNorm2d(self.c[0]), nn.ReLU(True))
        self.BCBlocks = nn.ModuleList([])
        for idx, n in enumerate(self.n):
            self.BCBlocks.append(BCBlockStage(n, self.c[idx], self.c[idx + 1], idx, idx in self.s))
        self.classifier = nn.Sequential(
            nn.Conv2d(self.c[-2], self.c[-2], (5, 5), bias=False, groups=self.c[-2], padding=(0, 2)),
            nn.Conv2d(self.c[-2], self.c[-1], 1, bias=False),
            nn.BatchNorm2d(self.c[-1]), nn.ReLU(True),
            nn.AdaptiveAvgPool2d((1, 1)),
            nn.Conv2d(self.c[-1], num_classes, 1))

    def forward(self, x):
        x = self.cnn_head(x)
        for i, n in enumerate(self.n):
            for j in range(n):
                x = self.BCBlocks[i][j](x)
        x = self.classifier(x)
        return x.view(-1, x.shape[1])


class TCResBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, 9, stride, 4, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, 9, 1, 4, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.shortcut = None
        if cin != cout or stride != 1:
            self.shortcut = nn.Sequential(nn.Conv1d(cin, cout, 1, stride, bias=False), nn.BatchNorm1d(cout), nn.ReLU())

    def forward(self, x):
        h = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class TCResNet(nn.Module):
    def __init__(self, bands, classes, deep=False, width=1.0):
        super().__init__()
        c0 = int(16 * width)
        self.conv = nn.Conv1d(bands, c0, 3, 1, 1, bias=False)
        blocks, cin = [], c0
        for w in (int(24 * width), int(32 * width), int(48 * width)):
            blocks.append(TCResBlock(cin, w, 2))
            if deep:
                blocks.append(TCResBlock(w, w, 1))
            cin = w
        self.blocks = nn.ModuleList(blocks)
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = x.reshape(x.shape[0], x.shape[2], x.shape[3])
        x = self.conv(x)
        for b in self.blocks:
            x = b(x)
        return self.fc(self.dropout(x.mean(2)))


# ---------------------------------------------------------------- per-layer cases

def layer_case(name, call, params, fn, inputs, extra_params=()):
    """Runs fn(*inputs) with gradients on, backward of a random grad_output; records all of it."""
    ins = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    y = fn(**ins)
    g = torch.randn_like(y)
    y.backward(g)
    tensors = dict({f"in.{k}": v for k, v in inputs.items()})
    tensors["output"] = y
    tensors["grad_output"] = g
    for k, v in ins.items():
        tensors[f"grad.{k}"] = v.grad
    for k, p in extra_params:
        tensors[f"grad.{k}"] = p.grad
    case(name, call, params, tensors)


def conv_case(name, dim, x_shape, w_shape, stride, padding, dilation, groups, bias):
    fn = F.conv1d if dim == 1 else F.conv2d
    inputs = {"input": torch.randn(*x_shape), "weight": torch.randn(*w_shape) * 0.5}
    if bias:
        inputs["bias"] = torch.randn(w_shape[0])
    call = (f"torch.nn.functional.conv{dim}d(input, weight, {'bias' if bias else 'None'}, stride={stride}, "
            f"padding={padding}, dilation={dilation}, groups={groups})")
    layer_case(name, call, {"stride": list(stride), "padding": list(padding), "dilation": list(dilation),
                            "groups": groups},
               lambda input, weight, bias=None: fn(input, weight, bias, stride, padding, dilation, groups), inputs)


def ssn_case(name, c, x_shape):
    m = SubSpectralNorm(c, 5)
    with torch.no_grad():
        m.ssnorm.weight.copy_(torch.rand(c * 5) + 0.5)
        m.ssnorm.bias.copy_(torch.randn(c * 5) * 0.1)
    w0, b0 = m.ssnorm.weight.detach().clone(), m.ssnorm.bias.detach().clone()
    x = torch.randn(*x_shape) * 2 + 0.5
    xi = x.clone().requires_grad_(True)
    m.train()
    y = m(xi)
    g = torch.randn_like(y)
    y.backward(g)
    m.eval()
    y_eval = m(x)
    case(name, "SubSpectralNorm(%d, 5) (bcresnet's, tensor_split bands when F %% 5 != 0), train mode, "
               "then eval mode on the same input" % c,
         {"channels": c, "sub_bands": 5},
         {"in.input": x, "param.ssnorm.weight": w0, "param.ssnorm.bias": b0, "output": y, "grad_output": g,
          "grad.input": xi.grad, "grad.ssnorm.weight": m.ssnorm.weight.grad, "grad.ssnorm.bias": m.ssnorm.bias.grad,
          "running_mean": m.ssnorm.running_mean, "running_var": m.ssnorm.running_var, "output_eval": y_eval})


def model_case(name, model, x, target):
    """Fixed (seeded) weights with BN affine parameters perturbed; train mode with dropout off."""
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
                mod.weight.copy_(torch.rand_like(mod.weight) + 0.5)
                mod.bias.copy_(torch.randn_like(mod.bias) * 0.1)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.train()
    for mod in model.modules():
        if isinstance(mod, (nn.Dropout, nn.Dropout2d)):
            mod.eval()
    logits = model(x)
    loss = F.cross_entropy(logits, target)
    loss.backward()
    tensors = {"in.input": x, "in.target": target, "output": logits, "loss": loss.detach().reshape(1)}
    for k, v in state.items():
        tensors[f"param.{k}"] = v
    for k, p in model.named_parameters():
        tensors[f"grad.{k}"] = p.grad
    case(name, f"{type(model).__name__} train mode (dropout off), logits = model(input), "
               "torch.nn.functional.cross_entropy(logits, target).backward()",
         {"parameters": sorted(k for k, _ in model.named_parameters())}, tensors)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    layer_case("silu", "torch.nn.functional.silu(input)", {}, lambda input: F.silu(input),
               {"input": torch.randn(2, 3, 4, 5) * 3})
    # BC-ResNet's depthwise convolutions: frequency-wise 3x1 (stride 2 in frequency), temporal 1x3 dilated,
    # the classifier's 5x5 without frequency padding.
    conv_case("dwconv_freq_3x1_stride2", 2, (2, 4, 10, 7), (4, 1, 3, 1), (2, 1), (1, 0), (1, 1), 4, False)
    conv_case("dwconv_time_1x3_dil4", 2, (2, 4, 1, 13), (4, 1, 1, 3), (1, 1), (0, 4), (1, 4), 4, False)
    conv_case("dwconv_time_1x3_dil8", 2, (2, 3, 1, 21), (3, 1, 1, 3), (1, 1), (0, 8), (1, 8), 3, False)
    conv_case("dwconv_5x5_pad0x2", 2, (2, 4, 5, 9), (4, 1, 5, 5), (1, 1), (0, 2), (1, 1), 4, False)
    conv_case("conv2d_head_5x5_stride2x1", 2, (2, 1, 12, 7), (6, 1, 5, 5), (2, 1), (2, 2), (1, 1), 1, False)
    # TC-ResNet's temporal convolutions.
    conv_case("conv1d_k9_stride2", 1, (2, 6, 15), (8, 6, 9), (2,), (4,), (1,), 1, False)
    conv_case("conv1d_k1_stride2", 1, (2, 6, 15), (8, 6, 1), (2,), (0,), (1,), 1, False)
    conv_case("conv1d_k3_bias", 1, (2, 5, 11), (7, 5, 3), (1,), (1,), (1,), 1, True)
    ssn_case("ssn_even", 3, (2, 3, 10, 6))
    ssn_case("ssn_uneven", 3, (2, 3, 8, 5))

    torch.manual_seed(1)
    bc = BCResNets(8, 10)
    x = torch.randn(3, 1, 40, 63)
    model_case("bcresnet-1", bc, x, torch.tensor([0, 3, 7]))
    torch.manual_seed(2)
    tc = TCResNet(40, 10)
    x = torch.randn(2, 1, 40, 63)
    model_case("tcresnet8", tc, x, torch.tensor([2, 8]))

    os.makedirs(OUT, exist_ok=True)
    save_safetensors(os.path.join(OUT, "kws.safetensors"), TENSORS)
    with open(os.path.join(OUT, "kws.json"), "w") as f:
        json.dump({"generated_by": f"torch {torch.__version__}", "torch_version": torch.__version__,
                   "versions": {"torch": torch.__version__, "python": platform.python_version()},
                   "script": "reference/make_kws_reference.py", "command": "/usr/bin/python3 reference/make_kws_reference.py",
                   "cases": CASES}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", len(CASES), "cases,", os.path.getsize(os.path.join(OUT, "kws.safetensors")), "bytes")


if __name__ == "__main__":
    main()
