"""PyTorch eager time for one stereo chunk: the baseline of the C# ORT/PyTorch ratio (build.ps1 bench).

    /usr/bin/python3 models/training/bench_torch.py [--configs medium,lite] [--frames 64] [--threads 2] [--stems 2]

Prints one JSON object on stdout, {config: seconds_per_chunk}, the median of the timed runs; details go to stderr.
Random weights (seed 0), batch 1, input [1, 4, frames, 1025]. A first run that already took over 30 s is reported
as is (no warm-up, one sample): medium is slow enough that warm-up effects vanish and repeats cost minutes.
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from config import BINS, get_config  # noqa: E402
from locoformer import TFLocoformer  # noqa: E402


def seconds_per_chunk(name: str, frames: int, stems: int, repeats: int) -> list:
    torch.manual_seed(0)
    model = TFLocoformer(get_config(name), stems).eval()
    x = torch.randn(1, 4, frames, BINS) * 10

    def once() -> float:
        start = time.perf_counter()
        with torch.no_grad():
            model(x)
        return time.perf_counter() - start

    first = once()
    if first > 30.0:
        return [first]
    return [once() for _ in range(repeats)]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--configs", default="medium,lite")
    p.add_argument("--frames", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--stems", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    result = {}
    for name in [c.strip() for c in a.configs.split(",") if c.strip()]:
        times = seconds_per_chunk(name, a.frames, a.stems, a.repeats)
        result[name] = statistics.median(times)
        print(f"{name}: {len(times)} run(s) {', '.join(f'{t:.3f}' for t in times)} s; torch {torch.__version__}, "
              f"{torch.get_num_threads()} threads, {a.frames} frames", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
