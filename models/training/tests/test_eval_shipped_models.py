"""The shipped models (models/<name>.onnx + .json) agree with their committed weights-only checkpoints and golden
fixtures: the golden stems are PyTorch outputs of the committed weights (the C# suite compares ONNX Runtime against
the same files), so a model re-exported from other weights, or a checkpoint changed without new fixtures, fails here."""

import json
import os

import numpy as np
import onnx
import pytest
import torch

from config import get_config
from locoformer import TFLocoformer

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODELS = os.path.join(REPO, "models")
GOLDEN = os.path.join(REPO, "tests", "fixtures", "golden")
SHIPPED = sorted(f[:-5] for f in os.listdir(MODELS) if f.endswith(".onnx"))


def test_every_shipped_model_has_a_manifest_a_checkpoint_and_a_golden_fixture():
    with open(os.path.join(GOLDEN, "index.json")) as f:
        golden_models = {e["model"] for e in json.load(f)}
    for name in SHIPPED:
        assert os.path.exists(os.path.join(MODELS, name + ".json")), name
        assert os.path.exists(os.path.join(MODELS, "training", "checkpoints", name + ".pt")), name
        assert name in golden_models, name


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_model_is_small_and_declares_what_its_graph_outputs(name):
    path = os.path.join(MODELS, name + ".onnx")
    assert os.path.getsize(path) <= 40 * 1024 * 1024
    with open(os.path.join(MODELS, name + ".json")) as f:
        manifest = json.load(f)
    graph = onnx.load(path).graph
    dims = [d.dim_value or d.dim_param for d in graph.output[0].type.tensor_type.shape.dim]
    assert dims == ["batch", len(manifest["stems"]), 4, "frames", 1025]
    assert manifest["training"]["steps"] > 0 and manifest["metrics"], "a shipped model states how it was trained"


@pytest.mark.parametrize("name", SHIPPED)
def test_committed_checkpoint_reproduces_the_golden_outputs(name):
    with open(os.path.join(MODELS, name + ".json")) as f:
        manifest = json.load(f)
    with open(os.path.join(GOLDEN, "index.json")) as f:
        entries = [e for e in json.load(f) if e["model"] == name]
    torch.manual_seed(0)
    model = TFLocoformer(get_config(manifest["config"]["name"]), len(manifest["stems"]))
    model.load_state_dict(torch.load(os.path.join(MODELS, "training", "checkpoints", name + ".pt")))
    model.eval()
    onnx_params = sum(int(np.prod(t.dims)) for t in onnx.load(os.path.join(MODELS, name + ".onnx")).graph.initializer)
    assert onnx_params >= manifest["parameters"] * 0.99   # the graph holds the weights (constant folding may add a few)
    for e in entries:
        mix = np.fromfile(os.path.join(GOLDEN, e["mix"]), "<f4").reshape(e["mixShape"])
        stems = np.fromfile(os.path.join(GOLDEN, e["stems"]), "<f4").reshape(e["stemsShape"])
        with torch.no_grad():
            out = model(torch.from_numpy(mix)).numpy()
        np.testing.assert_allclose(out, stems, atol=1e-4 * max(1.0, float(np.abs(stems).max())))
