"""What to generate, decided up front from the seed alone: the list of song and clip jobs, each with its split and its
own seed, so that running them in any order or in parallel gives the same files."""

import re
from dataclasses import dataclass
from typing import Dict, List, Tuple

import numpy as np

from .midi_song import parse_midi
from .mma_chart import groove_files
from .song_job import SongJob
from .sources import hold_music, midi_sources, speech_sources
from .speech_pairs import CLIP_SECONDS, ClipJob
from .split import partition, split_of, stable_int

MIN_SONG_SECONDS = 20.0       # shorter MIDI files (jingles, stingers) are skipped
MMA_MIN_SECONDS = 45.0


@dataclass(frozen=True)
class MusicOptions:
    minutes: float = 60.0
    mma_fraction: float = 0.4           # share of the minutes made by mma charts; the rest from MIDI files
    max_song_seconds: float = 150.0     # longer MIDI files are cut; mma songs are drawn up to this length


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def music_jobs(seed: int, opts: MusicOptions) -> List[SongJob]:
    """MIDI files in a seeded order until their (cut) lengths fill (1 - mma_fraction) of the minutes, then mma
    charts on seeded groove files for the rest."""
    rng = np.random.default_rng([seed, 1])
    jobs: List[SongJob] = []
    budget = opts.minutes * 60.0 * (1.0 - opts.mma_fraction)
    sources = midi_sources()
    for k in rng.permutation(len(sources)) if budget > 0 else []:
        if budget <= 0:
            break
        src = sources[int(k)]
        try:
            length = parse_midi(src.read()).duration
        except (ValueError, EOFError, OSError, KeyError, IndexError):
            continue                      # a MIDI file mido cannot read is skipped, not fatal
        if length < MIN_SONG_SECONDS:
            continue
        song_id = _slug(src.name.replace(":", "-"))
        jobs.append(SongJob(song_id, split_of(src.name), stable_int(seed, song_id), opts.max_song_seconds,
                            source=src))
        budget -= min(length, opts.max_song_seconds)
    budget = opts.minutes * 60.0 * opts.mma_fraction
    grooves = groove_files()
    i = 0
    while budget > 0:
        g = grooves[int(rng.integers(len(grooves)))]
        seconds = float(rng.uniform(min(MMA_MIN_SECONDS, opts.max_song_seconds), opts.max_song_seconds))
        song_id = f"mma-{i:04d}-{_slug(g.name)}"
        jobs.append(SongJob(song_id, split_of(g.source_name), stable_int(seed, song_id), seconds, groove=g))
        budget -= seconds
        i += 1
    return jobs


def _pools(sources) -> Dict[Tuple[str, str], tuple]:
    """Speech files grouped by (split, speaker)."""
    pools: Dict[Tuple[str, str], list] = {}
    for s in sources:
        pools.setdefault((split_of(s.name), s.speaker), []).append(s)
    return {k: tuple(v) for k, v in pools.items()}


def speech_jobs(seed: int, minutes: float, valid_share: float = 0.1) -> List[ClipJob]:
    """Clips of one speaker each, from that speaker's files on the clip's split; the Allison prompts make half the
    clips and the klettres languages (several speakers) the other half."""
    rng = np.random.default_rng([seed, 2])
    pools = _pools(speech_sources())
    moh_names = {s.name: s for s in hold_music()}
    moh_train, moh_valid = partition(moh_names)
    moh = {"train": tuple(moh_names[n] for n in moh_train), "valid": tuple(moh_names[n] for n in moh_valid)}
    jobs: List[ClipJob] = []
    budget = minutes * 60.0
    i = 0
    while budget > 0:
        split = "valid" if rng.random() < valid_share else "train"
        speakers = sorted(sp for (sl, sp) in pools if sl == split)
        klettres = [sp for sp in speakers if sp != "allison"]
        speaker = "allison" if (rng.random() < 0.5 or not klettres) and "allison" in speakers else \
            klettres[int(rng.integers(len(klettres)))]
        clip_id = f"clip-{i:05d}-{speaker}"
        seconds = round(float(rng.uniform(*CLIP_SECONDS)), 3)
        jobs.append(ClipJob(clip_id, split, stable_int(seed, clip_id), speaker, pools[(split, speaker)],
                            moh[split], seconds))
        budget -= seconds
        i += 1
    return jobs
