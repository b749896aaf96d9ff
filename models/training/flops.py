"""Analytic parameter and FLOP counts of TFLocoformer, without building the network.

Convention: FLOPs = 2 x multiply-accumulates of every matrix product and convolution (projections, the attention's
q.k^T and weights.v, the depthwise convolution, band split/merge). Elementwise work (norms, softmax, RoPE, SiLU,
bias adds) is not counted; it is memory-bound and small next to the products. "Per second of audio" means per second
of stereo 44.1 kHz audio passed through the network: 44100/512 = 86.13 STFT frames, all channels in one pass (the
stereo channels are input features, not a batch). Time attention costs grow with the sequence the network sees, so
they are counted at the config's recommended chunk length (left + frames + right); the chunking overhead itself
(each output frame is computed (left+frames+right)/frames times) is not included.

Run `python3 flops.py` for a table.
"""

import json
import sys
from typing import Dict, Optional

from config import BINS, HOP, SAMPLE_RATE, CONFIGS, LocoformerConfig, get_config

FRAMES_PER_SECOND = SAMPLE_RATE / HOP


def block_params(cfg: LocoformerConfig) -> int:
    c, h, k = cfg.width, cfg.ffn_expansion * cfg.width, cfg.kernel
    attention = 2 * (3 * c * c + c * c)                  # time + frequency: qkv and out, no biases
    ffn = (c * 2 * h + 2 * h) + (2 * h * k + 2 * h) + (h * c + c)
    norms = 3 * c
    return attention + ffn + norms


def io_params(cfg: LocoformerConfig, stems: int) -> Dict[str, int]:
    c, ch = cfg.width, cfg.in_channels
    if cfg.bands is None:
        return {"input": ch * c + c, "output": c * stems * ch + stems * ch}
    k, hid = len(cfg.bands), cfg.merge_hidden
    split = ch * BINS + ch * BINS * c + 2 * k * c        # RMSNorm gammas, weights, level weights, biases
    merge = (c * stems * hid + stems * hid) + (hid * 2 * ch * BINS + 2 * ch * BINS)
    return {"input": split, "output": merge}


def parameters(cfg: LocoformerConfig, stems: int) -> int:
    io = io_params(cfg, stems)
    return cfg.blocks * block_params(cfg) + io["input"] + io["output"]


def macs_per_frame(cfg: LocoformerConfig, stems: int, sequence: Optional[int] = None) -> Dict[str, float]:
    """Multiply-accumulates per STFT frame, by part; `sequence` = frames the time attention sees."""
    t = cfg.chunk.total if sequence is None else sequence
    c, h, k, r, ch = cfg.width, cfg.ffn_expansion * cfg.width, cfg.kernel, cfg.rows, cfg.in_channels
    parts = {
        "attention projections": cfg.blocks * r * 2 * 4 * c * c,
        "time attention (qk, av)": cfg.blocks * r * 2 * t * c,
        "frequency attention (qk, av)": cfg.blocks * r * 2 * r * c,
        "ConvSwiGLU": cfg.blocks * r * (c * 2 * h + 2 * h * k + h * c),
    }
    if cfg.bands is None:
        parts["input/output"] = BINS * ch * c + BINS * c * stems * ch
    else:
        parts["input/output"] = ch * BINS * c + len(cfg.bands) * c * stems * cfg.merge_hidden \
            + stems * cfg.merge_hidden * 2 * ch * BINS
    return parts


def flops_per_second(cfg: LocoformerConfig, stems: int, sequence: Optional[int] = None) -> float:
    return 2.0 * sum(macs_per_frame(cfg, stems, sequence).values()) * FRAMES_PER_SECOND


def summary(cfg: LocoformerConfig, stems: int) -> dict:
    return {
        "config": cfg.name,
        "stems": stems,
        "parameters": parameters(cfg, stems),
        "flopsPerSecond": flops_per_second(cfg, stems),
        "sequence": cfg.chunk.total,
        "breakdownFlopsPerSecond": {k: 2.0 * v * FRAMES_PER_SECOND for k, v in macs_per_frame(cfg, stems).items()},
    }


def main(argv) -> None:
    as_json = "--json" in argv
    names = [a for a in argv[1:] if a != "--json"] or list(CONFIGS)
    if as_json:
        print(json.dumps([summary(get_config(n), s) for n in names for s in (2, 5)], indent=1))
        return
    for name in names:
        cfg = get_config(name)
        for stems in (2, 5):
            s = summary(cfg, stems)
            print(f"{name:11s} stems {stems}: {s['parameters'] / 1e6:8.3f} M params, "
                  f"{s['flopsPerSecond'] / 1e9:9.2f} GFLOP per second of audio (T = {s['sequence']})")


if __name__ == "__main__":
    main(sys.argv)
