"""Training examples: random chunks of the generated material (data/README.md) with augmentation, per task.

Tasks (the stems a model outputs, in order):
  2stem  vocals, instrumental (= drums + bass + instruments + fx)
  5stem  vocals, drums, bass, instruments, fx
  clean  speech, noise (clean speech from noisy speech; the model is mixture-consistent, so with two outputs its
         speech estimate starts as a share of the noisy input and learns what to take away; a lone speech output
         trained for 858 steps scored 3 dB SI-SDR below its input on the evaluation clips)

Music augmentation, per stem: with probability `remix` the stem comes from another random song and position (songs
weighted by length), a gain uniform in +-GAIN_DB, a left/right swap with probability 1/2. The mixture is the sum of
the augmented stems, so it stays an exact sum. Speech: the clip's speech on both channels with a random balance;
noise from the same clip or (probability `remix`) another clip of the same split, a gain uniform in +-GAIN_DB
(shifting the SNR), its right channel from a different offset with probability 1/2 (decorrelated stereo noise).

Validation examples use the same readers without augmentation (real mixtures at random positions, fixed seed).
"""

import os
from typing import Dict, List, Optional, Tuple

import numpy as np

from config import CLEAN_STEMS, FIVE_STEMS, TWO_STEMS
from data.store import entries, load_index

TASKS: Dict[str, List[str]] = {"2stem": TWO_STEMS, "5stem": FIVE_STEMS, "clean": CLEAN_STEMS}
GAIN_DB = 6.0
SILENT_RMS = 1e-4


def task_stems(task: str) -> List[str]:
    try:
        return TASKS[task]
    except KeyError:
        raise ValueError(f"unknown task '{task}'; supported: {', '.join(TASKS)}") from None


def music_targets(stems5: np.ndarray, task: str) -> np.ndarray:
    """[5, 2, L] (vocals, drums, bass, instruments, fx) -> the task's targets [S, 2, L]."""
    if task == "5stem":
        return stems5
    if task == "2stem":
        return np.stack((stems5[0], stems5[1:].sum(axis=0, dtype=np.float32)))
    raise ValueError(f"task '{task}' is not a music task")


class _Arrays:
    """Memory-mapped arrays of one index, opened once."""

    def __init__(self, root: str, kind: str, split: str):
        self.root = root
        self.items = entries(load_index(root, kind), split)
        if not self.items:
            raise ValueError(f"no {kind} entries with split '{split}' under {root}")
        self.key = "stems_file" if kind == "music" else "file"
        w = np.array([e["samples"] for e in self.items], dtype=np.float64)
        self.p = w / w.sum()
        self._open: Dict[int, np.ndarray] = {}

    def array(self, i: int) -> np.ndarray:
        if i not in self._open:
            self._open[i] = np.load(os.path.join(self.root, self.items[i][self.key]), mmap_mode="r")
        return self._open[i]

    def pick(self, rng: np.random.Generator, length: int) -> Tuple[int, int]:
        i = int(rng.choice(len(self.items), p=self.p))
        start = int(rng.integers(0, max(1, self.items[i]["samples"] - length + 1)))
        return i, start

    def window(self, i: int, start: int, length: int, index=slice(None)) -> np.ndarray:
        a = self.array(i)[index]
        part = np.array(a[..., start:start + length], dtype=np.float32)
        if part.shape[-1] < length:
            pad = [(0, 0)] * (part.ndim - 1) + [(0, length - part.shape[-1])]
            part = np.pad(part, pad)
        return part


