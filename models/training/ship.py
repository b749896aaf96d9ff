"""Ship a training run: weights-only checkpoint, ONNX + manifest with honest metrics, golden ONNX-parity fixtures.

    /usr/bin/python3 models/training/ship.py --run /work/runs/lite-2stem --name lite-2stem [--which best|last]
        [--eval-json /work/eval/2stem.json] [--root REPO_ROOT]

Writes (all atomically):
  models/training/checkpoints/<name>.pt     state dict only (fp32), loadable by train.py --init and export.py
  models/<name>.onnx + models/<name>.json   export.py's export, manifest `training` and `metrics` filled in
  tests/fixtures/golden/<name>_T16.{mix,stems}.f32 + its entries in tests/fixtures/golden/index.json (PyTorch eager
                                            outputs of the shipped weights; the C# suite checks ONNX parity on them)
The manifest's metrics: the run's validation uSDR at the shipped step (fixed validation chunks, train.py) and, with
--eval-json, the eval.py summary (per stem uSDR/cSDR of the model, mixture floor, IRM ceiling, gap closed).
"""

import argparse
import json
import os
import sys
from typing import Dict, List, Optional

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from augment import describe  # noqa: E402
from config import get_config  # noqa: E402
from export import export_config, write_json  # noqa: E402
from losses import MIX_FLOOR, RESOLUTIONS, SDR_WEIGHT  # noqa: E402
from make_fixtures import golden  # noqa: E402
from train import atomic_save  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MAX_ONNX_BYTES = 40 * 1024 * 1024
EXPORT_TASK = {"2stem": "separate", "5stem": "separate", "clean": "clean"}


def validation_at(history, step: int) -> Optional[Dict]:
    rows = [h for h in history if "valid" in h and h["step"] <= step]
    return rows[-1] if rows else None


def lr_schedule(history: List[Dict], step: int) -> str:
    """The learning rates the weights of `step` were trained with, as logged in the run's history: the rate after the
    linear warm-up, then each later drop (a --resume with a lower --lr); a decay that lowers the rate at every
    logged step (--decay-steps) is summed up by where it ended."""
    rows = [h for h in history if "lr" in h and h["step"] <= step]
    drops = [(a["step"], b["lr"]) for a, b in zip(rows, rows[1:]) if b["lr"] < a["lr"]]
    peak = max(h["lr"] for h in rows if not drops or h["step"] <= drops[0][0])
    if 2 * len(drops) > len(rows):                   # the rate fell at most logged steps: a decay, not resumes
        end = rows[-1]
        return f"lr {peak:.2g} (linear warm-up), decaying from step {drops[0][0]:,} to {end['lr']:.2g} at step {end['step']:,}"
    return f"lr {peak:g} (linear warm-up)" + "".join(f", {lr:g} after step {s:,}" for s, lr in drops)


def eval_summary(path: str) -> Dict:
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    out = {"tracks": len(r["tracks"]), "gapClosed": r.get("gapClosed")}
    for system, v in r["systems"].items():
        out[system] = {s: {"usdr": x["usdr"], "csdr": x["csdr"]} for s, x in v["summary"].items()}
    return out


def ship(run: str, name: str, which: str = "best", eval_json: Optional[str] = None, root: str = REPO,
         data: str = "/work/data", status: str = "final", started_from: Optional[str] = None,
         threads: str = "1 torch thread") -> Dict:
    state = torch.load(os.path.join(run, which + ".pt"), map_location="cpu")
    cfg = get_config(state["config"])
    weights = os.path.join(root, "models", "training", "checkpoints", name + ".pt")
    atomic_save(state["model"], weights)
    metrics: Dict = {}
    v = validation_at(state["history"], state["step"])
    if v is not None:
        metrics["validation"] = {
            "what": f"uSDR per stem over {name}'s fixed validation chunks (unaugmented, validation split, each chunk "
                    f"{state['frames']} frames, std-normalized on its own), step {v['step']}",
            "usdr": v["valid"], "mixtureUsdr": v["floor"]}
    if eval_json:
        metrics["eval"] = eval_summary(eval_json)
        metrics["eval"]["what"] = ("eval.py on validation excerpts (EVAL.md): per stem uSDR mean and cSDR median over "
                                   "tracks, chunked inference at the manifest's chunk")
    training = {
        "data": describe(data, state["task"]),
        "steps": state["step"],
        "batch": state["batch"],
        "chunkFrames": state["frames"],
        "loss": f"multi-resolution STFT L1 (magnitude + complex, relative to reference + {MIX_FLOOR} x mixture; "
                f"resolutions {list(RESOLUTIONS)}) on the iSTFT output + {SDR_WEIGHT} x (-thresholded SDR of the "
                f"batch)/10 (models/training/losses.py)",
        "networkOutput": ("complex mask on the mixture spectrum"
                          if bool(state["model"].get("complex_mask", torch.tensor(False))) else "stem spectrum"),
        "startedFrom": started_from or "random weights (calibrated output scale)",
        "optimizer": f"AdamW {lr_schedule(state['history'], state['step'])}, weight decay 1e-2, grad-norm clip 5; "
                     f"CPU, {threads}",
        "status": status,
    }
    out = os.path.join(root, "models", name + ".onnx")
    model = export_config(cfg, state["stems"], out, EXPORT_TASK[state["task"]], checkpoint=weights,
                          training=training, metrics=metrics)
    size = os.path.getsize(out)
    if size > MAX_ONNX_BYTES:
        raise RuntimeError(f"{out} is {size:,} bytes; shipped models must stay under {MAX_ONNX_BYTES:,}")
    torch.set_num_threads(2)
    golden_dir = os.path.join(root, "tests", "fixtures", "golden")
    entries = golden(model, name, [16], golden_dir)
    index_path = os.path.join(golden_dir, "index.json")
    with open(index_path, encoding="utf-8") as f:
        index = [e for e in json.load(f) if e["model"] != name]
    write_json(index_path, index + entries)
    return {"onnx": out, "bytes": size, "weights": weights, "step": state["step"], "metrics": metrics}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--which", default="best", choices=["best", "last"])
    p.add_argument("--eval-json")
    p.add_argument("--data", default="/work/data")
    p.add_argument("--root", default=REPO)
    p.add_argument("--status", default="early checkpoint of a CPU run still in progress",
                   help="free text for the manifest: how final these weights are")
    p.add_argument("--started-from", default=None,
                   help="free text for the manifest: the weights the run started from (train.py --init)")
    p.add_argument("--threads", default="1 torch thread",
                   help="free text for the manifest: the torch threads the run trained with")
    a = p.parse_args(argv)
    print(json.dumps(ship(a.run, a.name, a.which, a.eval_json, a.root, a.data, a.status, a.started_from,
                          a.threads), indent=1))


if __name__ == "__main__":
    main()
