"""Per-stem random pan and gain, and the mixture as the exact float32 sum of the (padded) stems."""

from typing import List, Sequence, Tuple

import numpy as np

PAN_LIMIT = 0.5              # pan position in [-PAN_LIMIT, PAN_LIMIT]; -1 = hard left, +1 = hard right
GAIN_DB_RANGE = (-6.0, 3.0)  # per-stem gain before the song's overall peak normalization
PEAK_LIMIT = 0.95            # the mixture and every stem stay below this after normalization


def draw_pan_gain(rng: np.random.Generator) -> Tuple[float, float]:
    """One stem's (pan, gain_db), uniform within the bounds above."""
    return float(rng.uniform(-PAN_LIMIT, PAN_LIMIT)), float(rng.uniform(*GAIN_DB_RANGE))


def pan_gains(pan: float) -> Tuple[float, float]:
    """Constant-power balance for a stereo stem: (left, right) factors, both 1 at the centre and
    left^2 + right^2 = 2 everywhere, so panning moves the image without changing total power."""
    if not -1.0 <= pan <= 1.0:
        raise ValueError(f"pan {pan} is outside [-1, 1] (-1 = left, +1 = right)")
    angle = (pan + 1.0) * np.pi / 4.0
    return float(np.sqrt(2.0) * np.cos(angle)), float(np.sqrt(2.0) * np.sin(angle))


def apply_pan_gain(stereo: np.ndarray, pan: float, gain_db: float) -> np.ndarray:
    """`stereo` [2, n] panned and scaled, as float32."""
    if stereo.ndim != 2 or stereo.shape[0] != 2:
        raise ValueError(f"expected a stereo array [2, samples], got shape {stereo.shape}")
    left, right = pan_gains(pan)
    g = 10.0 ** (gain_db / 20.0)
    factors = np.array([[left * g], [right * g]], dtype=np.float32)
    return (stereo.astype(np.float32) * factors).astype(np.float32)


def pad_to(stems: Sequence[np.ndarray], length: int = 0) -> np.ndarray:
    """Stacks stereo stems of different lengths (fluidsynth renders until the last release ends) into
    [stems, 2, max(length, longest)], zero-padded at the end."""
    n = max([length] + [s.shape[1] for s in stems])
    out = np.zeros((len(stems), 2, n), np.float32)
    for i, s in enumerate(stems):
        out[i, :, :s.shape[1]] = s
    return out


def mix(stems: np.ndarray) -> np.ndarray:
    """The mixture: the float32 sum over the stem axis, in stem order (the one definition the trainer and the
    tests share)."""
    acc = np.zeros(stems.shape[1:], np.float32)
    for s in stems:
        acc += s
    return acc


def normalize_peak(stems: np.ndarray, limit: float = PEAK_LIMIT) -> Tuple[np.ndarray, float]:
    """Scales all stems by one factor (only down) so that neither the mixture nor any stem exceeds `limit`."""
    peak = max(float(np.abs(mix(stems)).max(initial=0.0)), float(np.abs(stems).max(initial=0.0)))
    if peak <= limit:
        return stems, 1.0
    scale = np.float32(limit / peak * (1.0 - 1e-6))   # margin: float32 rounding must not land a hair above
    return (stems * scale).astype(np.float32), float(scale)


def rms_db(x: np.ndarray) -> float:
    """RMS in dBFS, -inf for silence."""
    ms = float(np.mean(np.square(x, dtype=np.float64))) if x.size else 0.0
    return 10.0 * np.log10(ms) if ms > 0 else float("-inf")


def active_rms_db(stereo: np.ndarray, block: int = 4410, floor_db: float = -60.0) -> float:
    """RMS in dBFS over the 0.1 s blocks that are not silent (above `floor_db`), the loudness of a stem while it
    plays; -inf when it never does."""
    n = stereo.shape[-1] // block * block
    if n == 0:
        return float("-inf")
    blocks = np.square(stereo[..., :n], dtype=np.float64).reshape(-1, n // block, block).mean(axis=(0, 2))
    active = blocks[blocks > 10 ** (floor_db / 10)]
    return 10.0 * np.log10(active.mean()) if active.size else float("-inf")


def non_empty(stems: np.ndarray, floor_db: float = -60.0) -> List[bool]:
    return [active_rms_db(s, floor_db=floor_db) > float("-inf") for s in stems]
