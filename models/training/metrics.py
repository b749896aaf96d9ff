"""Separation metrics in float64 numpy, as reference/locoformer.md section 10 defines them (and as the C#
SeparationMetrics computes them): uSDR, museval-v4 framewise SDR, SI-SDR, and the oracle ideal ratio mask.

Arrays are [channels, samples]; reference first, estimate second.
"""

from typing import Dict, List, Sequence

import numpy as np

USDR_DELTA = 1e-7
MUSEVAL_WINDOW = 44100


def usdr(reference: np.ndarray, estimate: np.ndarray, delta: float = USDR_DELTA) -> float:
    """10 log10((sum s^2 + delta) / (sum (s - s_hat)^2 + delta)) over all channels and samples."""
    s, e = np.asarray(reference, np.float64), np.asarray(estimate, np.float64)
    if s.shape != e.shape:
        raise ValueError(f"uSDR: reference {s.shape} and estimate {e.shape} must have the same shape")
    return float(10.0 * np.log10((np.sum(s * s) + delta) / (np.sum((s - e) ** 2) + delta)))


def framewise_sdr(reference: np.ndarray, estimate: np.ndarray, window: int = MUSEVAL_WINDOW,
                  hop: int = MUSEVAL_WINDOW) -> List[float]:
    """museval v4 SDR per window: the estimate cut or zero-padded to the reference length; floor((N - win + hop)/hop)
    windows; NaN where the reference or the estimate is all zeros; no epsilon (+inf when identical)."""
    s = np.asarray(reference, np.float64)
    e = np.asarray(estimate, np.float64)
    n = s.shape[-1]
    if e.shape[-1] < n:
        e = np.pad(e, [(0, 0)] * (e.ndim - 1) + [(0, n - e.shape[-1])])
    e = e[..., :n]
    count = 0 if n < window else (n - window + hop) // hop
    out = []
    with np.errstate(divide="ignore"):
        for w in range(count):
            sw, ew = s[..., w * hop:w * hop + window], e[..., w * hop:w * hop + window]
            if not np.any(sw) or not np.any(ew):
                out.append(float("nan"))
            else:
                out.append(float(10.0 * np.log10(np.sum(sw * sw) / np.sum((ew - sw) ** 2))))
    return out


def median(values: Sequence[float]) -> float:
    """Median ignoring NaN (NaN when none remain)."""
    v = np.asarray([x for x in values if not np.isnan(x)], np.float64)
    return float(np.median(v)) if v.size else float("nan")


def si_sdr(reference: np.ndarray, estimate: np.ndarray, zero_mean: bool = True) -> float:
    """alpha = <s_hat, s>/<s, s>; 10 log10(|alpha s|^2 / |alpha s - s_hat|^2), channels as one vector."""
    s, e = np.asarray(reference, np.float64), np.asarray(estimate, np.float64)
    if zero_mean:
        s = s - s.mean(axis=-1, keepdims=True)
        e = e - e.mean(axis=-1, keepdims=True)
    alpha = np.sum(e * s) / np.sum(s * s)
    target = alpha * s
    with np.errstate(divide="ignore"):
        return float(10.0 * np.log10(np.sum(target ** 2) / np.sum((target - e) ** 2)))


def irm_estimates(references: np.ndarray, mix: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """Oracle ideal ratio mask (magnitude ratio, power 1): M_j = |S_j| / (sum_k |S_k| + eps) per channel and TF
    point, applied to the mixture STFT (contract STFT, float64) and inverted. references [S, ch, N], mix [ch, N]."""
    refs = [[_stft(references[j, c]) for c in range(mix.shape[0])] for j in range(references.shape[0])]
    out = np.zeros(references.shape, np.float64)
    for c in range(mix.shape[0]):
        mags = np.stack([np.abs(refs[j][c]) for j in range(references.shape[0])])
        total = mags.sum(axis=0) + eps
        x = _stft(mix[c])
        for j in range(references.shape[0]):
            out[j, c] = _istft(mags[j] / total * x, mix.shape[1])
    return out


def _window(n: int = 2048) -> np.ndarray:
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n) / n)


def _stft(x: np.ndarray, n_fft: int = 2048, hop: int = 512) -> np.ndarray:
    """Contract STFT of one channel: reflect-pad n_fft/2, periodic Hann, onesided -> [T, F] complex128."""
    xp = np.pad(np.asarray(x, np.float64), n_fft // 2, mode="reflect")
    frames = 1 + len(x) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    return np.fft.rfft(xp[idx] * _window(n_fft), axis=1)


def _istft(spec: np.ndarray, length: int, n_fft: int = 2048, hop: int = 512) -> np.ndarray:
    """Inverse of _stft: overlap-add of window * irfft divided by the squared-window envelope, centre removed."""
    w = _window(n_fft)
    frames = spec.shape[0]
    total = n_fft + hop * (frames - 1)
    y, env = np.zeros(total), np.zeros(total)
    blocks = np.fft.irfft(spec, n=n_fft, axis=1) * w
    for t in range(frames):
        y[t * hop:t * hop + n_fft] += blocks[t]
        env[t * hop:t * hop + n_fft] += w * w
    y = y[n_fft // 2:n_fft // 2 + length]
    env = env[n_fft // 2:n_fft // 2 + length]
    return y / np.where(env > 1e-11, env, 1.0)


def stem_scores(reference: np.ndarray, estimate: np.ndarray) -> Dict[str, float]:
    """uSDR, framewise SDR median (cSDR of the track) and SI-SDR of one stem."""
    return {"usdr": usdr(reference, estimate), "csdr": median(framewise_sdr(reference, estimate)),
            "sisdr": si_sdr(reference, estimate)}
