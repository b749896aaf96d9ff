"""Export a TFLocoformer to ONNX (opset 17, dynamic batch and frames) and write its JSON manifest beside it.

    /usr/bin/python3 models/training/export.py --config lite --stems vocals,instrumental --out models/lite-2stem.onnx
        [--checkpoint run.pt] [--seed 0] [--task separate] [--training-data "..."] [--steps N]

Without --checkpoint the weights are random (torch.manual_seed(seed) before construction).
"""

import argparse
import warnings
import json
import os
import sys
import tempfile
from typing import List, Optional

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from config import BINS, HOP, N_FFT, SAMPLE_RATE, LocoformerConfig, get_config, manifest_config  # noqa: E402
from flops import flops_per_second, parameters  # noqa: E402
from locoformer import TFLocoformer  # noqa: E402

OPSET = 17
TASKS = ("separate", "clean", "identity")


def build_model(cfg: LocoformerConfig, stems: int, seed: int = 0, checkpoint: Optional[str] = None) -> TFLocoformer:
    torch.manual_seed(seed)
    model = TFLocoformer(cfg, stems)
    if checkpoint:
        state = torch.load(checkpoint, map_location="cpu")
        if isinstance(state, dict) and "model" in state:
            state = state["model"]
        model.load_state_dict(state)
    return model.eval()


def _fix_output_shape(graph, stems: int, in_channels: int) -> None:
    """torch's shape inference loses the static stem/channel/bin sizes through the final reshapes: restore them."""
    dims = graph.output[0].type.tensor_type.shape.dim
    for dim, value in zip(dims, ["batch", stems, in_channels, "frames", BINS]):
        dim.Clear()
        if isinstance(value, str):
            dim.dim_param = value
        else:
            dim.dim_value = value


def export_onnx(model: torch.nn.Module, path: str, in_channels: int = 4, frames: int = 8) -> None:
    """Trace at `frames` frames (batch 1) and write an opset-17 graph with symbolic batch and frames; atomic."""
    example = torch.zeros(1, in_channels, frames, BINS)
    with torch.no_grad():
        stems = model(example).shape[1]
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".onnx.tmp", dir=folder)
    os.close(fd)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)     # torch 1.13's constant-folding chatter on strided Slice
            warnings.simplefilter("ignore", torch.jit.TracerWarning)  # the output flags (buffers), fixed per model
            torch.onnx.export(
                model, (example,), tmp, opset_version=OPSET, input_names=["mix"], output_names=["stems"],
                dynamic_axes={"mix": {0: "batch", 2: "frames"}, "stems": {0: "batch", 3: "frames"}},
                do_constant_folding=True)
        graph = onnx.load(tmp)
        _fix_output_shape(graph.graph, stems, in_channels)
        onnx.checker.check_model(graph, full_check=True)
        onnx.save(graph, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def build_manifest(name: str, task: str, stems: List[str], cfg: Optional[LocoformerConfig], channels: int = 2,
                   param_count: Optional[int] = None, training: Optional[dict] = None,
                   metrics: Optional[dict] = None, mixture_consistent: bool = False) -> dict:
    """The manifest of contract.md. cfg None describes a network-free graph (identity)."""
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}'; supported: {', '.join(TASKS)}")
    ch = 2 * channels
    if cfg is None:
        config = {"name": "identity", "width": 0, "blocks": 0, "heads": 0, "groups": 0, "ffnExpansion": 0,
                  "kernel": 0, "bands": None}
        chunk = {"frames": 16, "leftContext": 0, "rightContext": 0}
        count, flops = 0, 0.0
    else:
        config = manifest_config(cfg)
        chunk = {"frames": cfg.chunk.frames, "leftContext": cfg.chunk.left, "rightContext": cfg.chunk.right}
        count = parameters(cfg, len(stems)) if param_count is None else param_count
        flops = flops_per_second(cfg, len(stems))
    return {
        "format": 1,
        "name": name,
        "task": task,
        "stems": list(stems),
        "channels": channels,
        "sampleRate": SAMPLE_RATE,
        "stft": {"nFft": N_FFT, "hop": HOP, "window": "hann-periodic", "center": True},
        "config": config,
        "chunk": chunk,
        "input": {"name": "mix", "shape": ["batch", ch, "frames", BINS]},
        "output": {"name": "stems", "shape": ["batch", len(stems), ch, "frames", BINS]},
        "parameters": count,
        "mixtureConsistent": mixture_consistent,
        "flopsPerSecond": flops,
        "opset": OPSET,
        "training": training if training is not None else {"data": "none (random weights)", "steps": 0},
        "metrics": metrics if metrics is not None else {},
        "license": "Apache-2.0",
    }


def write_json(path: str, obj) -> None:
    """Write JSON atomically (temp file in the same folder, then rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix=".json.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def manifest_path(onnx_path: str) -> str:
    return os.path.splitext(onnx_path)[0] + ".json"


def export_config(cfg: LocoformerConfig, stems: List[str], out: str, task: str = "separate", seed: int = 0,
                  checkpoint: Optional[str] = None, training: Optional[dict] = None,
                  metrics: Optional[dict] = None) -> TFLocoformer:
    """Build (or load), export and describe one model; returns the torch model that was exported."""
    model = build_model(cfg, len(stems), seed, checkpoint)
    export_onnx(model, out, cfg.in_channels)
    count = sum(p.numel() for p in model.parameters())
    name = os.path.splitext(os.path.basename(out))[0]
    write_json(manifest_path(out), build_manifest(name, task, stems, cfg, cfg.channels, count, training, metrics,
                                                  bool(model.mixture_consistent)))
    return model


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="medium | lite | tiny | tiny-bands")
    p.add_argument("--stems", required=True, help="comma-separated stem names in output order")
    p.add_argument("--out", required=True, help="output .onnx path; the manifest goes beside it (.json)")
    p.add_argument("--checkpoint", help="state dict (.pt) to load; random weights without it")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--task", default="separate", choices=TASKS)
    p.add_argument("--training-data", default=None, help="free-form description for the manifest")
    p.add_argument("--steps", type=int, default=0)
    a = p.parse_args(argv)
    stems = [s.strip() for s in a.stems.split(",") if s.strip()]
    if not stems:
        p.error("--stems needs at least one name")
    if not a.out.endswith(".onnx"):
        p.error(f"--out must end in .onnx, got '{a.out}'")
    training = {"data": a.training_data or ("none (random weights)" if not a.checkpoint else "unspecified"),
                "steps": a.steps}
    export_config(get_config(a.config), stems, a.out, a.task, a.seed, a.checkpoint, training)
    print(f"wrote {a.out} and {manifest_path(a.out)}")


if __name__ == "__main__":
    main()
