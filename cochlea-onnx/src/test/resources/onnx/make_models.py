#!/usr/bin/python3
"""Writes the ONNX models cochlea-onnx's tests read, with PyTorch's own exporter (Debian's
python3-torch; torch.onnx.export needs no `onnx` package), fixed seeds, and versions.json saying
which versions made them. Run from this folder: /usr/bin/python3 make_models.py
"""
import json

import torch

torch.manual_seed(0)
tiny = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
                           torch.nn.Flatten(), torch.nn.Linear(4, 3)).eval()
torch.onnx.export(tiny, torch.randn(1, 1, 8, 8), "tiny_cnn.onnx", input_names=["features"], output_names=["logits"],
                  dynamic_axes={"features": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
with open("versions.json", "w") as f:
    json.dump({"torch": torch.__version__, "opset": 13, "models": {"tiny_cnn.onnx": "Conv2d(1,4,3,pad 1), ReLU, "
               "AdaptiveAvgPool2d(1), Flatten, Linear(4,3); input features [batch,1,8,8], output logits [batch,3]"},
               # For each weight: its shape and the sum of its values (state_dict names; the exporter keeps them as initializer names).
               "tiny_cnn_weights": {k: {"shape": list(v.shape), "sum": float(v.double().sum())} for k, v in tiny.state_dict().items()}},
              f, indent=1)
