#!/usr/bin/python3
"""Writes the ONNX models cochlea-onnx's tests read, with PyTorch's own exporter (Debian's
python3-torch; torch.onnx.export needs no `onnx` package), fixed seeds, and versions.json saying
which versions made them. Run from this folder: /usr/bin/python3 make_models.py

cnn2d.config.json beside them is not made here: it is the config.json of a Cochlea run whose features
are [1, 40, 32] (./cochlea train --data ../shared/data/fsdd/recordings --label-pattern '^(\d+)_'
--split official --epochs 1 --hop-length 256 --clip-seconds 0.992), so that cnn2d.onnx can label
WAV files end to end (OnnxClassifierTest).

For every model NAME.onnx it also writes NAME.io.safetensors: tensor "features" (an input with
batch 3, torch.randn with a fixed seed) and "logits" (PyTorch's output on it, eval mode), both F32.
The safetensors files are written by hand (no `safetensors` package needed): an 8-byte
little-endian u64 header length N, N bytes of JSON padded with spaces to a multiple of 8, then the
raw little-endian data; data_offsets are relative to the data start.

versions.json records, per model, its opset, a description, the input/output shapes (as the
exported graph declares them: "batch" is the dynamic axis) and the ONNX operators it uses with the
distinct values of their attributes, read from the .onnx file by a small protobuf reader below.

The run is deterministic: running it twice gives byte-identical files.
"""
import io
import json
import struct

import torch
import torch.nn as nn

torch.set_num_threads(1)

# ---------------------------------------------------------------- tiny_cnn (kept as it was)
torch.manual_seed(0)
tiny = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
                           torch.nn.Flatten(), torch.nn.Linear(4, 3)).eval()
