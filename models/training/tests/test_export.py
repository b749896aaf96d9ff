"""ONNX export: symbolic batch/frames, graphs independent of the traced length, manifests, committed fixtures."""

import json
import os

import numpy as np
import onnx
import pytest
import torch

import export
from config import BINS, FIVE_STEMS, LITE, TINY, TINY_BANDS, TWO_STEMS
from locoformer import TFLocoformer

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIXTURES = os.path.join(REPO, "tests", "fixtures")


def _dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


@pytest.fixture(scope="module")
def tiny_exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("onnx")
    model = export.build_model(TINY, 2, seed=0)
    paths = {}
    for frames in (8,):
        paths[frames] = str(folder / f"tiny_T{frames}.onnx")
        export.export_onnx(model, paths[frames], frames=frames)
    return model, paths


def test_exported_graph_has_symbolic_batch_and_frames_and_opset_17(tiny_exports):
    _, paths = tiny_exports
    m = onnx.load(paths[8])
    onnx.checker.check_model(m, full_check=True)
    assert [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")] == [17]
    assert [i.name for i in m.graph.input] == ["mix"] and [o.name for o in m.graph.output] == ["stems"]
    assert _dims(m.graph.input[0]) == ["batch", 4, "frames", BINS]
    assert _dims(m.graph.output[0]) == ["batch", 2, 4, "frames", BINS]


@pytest.mark.parametrize("cfg", [TINY, TINY_BANDS], ids=lambda c: c.name)
def test_graphs_traced_at_different_frame_counts_are_identical(cfg, tmp_path):
    model = export.build_model(cfg, 3, seed=0)
    a, b = str(tmp_path / "a.onnx"), str(tmp_path / "b.onnx")
    export.export_onnx(model, a, frames=8)
    export.export_onnx(model, b, frames=21)
    ga, gb = onnx.load(a).graph, onnx.load(b).graph
    assert [n.op_type for n in ga.node] == [n.op_type for n in gb.node]
    assert ga.SerializeToString() == gb.SerializeToString(), "a frame count was baked into the graph"


@pytest.mark.parametrize("cfg", [TINY, TINY_BANDS], ids=lambda c: c.name)
@pytest.mark.parametrize("flags", [False, True], ids=["spectrum", "consistent-mask"])
@pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")     # the output flags' branches, fixed per model
def test_a_trace_at_8_frames_computes_the_eager_result_at_13_frames(cfg, flags):
    torch.manual_seed(0)
    model = TFLocoformer(cfg, 2, mixture_consistent=flags, complex_mask=flags).eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.randn(2, 4, 8, BINS), check_trace=False)
        x = torch.randn(1, 4, 13, BINS)
        assert torch.allclose(traced(x), model(x), atol=1e-5)


def test_manifest_describes_the_model_as_the_contract_says():
    m = export.build_manifest("lite-5stem", "separate", FIVE_STEMS, LITE, param_count=123)
    assert m["format"] == 1 and m["name"] == "lite-5stem" and m["task"] == "separate"
    assert m["stems"] == FIVE_STEMS and m["channels"] == 2 and m["sampleRate"] == 44100
    assert m["stft"] == {"nFft": 2048, "hop": 512, "window": "hann-periodic", "center": True}
    assert m["config"]["name"] == "lite" and m["config"]["width"] == 128 and m["config"]["heads"] == 8
    assert sum(m["config"]["bands"]) == BINS and len(m["config"]["bands"]) == 62
    assert m["chunk"] == {"frames": 32, "leftContext": 16, "rightContext": 16}
    assert m["input"] == {"name": "mix", "shape": ["batch", 4, "frames", BINS]}
    assert m["output"] == {"name": "stems", "shape": ["batch", 5, 4, "frames", BINS]}
    assert m["parameters"] == 123 and m["opset"] == 17 and m["license"] == "Apache-2.0"
    assert 2e10 < m["flopsPerSecond"] < 3e10
    json.dumps(m)


def test_manifest_rejects_an_unknown_task():
    with pytest.raises(ValueError, match="separate"):
        export.build_manifest("x", "karaoke", TWO_STEMS, TINY)


