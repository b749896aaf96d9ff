"""Command line: plan, render in up to N worker processes, and write the indexes.

  /usr/bin/python3 -m models.training.data.generate --out /work/data --seed 0 --max-minutes 90 --kind all
"""

import argparse
import multiprocessing
import os
import sys
import time
from typing import Callable, Dict, List, Sequence

from . import SAMPLE_RATE, STEMS
from .plan import MusicOptions, music_jobs, speech_jobs
from .song_job import render_song
from .speech_pairs import render_clip
from .store import FORMAT, save_json


def _work(args):
    """One job; a failure is reported in the index instead of aborting an hour-long run."""
    fn, job, out = args
    try:
        return fn(job, out)
    except Exception as e:                 # noqa: BLE001 - any renderer error, kept with the job's id
        return {"id": job.id, "split": job.split, "seconds": 0.0, "error": f"{type(e).__name__}: {e}"[:2000]}


def run_jobs(fn: Callable, jobs: Sequence, out: str, processes: int, label: str) -> List[Dict]:
    """Runs `fn(job, out)` for every job (in a pool when processes > 1); results in job order."""
    started, results = time.time(), []
    work = [(fn, j, out) for j in jobs]
    if processes > 1 and len(jobs) > 1:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for k, r in enumerate(pool.imap(_work, work)):
                results.append(r)
                _progress(label, k + 1, len(jobs), started, r)
    else:
        for k, w in enumerate(work):
            results.append(_work(w))
            _progress(label, k + 1, len(jobs), started, results[-1])
    return results


def _progress(label, done, total, started, entry):
    print(f"[{label} {done}/{total} {time.time() - started:7.1f}s] {entry['id']} {entry['seconds']:.1f}s",
          file=sys.stderr, flush=True)


def _split_failures(results: List[Dict]):
    ok = sorted((r for r in results if "error" not in r), key=lambda e: e["id"])
    failed = sorted((r for r in results if "error" in r), key=lambda e: e["id"])
    for f in failed:
        print(f"FAILED {f['id']}: {f['error']}", file=sys.stderr)
    return ok, failed


def generate_music(out: str, seed: int, opts: MusicOptions, processes: int) -> Dict:
    jobs = music_jobs(seed, opts)
    songs, failed = _split_failures(run_jobs(render_song, jobs, out, processes, "music"))
    index = {"format": FORMAT, "kind": "music", "sample_rate": SAMPLE_RATE, "stems": list(STEMS), "seed": seed,
             "options": {"minutes": opts.minutes, "mma_fraction": opts.mma_fraction,
                         "max_song_seconds": opts.max_song_seconds},
             "songs": songs, "failed": failed}
    save_json(os.path.join(out, "music", "index.json"), index)
    return index


def generate_speech(out: str, seed: int, minutes: float, processes: int) -> Dict:
    jobs = speech_jobs(seed, minutes)
    clips, failed = _split_failures(run_jobs(render_clip, jobs, out, processes, "speech"))
    index = {"format": FORMAT, "kind": "speech", "sample_rate": SAMPLE_RATE, "channels": 1,
             "layout": ["clean", "noise"], "seed": seed, "options": {"minutes": minutes}, "clips": clips,
             "failed": failed}
    save_json(os.path.join(out, "speech", "index.json"), index)
    return index


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m models.training.data.generate", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output folder (outside the repository: renders are not committed)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--kind", choices=("music", "speech", "all"), default="all")
    p.add_argument("--max-minutes", type=float, default=60.0, help="minutes of music (default 60)")
    p.add_argument("--speech-minutes", type=float, default=20.0, help="minutes of speech pairs (default 20)")
    p.add_argument("--mma-fraction", type=float, default=0.4, help="share of the music made by mma charts")
    p.add_argument("--max-song-seconds", type=float, default=150.0, help="songs are cut to this length")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    a = p.parse_args(argv)
    if not 0.0 <= a.mma_fraction <= 1.0:
        p.error(f"--mma-fraction {a.mma_fraction} is outside [0, 1]")
    if a.max_song_seconds < 5.0:
        p.error(f"--max-song-seconds {a.max_song_seconds} is below the 5 s minimum")
    os.makedirs(a.out, exist_ok=True)
    started = time.time()
    if a.kind in ("music", "all"):
        generate_music(a.out, a.seed, MusicOptions(a.max_minutes, a.mma_fraction, a.max_song_seconds), a.jobs)
    if a.kind in ("speech", "all"):
        generate_speech(a.out, a.seed, a.speech_minutes, a.jobs)
    print(f"done in {time.time() - started:.1f}s -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