class ExampleSampler:
    """Draws (mix [2, L], targets [S, 2, L]) float32 pairs of a task from the material under `root`."""

    def __init__(self, root: str, task: str, split: str, length: int, remix: float = 0.5, augment: bool = True):
        self.task, self.length, self.remix, self.augment = task, length, remix, augment
        self.stems = task_stems(task)
        self.arrays = _Arrays(root, "speech" if task == "clean" else "music", split)

    def _gain(self, rng: np.random.Generator) -> float:
        return float(10.0 ** (rng.uniform(-GAIN_DB, GAIN_DB) / 20.0)) if self.augment else 1.0

    def _music(self, rng: np.random.Generator, length: int) -> np.ndarray:
        i, start = self.arrays.pick(rng, length)
        stems = self.arrays.window(i, start, length)                      # [5, 2, L]
        if self.augment:
            for k in range(stems.shape[0]):
                if rng.random() < self.remix:
                    j, s = self.arrays.pick(rng, length)
                    stems[k] = self.arrays.window(j, s, length, k)
                stems[k] *= self._gain(rng)
                if rng.random() < 0.5:
                    stems[k] = stems[k, ::-1].copy()
        return music_targets(stems, self.task)

    def _speech(self, rng: np.random.Generator, length: int) -> np.ndarray:
        i, start = self.arrays.pick(rng, length)
        clean = self.arrays.window(i, start, length, 0)
        ni, nstart = i, start
        if self.augment and rng.random() < self.remix:
            ni, nstart = self.arrays.pick(rng, length)
        noise_left = noise_right = self.arrays.window(ni, nstart, length, 1)
        if self.augment and rng.random() < 0.5:
            n = self.arrays.items[ni]["samples"]
            other = int(rng.integers(0, max(1, n - length + 1)))
            noise_right = self.arrays.window(ni, other, length, 1)
        balance = rng.uniform(-0.3, 0.3) if self.augment else 0.0
        speech = np.stack((clean * (1 - balance), clean * (1 + balance)))
        noise = np.stack((noise_left, noise_right)) * self._gain(rng)
        return np.stack((speech, noise)).astype(np.float32)              # [2, 2, L]: speech, noise

    def draw(self, rng: np.random.Generator, attempts: int = 20,
             length: Optional[int] = None) -> Tuple[np.ndarray, np.ndarray]:
        """One example (mix, targets) of `length` samples (default: the sampler's); near-silent mixtures are redrawn
        (their std normalization is meaningless, and an all-silent example made the relative loss 0/0). The check
        runs at the length that is trained on: session 5's run drew 80 frames and cut them to 20 afterwards, so a
        chunk that was silent in its first 0.22 s slipped through and turned every weight into NaN at step 399."""
        length = length or self.length
        for _ in range(attempts):
            parts = self._speech(rng, length) if self.task == "clean" else self._music(rng, length)
            mix = parts.sum(axis=0, dtype=np.float32)
            if np.sqrt(np.mean(mix.astype(np.float64) ** 2)) > SILENT_RMS:
                return mix, np.ascontiguousarray(parts)
        raise RuntimeError(f"{attempts} consecutive near-silent {self.task} chunks: is the material empty?")

    def batch(self, rng: np.random.Generator, size: int,
              length: Optional[int] = None) -> Tuple[np.ndarray, np.ndarray]:
        pairs = [self.draw(rng, length=length) for _ in range(size)]
        return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def fixed_set(root: str, task: str, length: int, count: int, seed: int = 20240917,
              split: str = "valid") -> Tuple[np.ndarray, np.ndarray]:
    """A deterministic validation set: `count` unaugmented chunks of the split (same seed -> same chunks)."""
    sampler = ExampleSampler(root, task, split, length, augment=False)
    return sampler.batch(np.random.default_rng(seed), count)


def chunk_samples(frames: int, hop: int = 512) -> int:
    """Samples of a chunk that gives exactly `frames` STFT frames with centre padding: (frames - 1) * hop."""
    return (frames - 1) * hop


def describe(root: str, task: str) -> Optional[str]:
    """A one-line description of the material for manifests."""
    kind = "speech" if task == "clean" else "music"
    items = entries(load_index(root, kind))
    minutes = sum(e["seconds"] for e in items if e["split"] == "train") / 60.0
    what = "clean/noise speech pairs" if kind == "speech" else "five-stem songs"
    return (f"{len([e for e in items if e['split'] == 'train'])} synthetic {what} ({minutes:.0f} min, "
            f"models/training/data generator, seed 0), augmented (remix, gain, channel swap)")
