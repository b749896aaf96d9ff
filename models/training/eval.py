"""Evaluate separation on a folder of WAV files (layout: EVAL.md): the model, the mixture floor and the IRM ceiling.

    # 1. write an evaluation set (validation songs or clips, excerpts) in the EVAL.md layout
    /usr/bin/python3 models/training/eval.py prepare --task 2stem --data /work/data --out /work/eval/2stem [--seconds 20]
    # 2. write the estimates of a PyTorch checkpoint (`locoformer eval <set> --separate` writes those of an ONNX model)
    /usr/bin/python3 models/training/eval.py separate --dir /work/eval/2stem --checkpoint ckpt.pt [--config lite]
    # 3. score: JSON + markdown table
    /usr/bin/python3 models/training/eval.py score --dir /work/eval/2stem [--json out.json] [--markdown out.md]

Metrics (reference/locoformer.md section 10, metrics.py): per track and stem uSDR, framewise SDR (museval v4, 1-s
windows; the track's cSDR is their median) and SI-SDR, for three systems: `estimate` (the files under
<track>/estimate/, when present), `mixture` (the mix as every stem's estimate: the floor) and `irm` (the oracle
magnitude-ratio mask from the reference sources, applied to the mix STFT: the ceiling). Per stem over tracks: uSDR
and SI-SDR mean, cSDR median of track medians. `gapClosed` = (estimate - mixture) / (irm - mixture) on mean uSDR.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")      # see train.py: OpenBLAS's pool fights torch's threads

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
from typing import Dict, List, Optional  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from augment import music_targets, task_stems  # noqa: E402
from config import HOP, SAMPLE_RATE, LocoformerConfig, get_config  # noqa: E402
from data.store import entries, load_index  # noqa: E402
from losses import separate_chunk  # noqa: E402
from metrics import irm_estimates, median, stem_scores, usdr  # noqa: E402
from wavio import read_wav, write_wav  # noqa: E402

FORMAT = 1
SILENT_RELATIVE = 1e-6       # a reference with energy <= this share of the mix's is "silent" and not scored
SYSTEMS = ("estimate", "mixture", "irm")


# ---- the layout -----------------------------------------------------------------------------------------------

def write_set(out: str, stems: List[str], sources: List[str], tracks: Dict[str, Dict[str, np.ndarray]]) -> None:
    """tracks: name -> {"mix": [ch, N], source name: [ch, N], ...}; writes set.json, mix.wav, reference/*.wav."""
    os.makedirs(out, exist_ok=True)
    for name, arrays in tracks.items():
        write_wav(os.path.join(out, name, "mix.wav"), arrays["mix"])
        for s in sources:
            write_wav(os.path.join(out, name, "reference", s + ".wav"), arrays[s])
    meta = {"format": FORMAT, "sampleRate": SAMPLE_RATE, "stems": stems, "sources": sources, "tracks": list(tracks)}
    with open(os.path.join(out, "set.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def read_set(folder: str) -> Dict:
    path = os.path.join(folder, "set.json")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} does not exist: not an evaluation set (see models/training/EVAL.md)")
    with open(path, encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path} has format {meta.get('format')}; supported: {FORMAT}")
    return meta


def _read(path: str, rate: int) -> np.ndarray:
    x, r = read_wav(path)
    if r != rate:
        raise ValueError(f"{path} is {r} Hz; the set is {rate} Hz")
    return x


# ---- preparing a set from the generated material --------------------------------------------------------------

def _busiest_window(stems: np.ndarray, n: int, step: int = SAMPLE_RATE) -> int:
    """Start (a multiple of `step`) of the n-sample window whose quietest stem is loudest (energy in dB)."""
    blocks = stems.shape[-1] // step
    energy = np.stack([np.sum(np.asarray(stems[:, :, b * step:(b + 1) * step], np.float64) ** 2, axis=(1, 2))
                       for b in range(blocks)], axis=1) if blocks else np.zeros((stems.shape[0], 0))
    span = max(1, n // step)
    best, start = -np.inf, 0
    for b in range(max(1, blocks - span + 1)):
        score = np.min(10 * np.log10(energy[:, b:b + span].sum(axis=1) + 1e-20)) if blocks else 0.0
        if score > best:
            best, start = score, b * step
    return start


def prepare(data: str, task: str, out: str, seconds: float = 20.0, tracks: Optional[int] = None) -> List[str]:
    """An evaluation set from the validation split. Music: of each song, the `seconds`-long window (on a 1-s grid)
    whose quietest target stem is loudest; songs where a target stem is still silent there (energy at most
    SILENT_RELATIVE of the mix's) are skipped, since a silent reference makes uSDR meaningless (and the mixture then
    equals the other stems exactly). Speech: whole clips, the mono signals on both channels. At most `tracks` tracks.
    Returns the skipped songs."""
    stems = ["speech"] if task == "clean" else task_stems(task)      # the cleaning target is scored, not its noise
    result: Dict[str, Dict[str, np.ndarray]] = {}
    skipped: List[str] = []
    if task == "clean":
        sources = ["speech", "noise"]
        for e in entries(load_index(data, "speech"), "valid")[:tracks]:
            a = np.load(os.path.join(data, e["file"]))
            speech, noise = np.repeat(a[0:1], 2, 0), np.repeat(a[1:2], 2, 0)
            result[e["id"]] = {"mix": speech + noise, "speech": speech, "noise": noise}
    else:
        sources = stems
        for e in entries(load_index(data, "music"), "valid"):
            if tracks is not None and len(result) >= tracks:
                break
            a = np.load(os.path.join(data, e["stems_file"]), mmap_mode="r")
            n = min(a.shape[-1], int(seconds * SAMPLE_RATE))
            whole = music_targets(np.asarray(a, np.float32), task)
            start = _busiest_window(whole, n)
            targets = whole[:, :, start:start + n]
            mix = targets.sum(axis=0, dtype=np.float32)
            mix_energy = float(np.sum(mix.astype(np.float64) ** 2))
            if any(float(np.sum(t.astype(np.float64) ** 2)) <= SILENT_RELATIVE * mix_energy for t in targets):
                skipped.append(e["id"])
                continue
            result[e["id"]] = {"mix": mix, **dict(zip(stems, targets))}
    write_set(out, stems, sources, result)
    return skipped


# ---- running a torch model --------------------------------------------------------------------------------------

def separate_track(model: torch.nn.Module, mix: np.ndarray, cfg: LocoformerConfig, batch: int = 4) -> np.ndarray:
    """Chunked offline separation, [ch, N] -> [S, ch, N]: chunks of cfg.chunk.total frames ((total - 1) * hop
    samples), each std-normalized on its own; the `frames * hop` samples after the left context are kept and tiled
    (hard cuts; the C# engine cross-fades instead)."""
    keep, left = cfg.chunk.frames * HOP, cfg.chunk.left * HOP
    width = (cfg.chunk.total - 1) * HOP
    n = mix.shape[-1]
    count = max(1, math.ceil(n / keep))
    padded = np.zeros((mix.shape[0], left + count * keep + width), np.float32)
    padded[:, left:left + n] = mix
    chunks = np.stack([padded[:, c * keep:c * keep + width] for c in range(count)])
    model.eval()
    outs = []
    with torch.no_grad():
        for a in range(0, count, batch):
            outs.append(separate_chunk(model, torch.from_numpy(chunks[a:a + batch])).numpy())
    est = np.concatenate(outs)[:, :, :, left:left + keep]                # [count, S, ch, keep]
    return est.transpose(1, 2, 0, 3).reshape(est.shape[1], est.shape[2], count * keep)[:, :, :n]


def separate_set(folder: str, model: torch.nn.Module, cfg: LocoformerConfig) -> None:
    meta = read_set(folder)
    for track in meta["tracks"]:
        mix = _read(os.path.join(folder, track, "mix.wav"), meta["sampleRate"]).astype(np.float32)
        est = separate_track(model, mix, cfg)
        for k, s in enumerate(meta["stems"]):
            write_wav(os.path.join(folder, track, "estimate", s + ".wav"), est[k])


# ---- scoring ------------------------------------------------------------------------------------------------------

def _finite(x: float) -> Optional[float]:
    return float(x) if x is not None and math.isfinite(x) else None


def score_set(folder: str) -> Dict:
    """Scores every system on every track (module docstring); JSON-ready (non-finite values are null)."""
    meta = read_set(folder)
    stems, sources, rate = meta["stems"], meta["sources"], meta["sampleRate"]
    per: Dict[str, Dict[str, Dict[str, Dict]]] = {s: {} for s in SYSTEMS}
    have_estimate = True
    for track in meta["tracks"]:
        base = os.path.join(folder, track)
        mix = _read(os.path.join(base, "mix.wav"), rate)
        refs = np.stack([_read(os.path.join(base, "reference", s + ".wav"), rate) for s in sources])
        irm = irm_estimates(refs, mix)
        est_dir = os.path.join(base, "estimate")
        have_estimate &= all(os.path.exists(os.path.join(est_dir, s + ".wav")) for s in stems)
        mix_energy = float(np.sum(mix ** 2))
        for system in SYSTEMS:
            per[system][track] = {}
        for s in stems:
            ref = refs[sources.index(s)]
            if float(np.sum(ref ** 2)) <= SILENT_RELATIVE * mix_energy:
                for system in SYSTEMS:
                    per[system][track][s] = None
                continue
            per["mixture"][track][s] = stem_scores(ref, mix)
            per["irm"][track][s] = stem_scores(ref, irm[sources.index(s)])
            if have_estimate:
                per["estimate"][track][s] = stem_scores(ref, _read(os.path.join(est_dir, s + ".wav"), rate))
    if not have_estimate:
        del per["estimate"]
    result = {"format": FORMAT, "stems": stems, "sources": sources, "tracks": meta["tracks"], "systems": {}}
    for system, tracks in per.items():
        summary = {}
        for s in stems:
            rows = [tracks[t][s] for t in meta["tracks"] if tracks[t][s] is not None]
            summary[s] = {
                "usdr": _finite(float(np.mean([r["usdr"] for r in rows]))) if rows else None,
                "csdr": _finite(median([r["csdr"] for r in rows])) if rows else None,
                "sisdr": _finite(float(np.nanmean([r["sisdr"] for r in rows]))) if rows else None,
                "tracks": len(rows),
            }
        result["systems"][system] = {
            "summary": summary,
            "tracks": {t: {s: None if v is None else {k: _finite(x) for k, x in v.items()} for s, v in d.items()}
                       for t, d in tracks.items()},
        }
    if have_estimate:
        gap = {}
        for s in stems:
            e, lo, hi = (result["systems"][x]["summary"][s]["usdr"] for x in ("estimate", "mixture", "irm"))
            gap[s] = None if None in (e, lo, hi) or hi == lo else (e - lo) / (hi - lo)
        result["gapClosed"] = gap
    return result


def equal_split(folder: str) -> Dict[str, Optional[float]]:
    """uSDR per stem, mean over the tracks `score_set` scores, of every source estimated as mix / (number of sources):
    a baseline that separates nothing, beside which "gap closed" must be read (models/README.md)."""
    meta = read_set(folder)
    stems, sources, rate = meta["stems"], meta["sources"], meta["sampleRate"]
    scores: Dict[str, List[float]] = {s: [] for s in stems}
    for track in meta["tracks"]:
        base = os.path.join(folder, track)
        mix = _read(os.path.join(base, "mix.wav"), rate)
        for s in stems:
            ref = _read(os.path.join(base, "reference", s + ".wav"), rate)
            if float(np.sum(ref ** 2)) > SILENT_RELATIVE * float(np.sum(mix ** 2)):
                scores[s].append(usdr(ref, mix / len(sources)))
    return {s: _finite(float(np.mean(v))) if v else None for s, v in scores.items()}


def markdown(result: Dict, title: str = "model") -> str:
    """A table for models/README.md: one row per stem."""
    has = "estimate" in result["systems"]
    lines = [f"| stem | {title} uSDR | {title} cSDR | mixture uSDR (floor) | IRM uSDR (ceiling) | gap closed |",
             "|---|---|---|---|---|---|"]

    def f(x):
        return "–" if x is None else f"{x:.2f}"

    for s in result["stems"]:
        est = result["systems"]["estimate"]["summary"][s] if has else {"usdr": None, "csdr": None}
        gap = result.get("gapClosed", {}).get(s)
        lines.append(f"| {s} | {f(est['usdr'])} | {f(est['csdr'])} | {f(result['systems']['mixture']['summary'][s]['usdr'])}"
                     f" | {f(result['systems']['irm']['summary'][s]['usdr'])} | "
                     f"{'–' if gap is None else f'{100 * gap:.0f} %'} |")
    return "\n".join(lines) + "\n"


def load_model(checkpoint: str, config: str) -> torch.nn.Module:
    """A checkpoint's network (full or weights-only), with as many stems as its output head has. That can be more than
    the set scores: a cleaning model outputs speech and noise for a set that scores speech, its first stem."""
    from locoformer import TFLocoformer
    state = torch.load(checkpoint, map_location="cpu")
    weights = state["model"] if "model" in state else state
    cfg = get_config(config)
    if cfg.bands is None:
        stems = weights["output.weight"].shape[0] // cfg.in_channels
    else:
        stems = weights["output.stem.weight"].shape[0] // cfg.merge_hidden
    model = TFLocoformer(cfg, stems)
    model.load_state_dict(weights)
    return model.eval()


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a1 = sub.add_parser("prepare")
    a1.add_argument("--task", required=True, choices=["2stem", "5stem", "clean"])
    a1.add_argument("--data", default="/work/data")
    a1.add_argument("--out", required=True)
    a1.add_argument("--seconds", type=float, default=20.0)
    a1.add_argument("--tracks", type=int, default=None)
    a2 = sub.add_parser("separate")
    a2.add_argument("--dir", required=True)
    a2.add_argument("--checkpoint", required=True)
    a2.add_argument("--config", default="lite")
    a2.add_argument("--threads", type=int, default=1)
    a3 = sub.add_parser("score")
    a3.add_argument("--dir", required=True)
    a3.add_argument("--json")
    a3.add_argument("--markdown")
    a3.add_argument("--title", default="model")
    a4 = sub.add_parser("split", help="uSDR of the equal split (every stem = mix / sources), the no-separation baseline")
    a4.add_argument("--dir", required=True)
    a = p.parse_args(argv)
    if a.cmd == "prepare":
        skipped = prepare(a.data, a.task, a.out, a.seconds, a.tracks)
        print(f"wrote {a.out}" + (f"; skipped (a target stem is silent): {', '.join(skipped)}" if skipped else ""))
    elif a.cmd == "separate":
        torch.set_num_threads(a.threads)
        separate_set(a.dir, load_model(a.checkpoint, a.config), get_config(a.config))
    elif a.cmd == "split":
        print(json.dumps(equal_split(a.dir)))
    else:
        result = score_set(a.dir)
        text = json.dumps(result, indent=1)
        if a.json:
            with open(a.json, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        table = markdown(result, a.title)
        if a.markdown:
            with open(a.markdown, "w", encoding="utf-8") as f:
                f.write(table)
        print(table)


if __name__ == "__main__":
    main()