torch.onnx.export(tiny, torch.randn(1, 1, 8, 8), "tiny_cnn.onnx", input_names=["features"], output_names=["logits"],
                  dynamic_axes={"features": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
TINY_WEIGHTS = {k: {"shape": list(v.shape), "sum": float(v.double().sum())} for k, v in tiny.state_dict().items()}


# ---------------------------------------------------------------- safetensors by hand
_DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}


def write_safetensors(path, tensors):
    """tensors: dict name -> torch tensor (float32 or int64), written in the dict's order."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        dtype, np_dtype = _DTYPES[t.dtype]
        data = t.numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """The tensors of a safetensors file (F32 and I64), as a dict name -> torch tensor."""
    import numpy as np
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        np_dtype = {"F32": "<f4", "I64": "<i8"}[info["dtype"]]
        arr = np.frombuffer(data[begin:end], dtype=np_dtype).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


# ---------------------------------------------------------------- a tiny protobuf reader for ONNX files
def _varint(buf, pos):
    result, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def _fields(buf):
    """Yields (field number, wire type, value) of one protobuf message; value is int or bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield field, wire, value


def _signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _ints(wire, value):
    if wire == 0:
        return [_signed(value)]
    out, pos = [], 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(_signed(v))
    return out


_ELEM = {1: "float", 6: "int32", 7: "int64", 9: "bool", 11: "double"}


def _tensor_summary(buf):
    dims, dtype, raw, ints, floats = [], None, None, [], []
    for f, w, v in _fields(buf):
        if f == 1:
            dims += _ints(w, v)
        elif f == 2:
            dtype = _ELEM.get(v, str(v))
        elif f == 9:
            raw = v
        elif f == 7:
            ints += _ints(w, v)
    if dtype == "int64" and raw is not None:
        ints = list(struct.unpack("<%dq" % (len(raw) // 8), raw))
    s = "%s%s" % (dtype, dims)
    if ints and len(ints) <= 8:
        s += "=" + str(ints)
    return s


def _attribute(buf):
    name, value, floats, ints, strings = None, None, [], [], []
    for f, w, v in _fields(buf):
        if f == 1:
            name = v.decode()
        elif f == 2:
            value = round(struct.unpack("<f", v)[0], 6)
        elif f == 3:
            value = _signed(v)
        elif f == 4:
            value = v.decode()
        elif f == 5:
            value = _tensor_summary(v)
        elif f == 6:
            value = "<graph>"
        elif f == 7:
            floats += [round(x, 6) for x in struct.unpack("<%df" % (len(v) // 4), v)] if w == 2 else \
                [round(struct.unpack("<f", v)[0], 6)]
        elif f == 8:
            ints += _ints(w, v)
        elif f == 9:
            strings.append(v.decode())
    if value is None:
        value = ints or floats or strings
    return name, value


def _value_info(buf):
    name, shape = None, []
    for f, _, v in _fields(buf):
        if f == 1:
            name = v.decode()
        elif f == 2:
            for f2, _, v2 in _fields(v):
                if f2 == 1:                                   # TypeProto.tensor_type
                    for f3, _, v3 in _fields(v2):
                        if f3 == 2:                           # shape
                            for f4, _, v4 in _fields(v3):
                                if f4 == 1:                   # dim
                                    d = None
                                    for f5, _, v5 in _fields(v4):
                                        d = v5 if f5 == 1 else v5.decode()
                                    shape.append(d)
    return name, shape


def onnx_summary(path):
    """Opset, graph inputs/outputs with shapes, and per operator: count, number of inputs it is given,
    and the distinct values of each attribute."""
    with open(path, "rb") as f:
        model = f.read()
    opsets, graph = {}, None
    for f, _, v in _fields(model):
        if f == 8:
            domain, version = "", None
            for f2, _, v2 in _fields(v):
                if f2 == 1:
                    domain = v2.decode()
                elif f2 == 2:
                    version = v2
            opsets[domain or "ai.onnx"] = version
        elif f == 7:
            graph = v
    ops, inputs, outputs, initializers = {}, [], [], set()
    for f, _, v in _fields(graph):
        if f == 5:
            for f2, _, v2 in _fields(v):
                if f2 == 8:
                    initializers.add(v2.decode())
    for f, _, v in _fields(graph):
        if f == 1:
            op_type, n_inputs, attrs = None, 0, []
            for f2, _, v2 in _fields(v):
                if f2 == 4:
                    op_type = v2.decode()
                elif f2 == 1:
                    n_inputs += 1
                elif f2 == 5:
                    attrs.append(_attribute(v2))
            entry = ops.setdefault(op_type, {"count": 0, "input_counts": [], "attributes": {}})
            entry["count"] += 1
            if n_inputs not in entry["input_counts"]:
                entry["input_counts"].append(n_inputs)
            for name, value in attrs:
                values = entry["attributes"].setdefault(name, [])
                if value not in values:
                    values.append(value)
        elif f == 11:
            name, shape = _value_info(v)
            if name not in initializers:
                inputs.append({"name": name, "shape": shape})
        elif f == 12:
            name, shape = _value_info(v)
            outputs.append({"name": name, "shape": shape})
    for entry in ops.values():
        entry["input_counts"].sort()
        for values in entry["attributes"].values():
            values.sort(key=str)
    return {"opsets": opsets, "inputs": inputs, "outputs": outputs,
            "ops": {k: ops[k] for k in sorted(ops)}}


# ---------------------------------------------------------------- models
def randomise_batchnorm(model):
    """Makes every BatchNorm a real affine map: random weight, bias, running mean and variance."""
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)
    return model


class Cnn2d(nn.Module):
    """3 x (Conv2d 3x3 pad 1, BatchNorm2d, ReLU, MaxPool2d 2), 1->16->32->32, global average pool,
    Flatten, Dropout, Linear(32, 10)."""

    def __init__(self):
        super().__init__()

        def block(i, o):
            return [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)]

        self.net = nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 32), nn.AdaptiveAvgPool2d(1),
                                 nn.Flatten(), nn.Dropout(0.3), nn.Linear(32, 10))

    def forward(self, x):
        return self.net(x)


def _crnn_convs():
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d((2, 1)),
                         nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d((2, 1)))


class CrnnGru(nn.Module):
    """2 conv blocks (pooling frequency only) -> [N, T, C*F] -> bidirectional GRU(24) -> last step -> Linear."""

    def __init__(self):
        super().__init__()
        self.convs = _crnn_convs()
        self.gru = nn.GRU(16 * 10, 24, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(48, 10)

    def forward(self, x):
        x = self.convs(x)                                  # [N, 16, 10, 32]
        x = x.permute(0, 3, 1, 2).flatten(2)               # [N, 32, 160]
        y, _ = self.gru(x)                                 # [N, 32, 48]
        return self.fc(y[:, -1, :])


class CrnnLstm(nn.Module):
    """2 conv blocks -> [N, T, C*F] -> bidirectional LSTM(24) -> LSTM(24) -> mean over time -> Linear."""

    def __init__(self):
        super().__init__()
        self.convs = _crnn_convs()
        self.lstm1 = nn.LSTM(16 * 10, 24, batch_first=True, bidirectional=True)
        self.lstm2 = nn.LSTM(48, 24, batch_first=True)
        self.fc = nn.Linear(24, 10)

    def forward(self, x):
        x = self.convs(x)
        x = x.permute(0, 3, 1, 2).reshape(x.shape[0], x.shape[3], -1)   # [N, 32, 160]
        y, _ = self.lstm1(x)
        y, _ = self.lstm2(y)
        return self.fc(y.mean(dim=1))


class Tdnn(nn.Module):
    """x-vector style TDNN: Conv1d (k 5 d 1, k 3 d 2, k 3 d 3), each ReLU then BatchNorm1d; statistics
    pooling (mean and std over time), Linear(64, 10)."""

    def __init__(self):
        super().__init__()

        def layer(i, o, k, d):
            return [nn.Conv1d(i, o, k, dilation=d), nn.ReLU(), nn.BatchNorm1d(o)]

        self.frames = nn.Sequential(*layer(40, 32, 5, 1), *layer(32, 32, 3, 2), *layer(32, 32, 3, 3))
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.frames(x)                                 # [N, 32, 18]
        stats = torch.cat([x.mean(dim=2), x.std(dim=2)], dim=1)
        return self.fc(stats)


class SubSpectralNorm(nn.Module):
    def __init__(self, channels, sub_bands):
        super().__init__()
        self.s = sub_bands
        self.bn = nn.BatchNorm2d(channels * sub_bands)

    def forward(self, x):
        n, c, f, t = x.shape
        x = self.bn(x.reshape(n, c * self.s, f // self.s, t))
        return x.reshape(n, c, f, t)


class BcResBlock(nn.Module):
    """Broadcasted residual block (Kim et al. 2021). A transition block (in != out) starts with a
    1x1 conv + BN + ReLU and has no identity shortcut."""

    def __init__(self, cin, cout, dilation=1, sub_bands=4):
        super().__init__()
        self.transition = cin != cout
        self.pre = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()) \
            if self.transition else nn.Identity()
        self.freq = nn.Sequential(nn.Conv2d(cout, cout, (3, 1), padding=(1, 0), groups=cout, bias=False),
                                  SubSpectralNorm(cout, sub_bands))
        self.temporal = nn.Sequential(
            nn.Conv2d(cout, cout, (1, 3), padding=(0, dilation), dilation=(1, dilation), groups=cout, bias=False),
            nn.BatchNorm2d(cout), nn.SiLU(), nn.Conv2d(cout, cout, 1, bias=False), nn.Dropout2d(0.1))

    def forward(self, x):
        x = self.pre(x)
        x1 = self.freq(x)
        aux = self.temporal(x1.mean(dim=2, keepdim=True))
        out = x1 + aux
        if not self.transition:
            out = out + x
        return torch.relu(out)


class BcResNet(nn.Module):
    def __init__(self, classes=12):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 5, stride=(2, 1), padding=2), nn.BatchNorm2d(8), nn.ReLU())
        self.blocks = nn.Sequential(BcResBlock(8, 8), BcResBlock(8, 12), BcResBlock(12, 12, dilation=2))
        self.head = nn.Sequential(nn.Conv2d(12, 12, 5, padding=2, groups=12, bias=False),
                                  nn.Conv2d(12, 16, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.classifier = nn.Conv2d(16, classes, 1)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))           # [N, 16, 20, 32]
        x = x.mean(dim=(2, 3), keepdim=True)
        return self.classifier(x).flatten(1)


def cifar_quick():
    """dev.cochlea.train.models.CifarQuick(3, 32, 32, 10), the course's CIFAR-10 model (no activations)."""
    return nn.Sequential(nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2), nn.Conv2d(32, 32, 5, padding=2),
                         nn.MaxPool2d(2), nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(1024, 64), nn.Linear(64, 10))


# name: (seed, factory, input shape without batch, opset, description)
MODELS = {
    "cnn2d": (1, Cnn2d, (1, 40, 32), 13,
              "3 x [Conv2d 3x3 pad 1, BatchNorm2d, ReLU, MaxPool2d 2] (1->16->32->32), AdaptiveAvgPool2d(1), "
              "Flatten, Dropout, Linear(32,10)"),
    "cnn2d_opset11": (1, Cnn2d, (1, 40, 32), 11, "cnn2d (same weights) exported at opset 11"),
    "crnn_gru": (2, CrnnGru, (1, 40, 32), 13,
                 "2 x [Conv2d 3x3, BN, ReLU, MaxPool (2,1)] -> permute/flatten [N,32,160] -> bidirectional "
                 "GRU(24, batch_first) -> last time step -> Linear(48,10)"),
    "crnn_lstm": (3, CrnnLstm, (1, 40, 32), 13,
                  "2 x [Conv2d 3x3, BN, ReLU, MaxPool (2,1)] -> permute/reshape [N,32,160] -> bidirectional "
                  "LSTM(24) -> LSTM(24) -> mean over time -> Linear(24,10)"),
    "tdnn": (4, Tdnn, (40, 32), 13,
             "TDNN: Conv1d(40,32,k5,d1)/(32,32,k3,d2)/(32,32,k3,d3), each ReLU then BatchNorm1d; "
             "mean and std over time concatenated; Linear(64,10)"),
    "bcresnet": (5, BcResNet, (1, 40, 32), 13,
                 "BC-ResNet-style KWS: stem Conv2d 5x5 stride (2,1); 3 BC-ResBlocks (8, 8->12 transition, 12 "
                 "dilation 2) with freq depthwise (3,1) + SubSpectralNorm (4 sub-bands), mean over freq, "
                 "temporal depthwise (1,3) + BN + SiLU + 1x1 conv, broadcast add; head depthwise 5x5, 1x1 "
                 "conv, mean over freq and time, 1x1 conv to 12 classes"),
    "cifar": (6, cifar_quick, (3, 32, 32), 13,
              "the course's CIFAR-10 quick model (CifarQuick(3,32,32,10)): 3 x [Conv2d 5x5 pad 2, MaxPool2d 2] "
              "(3->32->32->64), Flatten, Linear(1024,64), Linear(64,10); no activations"),
}

summaries = {}


def export(name, model, in_shape, opset, description, data_seed, exported=False):
    path = name + ".onnx"
    torch.manual_seed(1000 + data_seed)
    features = torch.randn(3, *in_shape)
    with torch.no_grad():
        logits = model(features)
    dummy = torch.zeros(2, *in_shape)
    if not exported:
        torch.onnx.export(model, dummy, path, input_names=["features"], output_names=["logits"],
                          dynamic_axes={"features": {0: "batch"}, "logits": {0: "batch"}}, opset_version=opset)
    write_safetensors(name + ".io.safetensors", {"features": features, "logits": logits})
    back = read_safetensors(name + ".io.safetensors")
    assert list(back) == ["features", "logits"]
    assert torch.equal(back["features"], features) and torch.equal(back["logits"], logits), name
    summary = onnx_summary(path)
    assert summary["opsets"]["ai.onnx"] == opset, (name, summary["opsets"])
    summaries[path] = {"opset": opset, "description": description,
                       "input": {"name": "features", "shape": ["batch", *in_shape]},
                       "output": {"name": "logits", "shape": ["batch", *logits.shape[1:]]},
                       "graph_inputs": summary["inputs"], "graph_outputs": summary["outputs"],
                       "operators": list(summary["ops"]), "operator_details": summary["ops"]}


# tiny_cnn.onnx is exported above, as it always was; here only its check data and summary.
export("tiny_cnn", tiny, (1, 8, 8), 13, "Conv2d(1,4,3,pad 1), ReLU, AdaptiveAvgPool2d(1), Flatten, Linear(4,3)", 0,
       exported=True)
export("tiny_cnn_opset17", tiny, (1, 8, 8), 17, "tiny_cnn (same weights) exported at opset 17", 0)
for model_name, (seed, factory, shape, model_opset, text) in MODELS.items():
    torch.manual_seed(seed)
    net = randomise_batchnorm(factory()).eval()
    export(model_name, net, shape, model_opset, text, seed)

with open("versions.json", "w") as f:
    json.dump({"torch": torch.__version__, "opset": 13, "models": {"tiny_cnn.onnx": "Conv2d(1,4,3,pad 1), ReLU, "
               "AdaptiveAvgPool2d(1), Flatten, Linear(4,3); input features [batch,1,8,8], output logits [batch,3]"},
               # For each weight: its shape and the sum of its values (state_dict names; the exporter keeps them as initializer names).
               "tiny_cnn_weights": TINY_WEIGHTS,
               # Every model file: opset, description, shapes, the ONNX operators it uses (with the number of
               # inputs each node is given and the distinct attribute values), and its NAME.io.safetensors check data.
               "io_format": "NAME.io.safetensors: features (F32, batch 3, torch.randn) and logits (F32, PyTorch eval output)",
               "reference_models": summaries},
              f, indent=1)
