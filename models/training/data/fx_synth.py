"""Synthesized transition effects for the fx stem (risers, downlifters, impacts), placed on the song's section
boundaries, because General MIDI's effect programs rarely appear in the MIDI sources."""

from typing import Dict, List

import numpy as np

from . import SAMPLE_RATE
from .midi_song import Song

FRAME, HOP = 2048, 512
KINDS = ("noise_riser", "sine_riser", "downlifter", "impact")


def shaped_noise(rng: np.random.Generator, n: int, centre_hz: np.ndarray, octaves: float) -> np.ndarray:
    """Noise of length `n` whose spectrum, frame by frame, is a Gaussian band (in log frequency) around
    centre_hz[frame]; synthesized as random-phase spectra overlap-added with a Hann window."""
    frames = int(np.ceil(n / HOP)) + 1
    freqs = np.fft.rfftfreq(FRAME, 1.0 / SAMPLE_RATE)
    logf = np.log2(np.maximum(freqs, 1.0))
    centre = np.interp(np.arange(frames), np.linspace(0, frames - 1, len(centre_hz)), centre_hz)
    band = np.exp(-0.5 * ((logf[None, :] - np.log2(centre)[:, None]) / octaves) ** 2)
    spec = (rng.standard_normal(band.shape) + 1j * rng.standard_normal(band.shape)) * band
    blocks = np.fft.irfft(spec, FRAME, axis=1) * np.hanning(FRAME)[None, :]
    out = np.zeros((frames - 1) * HOP + FRAME)
    for k in range(frames):
        out[k * HOP:k * HOP + FRAME] += blocks[k]
    return out[FRAME // 2:FRAME // 2 + n]


def _normalize(x: np.ndarray) -> np.ndarray:
    rms = np.sqrt(np.mean(x ** 2))
    return x / rms if rms > 0 else x


def noise_riser(rng, n, up=True) -> np.ndarray:
    f0, f1 = rng.uniform(150, 500), rng.uniform(4000, 12000)
    sweep = np.geomspace(f0, f1, 64) if up else np.geomspace(f1, f0, 64)
    ramp = np.linspace(0.0, 1.0, n) if up else np.linspace(1.0, 0.0, n)
    left = shaped_noise(rng, n, sweep, rng.uniform(0.4, 1.0))
    right = shaped_noise(rng, n, sweep, rng.uniform(0.4, 1.0))
    return np.stack([left, right]) * ramp ** rng.uniform(1.5, 3.0)


def sine_riser(rng, n) -> np.ndarray:
    f0 = rng.uniform(80, 300)
    f1 = f0 * 2 ** rng.uniform(2.0, 4.0)
    t = np.arange(n) / n
    freq = f0 * (f1 / f0) ** t
    phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
    tone = sum(np.sin(h * phase) / h ** rng.uniform(1.0, 2.0) for h in (1, 2, 3))
    wobble = 1.0 + 0.3 * np.sin(2 * np.pi * rng.uniform(4, 12) * t * n / SAMPLE_RATE)
    mono = tone * t ** 2 * wobble
    return np.stack([mono, mono])


def impact(rng, n) -> np.ndarray:
    t = np.arange(n) / SAMPLE_RATE
    decay = rng.uniform(0.25, 1.2)
    f_start, f_end = rng.uniform(90, 160), rng.uniform(35, 60)
    freq = f_end + (f_start - f_end) * np.exp(-t / 0.08)
    thump = np.sin(2 * np.pi * np.cumsum(freq) / SAMPLE_RATE) * np.exp(-t / decay)
    cutoff = np.geomspace(rng.uniform(3000, 9000), 200, 64)
    env = np.exp(-t / (decay * rng.uniform(0.3, 0.8)))
    noise = np.stack([shaped_noise(rng, n, cutoff, 1.5), shaped_noise(rng, n, cutoff, 1.5)]) * env
    attack = np.minimum(1.0, t / 0.002)          # 2 ms attack, no click
    mix = _normalize(thump)[None, :] + rng.uniform(0.3, 1.0) * _normalize(noise)
    return mix * attack


def section_starts(song: Song, every_bars: int = 4) -> List[float]:
    """Seconds of every `every_bars`-th bar line after the first section, up to 2 s before the song's end."""
    end = song.duration - 2.0
    out, bar = [], every_bars
    while True:
        s = song.seconds(bar * song.bar_ticks)
        if s >= end:
            return out
        out.append(s)
        bar += every_bars


def place_events(song: Song, rng: np.random.Generator) -> List[Dict]:
    """Chooses effects and times: about one per 25 s, each riser ending and each impact starting on a section line."""
    lines = section_starts(song)
    if not lines:
        return []
    count = int(min(len(lines), max(1, rng.poisson(song.duration / 25.0))))
    bar_s = song.seconds(song.bar_ticks) - song.seconds(0)
    events = []
    for at in sorted(rng.choice(lines, size=count, replace=False).tolist()):
        kind = str(rng.choice(KINDS))
        if kind in ("noise_riser", "sine_riser"):
            length = float(np.clip(bar_s * rng.choice([1, 2]), 1.0, 6.0))
            start = max(0.0, at - length)
            length = at - start
        else:
            start, length = at, float(rng.uniform(1.0, 3.0))
        events.append({"kind": kind, "start": round(start, 4), "seconds": round(length, 4),
                       "level_db": round(float(rng.uniform(-14.0, -4.0)), 2)})
    return events


def render_events(events: List[Dict], rng: np.random.Generator, length: int, ref_rms: float) -> np.ndarray:
    """The events as float32 stereo [2, length]; each at level_db relative to `ref_rms` (the song without fx)."""
    out = np.zeros((2, length), np.float64)
    for ev in events:
        a = int(round(ev["start"] * SAMPLE_RATE))
        n = min(int(round(ev["seconds"] * SAMPLE_RATE)), length - a)
        if n < HOP:
            continue
        kind = ev["kind"]
        if kind == "noise_riser":
            x = noise_riser(rng, n, up=True)
        elif kind == "downlifter":
            x = noise_riser(rng, n, up=False)
        elif kind == "sine_riser":
            x = sine_riser(rng, n)
        else:
            x = impact(rng, n)
        rms = np.sqrt(np.mean(x ** 2))
        if rms > 0:
            out[:, a:a + n] += x * (ref_rms * 10 ** (ev["level_db"] / 20.0) / rms)
    return out.astype(np.float32)