def test_cli_writes_onnx_and_manifest_with_the_built_parameter_count(tmp_path):
    out = tmp_path / "my-model.onnx"
    export.main(["--config", "tiny", "--stems", "vocals, drums,bass", "--out", str(out), "--seed", "3"])
    manifest = json.loads((tmp_path / "my-model.json").read_text())
    assert manifest["name"] == "my-model" and manifest["stems"] == ["vocals", "drums", "bass"]
    assert manifest["parameters"] == sum(p.numel() for p in TFLocoformer(TINY, 3).parameters())
    assert _dims(onnx.load(str(out)).graph.output[0]) == ["batch", 3, 4, "frames", BINS]


def test_the_manifest_says_whether_the_exported_graph_is_mixture_consistent(tmp_path):
    torch.manual_seed(9)
    for consistent in (True, False):
        torch.save(TFLocoformer(TINY, 2, mixture_consistent=consistent).state_dict(), tmp_path / "w.pt")
        export.export_config(TINY, TWO_STEMS, str(tmp_path / "m.onnx"), checkpoint=str(tmp_path / "w.pt"))
        assert json.loads((tmp_path / "m.json").read_text())["mixtureConsistent"] is consistent


def test_cli_loads_a_checkpoint(tmp_path):
    torch.manual_seed(9)
    model = TFLocoformer(TINY, 2)
    torch.save({"model": model.state_dict()}, tmp_path / "ckpt.pt")
    loaded = export.build_model(TINY, 2, seed=0, checkpoint=str(tmp_path / "ckpt.pt"))
    assert torch.equal(loaded.output.weight, model.output.weight)


# ---- the committed fixtures (tests/fixtures), which the C# suites consume ----

@pytest.mark.parametrize("name,stems,task,limit", [
    ("tiny-2stem", TWO_STEMS, "separate", 1_000_000),
    ("lite-5stem-random", FIVE_STEMS, "separate", 13_500_000),
    ("identity-2stem", TWO_STEMS, "identity", 100_000),
])
def test_committed_fixture_models_match_their_manifests(name, stems, task, limit):
    path = os.path.join(FIXTURES, "models", name + ".onnx")
    assert os.path.getsize(path) < limit
    manifest = json.load(open(os.path.join(FIXTURES, "models", name + ".json")))
    assert manifest["name"] == name and manifest["task"] == task and manifest["stems"] == stems
    m = onnx.load(path)
    onnx.checker.check_model(m)
    assert _dims(m.graph.input[0]) == manifest["input"]["shape"] == ["batch", 4, "frames", BINS]
    assert _dims(m.graph.output[0]) == manifest["output"]["shape"] == ["batch", len(stems), 4, "frames", BINS]


def test_golden_files_have_the_sizes_their_index_states():
    index = json.load(open(os.path.join(FIXTURES, "golden", "index.json")))
    assert {(e["model"], e["frames"]) for e in index} >= {("tiny-2stem", 16), ("tiny-2stem", 37),
                                                          ("lite-5stem-random", 16)}   # + shipped models (ship.py)
    for e in index:
        for key, shape in (("mix", e["mixShape"]), ("stems", e["stemsShape"])):
            assert os.path.getsize(os.path.join(FIXTURES, "golden", e[key])) == 4 * int(np.prod(shape))
        assert e["mixShape"] == [1, 4, e["frames"], BINS]


def test_golden_tiny_stems_are_reproduced_by_the_seed_0_model():
    import make_fixtures
    model = export.build_model(TINY, 2, seed=0)
    mix = make_fixtures.golden_mix(37)
    stored_mix = np.fromfile(os.path.join(FIXTURES, "golden", "tiny-2stem_T37.mix.f32"), dtype="<f4")
    stored = np.fromfile(os.path.join(FIXTURES, "golden", "tiny-2stem_T37.stems.f32"), dtype="<f4")
    np.testing.assert_array_equal(stored_mix, mix.numpy().ravel())
    with torch.no_grad():
        np.testing.assert_allclose(stored, model(mix).numpy().ravel(), atol=1e-4)   # BLAS builds differ ~1e-6
