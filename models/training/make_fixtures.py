"""Write the committed test fixtures of contract.md (deterministic: same torch version -> same files).

    /usr/bin/python3 models/training/make_fixtures.py [--root REPO_ROOT]

tests/fixtures/models/{tiny-2stem, lite-5stem-random, identity-2stem}.onnx + .json
tests/fixtures/golden/<model>_T<frames>.mix.f32 / .stems.f32 (raw little-endian float32, C order, batch 1) and
tests/fixtures/golden/index.json (entries of other models, e.g. ship.py's, are kept). Golden stems are PyTorch eager outputs, so ONNX Runtime parity tests in C# compare
the exported graph against an independent evaluation of the same weights.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from config import BINS, FIVE_STEMS, LITE, TINY, TWO_STEMS  # noqa: E402
from export import build_manifest, export_config, export_onnx, manifest_path, write_json  # noqa: E402
from locoformer import IdentityStems  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GOLDEN_SEED = 1234


def golden_mix(frames: int, in_channels: int = 4, seed: int = GOLDEN_SEED) -> torch.Tensor:
    """Random normal spectrum shaped like a std-normalized music STFT: unit-std audio through a Hann window of 2048
    gives |X| around sqrt(768) ~ 28 per bin for white noise; music falls off with frequency, so the std per bin is
    28 / (1 + k/32) (about 28 at DC, 0.9 at Nyquist)."""
    g = torch.Generator().manual_seed(seed + frames)
    scale = 28.0 / (1.0 + torch.arange(BINS, dtype=torch.float32) / 32.0)
    return torch.randn(1, in_channels, frames, BINS, generator=g) * scale


def write_f32(path: str, t: torch.Tensor) -> None:
    data = t.detach().contiguous().numpy().astype("<f4", copy=False)
    tmp = path + ".tmp"
    data.tofile(tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def golden(model: torch.nn.Module, name: str, frames_list, folder: str) -> list:
    entries = []
    for frames in frames_list:
        mix = golden_mix(frames)
        with torch.no_grad():
            stems = model(mix)
        base = f"{name}_T{frames}"
        write_f32(os.path.join(folder, base + ".mix.f32"), mix)
        write_f32(os.path.join(folder, base + ".stems.f32"), stems)
        entries.append({"model": name, "frames": frames, "mix": base + ".mix.f32", "stems": base + ".stems.f32",
                        "mixShape": list(mix.shape), "stemsShape": list(stems.shape)})
        print(f"golden {base}: max |stems| {stems.abs().max().item():.3g}")
    return entries


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", default=REPO, help="repository root (default: this checkout)")
    a = p.parse_args(argv)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    models_dir = os.path.join(a.root, "tests", "fixtures", "models")
    golden_dir = os.path.join(a.root, "tests", "fixtures", "golden")
    os.makedirs(models_dir, exist_ok=True)
    os.makedirs(golden_dir, exist_ok=True)
    random_training = {"data": "none (random weights, seed 0)", "steps": 0}

    index = []
    tiny = export_config(TINY, TWO_STEMS, os.path.join(models_dir, "tiny-2stem.onnx"), seed=0,
                         training=random_training)
    index += golden(tiny, "tiny-2stem", [16, 37], golden_dir)

    identity_path = os.path.join(models_dir, "identity-2stem.onnx")
    export_onnx(IdentityStems(), identity_path)
    write_json(manifest_path(identity_path),
               build_manifest("identity-2stem", "identity", TWO_STEMS, None, 2,
                              training={"data": "none (stem 0 = mix, stem 1 = zeros)", "steps": 0}))

    lite = export_config(LITE, FIVE_STEMS, os.path.join(models_dir, "lite-5stem-random.onnx"), seed=0,
                         training=random_training)
    index += golden(lite, "lite-5stem-random", [16], golden_dir)

    # keep the entries other scripts own (ship.py adds the shipped models' golden outputs)
    index_path = os.path.join(golden_dir, "index.json")
    mine = {e["model"] for e in index}
    if os.path.exists(index_path):
        with open(index_path, encoding="utf-8") as f:
            index = [e for e in json.load(f) if e["model"] not in mine] + index
    write_json(index_path, index)
    for f in sorted(os.listdir(models_dir)):
        print(f"{f}: {os.path.getsize(os.path.join(models_dir, f)):,} bytes")


if __name__ == "__main__":
    main()
