"""Clean-speech / noise pairs for the clean (denoising) model: recorded utterances of one speaker joined with short
pauses, and a noise (white, pink, brown or hold music) scaled to a drawn SNR."""

import os
from dataclasses import dataclass
from typing import Dict, List, Tuple

import numpy as np

from . import SAMPLE_RATE
from .audio_tools import decode
from .sources import PACKAGES, Source
from .store import save_npy

SNR_DB_RANGE = (-5.0, 20.0)
CLEAN_LEVEL_DB = (-32.0, -18.0)   # RMS of the clean speech over the clip, dBFS
CLIP_SECONDS = (3.0, 8.0)         # clip length, drawn by the plan
PAUSE_SECONDS = (0.1, 0.6)
PEAK_LIMIT = 0.95
NOISES = ("white", "pink", "brown", "hold_music")
NOISE_WEIGHTS = (0.2, 0.25, 0.15, 0.4)


@dataclass(frozen=True)
class ClipJob:
    id: str
    split: str
    seed: int
    speaker: str
    utterances: Tuple[Source, ...]    # this speaker's sources on this split, to draw from
    hold_music: Tuple[Source, ...]    # this split's hold-music files
    seconds: float = 5.0              # the clip's exact length


def coloured_noise(rng: np.random.Generator, n: int, colour: str) -> np.ndarray:
    """Gaussian noise with power spectrum 1/f^k: white k=0, pink k=1, brown k=2 (shaped in the FFT domain, so
    the spectrum is exact; below 20 Hz the shape is held flat to avoid a huge DC drift)."""
    white = rng.standard_normal(n)
    if colour == "white":
        return white
    k = {"pink": 1.0, "brown": 2.0}[colour]
    spec = np.fft.rfft(white)
    f = np.maximum(np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE), 20.0)
    return np.fft.irfft(spec / f ** (k / 2.0), n)


def _speech(job: ClipJob, rng: np.random.Generator) -> Tuple[np.ndarray, List[str]]:
    """Utterances and pauses until the clip is full; the last one is cut at the clip's end with a 10 ms fade (the
    trainer takes windows anyway, and an exact length keeps --speech-minutes exact)."""
    target = int(round(job.seconds * SAMPLE_RATE))
    parts = [np.zeros(int(rng.uniform(*PAUSE_SECONDS) * SAMPLE_RATE), np.float32)]
    used, total = [], parts[0].size
    while total < target:
        src = job.utterances[int(rng.integers(len(job.utterances)))]
        audio = decode(src.path, channels=1)[0]
        pause = np.zeros(int(rng.uniform(*PAUSE_SECONDS) * SAMPLE_RATE), np.float32)
        parts += [audio, pause]
        used.append(src.name)
        total += audio.size + pause.size
    speech = np.concatenate(parts).astype(np.float64)[:target]
    fade = int(0.01 * SAMPLE_RATE)
    speech[-fade:] *= np.linspace(1.0, 0.0, fade)
    return speech, used


def _noise(job: ClipJob, rng: np.random.Generator, n: int) -> Tuple[np.ndarray, str]:
    kind = str(rng.choice(NOISES, p=NOISE_WEIGHTS))
    if kind != "hold_music" or not job.hold_music:
        kind = "pink" if kind == "hold_music" else kind
        return coloured_noise(rng, n, kind), kind
    src = job.hold_music[int(rng.integers(len(job.hold_music)))]
    music = decode(src.path, channels=1)[0].astype(np.float64)
    start = int(rng.integers(0, max(1, music.size - n)))
    piece = np.resize(music[start:], n) if music.size - start < n else music[start:start + n]
    return piece, f"hold_music:{src.name}"


def snr_db(clean: np.ndarray, noise: np.ndarray) -> float:
    """10 log10 of the clip's clean energy over its noise energy."""
    return float(10.0 * np.log10(np.sum(np.square(clean, dtype=np.float64)) /
                                 np.sum(np.square(noise, dtype=np.float64))))


def scale_to_snr(clean: np.ndarray, noise: np.ndarray, snr: float) -> np.ndarray:
    """`noise` scaled so that snr_db(clean, result) == snr."""
    gain = np.sqrt(np.sum(clean ** 2) / np.sum(noise ** 2) * 10.0 ** (-snr / 10.0))
    return noise * gain


def render_clip(job: ClipJob, out_dir: str) -> Dict:
    """Writes out_dir/speech/<id>.npy (float32 [clean, noise] mono) and returns the clip's index entry."""
    rng = np.random.default_rng(job.seed)
    clean, used = _speech(job, rng)
    noise, noise_kind = _noise(job, rng, clean.size)
    wanted = float(rng.uniform(*SNR_DB_RANGE))
    noise = scale_to_snr(clean, noise, wanted)
    level = 10 ** (rng.uniform(*CLEAN_LEVEL_DB) / 20) / np.sqrt(np.mean(clean ** 2))
    peak = np.abs((clean + noise) * level).max()
    if peak > PEAK_LIMIT:                     # one factor for both keeps the SNR
        level *= PEAK_LIMIT / peak
    pair = np.stack([clean * level, noise * level]).astype(np.float32)
    os.makedirs(os.path.join(out_dir, "speech"), exist_ok=True)
    save_npy(os.path.join(out_dir, "speech", f"{job.id}.npy"), pair)
    packages = sorted({s.split(":", 1)[0] for s in used} |
                      ({"asterisk-moh-opsound-wav"} if noise_kind.startswith("hold_music") else set()))
    return {
        "id": job.id,
        "split": job.split,
        "file": f"speech/{job.id}.npy",
        "speaker": job.speaker,
        "sources": used,
        "noise": noise_kind,
        "licences": {p: PACKAGES[p][0] for p in packages},
        "samples": int(pair.shape[1]),
        "seconds": round(pair.shape[1] / SAMPLE_RATE, 3),
        "snr_db": round(wanted, 4),
        "measured_snr_db": round(snr_db(pair[0], pair[1]), 4),
        "clean_rms_db": round(float(10 * np.log10(np.mean(np.square(pair[0], dtype=np.float64)))), 2),
    }
