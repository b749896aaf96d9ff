"""The signal path of the contract in torch (normalization, STFT, iSTFT) and the training loss.

Contract (models/README.md): the chunk is divided by its unbiased std over all channels and samples (no mean
removal), STFT n_fft 2048 / hop 512, periodic Hann, centre (reflect) padding, onesided, no 1/sqrt(N); the network
maps the normalized mixture spectrum to complex stem spectra, which are inverted with the same window and multiplied
back by the std.

Loss (direct complex mapping, computed on the iSTFT output, i.e. on what the C# engine plays, in the normalized domain):

    loss = mean over stems of
           (mean over examples of MRSTFT(s_hat, s))  +  SDR_WEIGHT * (-tSDR(s_hat, s)) / 10

    MRSTFT = mean over resolutions (n_fft, hop) in RESOLUTIONS of
             (sum | |S_hat| - |S| |  +  sum |S_hat - S|) / (sum |S| + MIX_FLOOR * sum |X|)
             (magnitude L1 plus complex L1 of one example, relative to the reference's L1 plus the mixture's)
    tSDR   = 10 log10((sum s^2 + tau sum x^2) / (sum (s - s_hat)^2 + tau sum x^2)),  tau = 1e-3,
             the sums running over the whole batch (uSDR of the batch taken as one signal)

Why these weights (session 3): with MIX_FLOOR = 0.1 and an SDR per example, a chunk where the vocals are quiet
weighed up to 10x a chunk where they are loud, and any vocal output there scored a strongly negative SDR; the 2-stem
run learned the instrumental and kept its vocals at silence for 1,100 steps, and with mixture-consistent outputs it
drifted back to silence within 100 steps. Validation (and eval.py) score uSDR, energies summed over the whole set, in
which quiet chunks weigh little: MIX_FLOOR = 1 and the batch-level SDR weigh chunks by their level as the metric does.
(MIX_FLOOR = 1e-3, session 1's first value, made a silent vocal chunk weigh ~1000x; loss ~80.)

Multi-resolution magnitude terms handle the spectral shape at several time/frequency trade-offs; the complex term and
the time-domain SDR term make the phase count, which a direct complex mapping must learn (no mixture phase to borrow).
"""

from typing import Sequence, Tuple

import torch

from config import HOP, N_FFT

RESOLUTIONS: Tuple[Tuple[int, int], ...] = ((2048, 512), (1024, 256), (512, 128))
SDR_WEIGHT = 1.0
SDR_TAU = 1e-3
MIX_FLOOR = 1.0
STD_FLOOR = 1e-5

_windows = {}


def hann(n: int) -> torch.Tensor:
    """Periodic Hann window of length n (cached)."""
    if n not in _windows:
        _windows[n] = torch.hann_window(n, periodic=True, dtype=torch.float32)
    return _windows[n]


def chunk_std(x: torch.Tensor) -> torch.Tensor:
    """Unbiased std over channels and samples of each example: x [B, C, L] -> [B, 1, 1], floored for silence."""
    b = x.shape[0]
    return x.reshape(b, -1).std(dim=1, unbiased=True).clamp_min(STD_FLOOR).reshape(b, 1, 1)


def stft(x: torch.Tensor, n_fft: int = N_FFT, hop: int = HOP) -> torch.Tensor:
    """x [..., L] -> complex [..., F, T] with the contract's conventions."""
    shape = x.shape
    spec = torch.stft(x.reshape(-1, shape[-1]), n_fft, hop_length=hop, window=hann(n_fft), center=True,
                      pad_mode="reflect", normalized=False, onesided=True, return_complex=True)
    return spec.reshape(shape[:-1] + spec.shape[-2:])


def istft(spec: torch.Tensor, length: int, n_fft: int = N_FFT, hop: int = HOP) -> torch.Tensor:
    """complex [..., F, T] -> [..., length]."""
    shape = spec.shape
    x = torch.istft(spec.reshape((-1,) + shape[-2:]), n_fft, hop_length=hop, window=hann(n_fft), center=True,
                    normalized=False, onesided=True, length=length)
    return x.reshape(shape[:-2] + (length,))


def to_model_input(spec: torch.Tensor) -> torch.Tensor:
    """complex [B, ch, F, T] -> float [B, 2*ch, T, F], channel index 2*c + (0 re | 1 im)."""
    b, ch, f, t = spec.shape
    return torch.stack((spec.real, spec.imag), dim=2).reshape(b, 2 * ch, f, t).transpose(2, 3).contiguous()


def from_model_output(y: torch.Tensor) -> torch.Tensor:
    """float [B, S, 2*ch, T, F] -> complex [B, S, ch, F, T]."""
    b, s, ch2, t, f = y.shape
    y = y.reshape(b, s, ch2 // 2, 2, t, f).transpose(-1, -2)
    return torch.complex(y[:, :, :, 0], y[:, :, :, 1])


def separate_chunk(model: torch.nn.Module, mix: torch.Tensor) -> torch.Tensor:
    """What the C# engine does for one chunk: mix [B, ch, L] (raw scale) -> stems [B, S, ch, L] (raw scale)."""
    std = chunk_std(mix)
    spec = stft(mix / std)
    out = from_model_output(model(to_model_input(spec)))
    return istft(out, mix.shape[-1]) * std.unsqueeze(1)


def mrstft_loss(est: torch.Tensor, ref: torch.Tensor, mix: torch.Tensor,
                resolutions: Sequence[Tuple[int, int]] = RESOLUTIONS) -> torch.Tensor:
    """est, ref [B, S, ch, L]; mix [B, ch, L]. Returns [B, S]."""
    total = 0.0
    for n_fft, hop in resolutions:
        e, r = stft(est, n_fft, hop), stft(ref, n_fft, hop)
        floor = MIX_FLOOR * stft(mix, n_fft, hop).abs().sum(dim=(-3, -2, -1)).unsqueeze(1)
        num = (e.abs() - r.abs()).abs().sum(dim=(-3, -2, -1)) + (e - r).abs().sum(dim=(-3, -2, -1))
        total = total + num / (r.abs().sum(dim=(-3, -2, -1)) + floor)
    return total / len(resolutions)


def thresholded_sdr(est: torch.Tensor, ref: torch.Tensor, mix: torch.Tensor, tau: float = SDR_TAU) -> torch.Tensor:
    """Soft-thresholded SDR in dB of each stem over the whole batch, est/ref [B, S, ch, L], mix [B, ch, L] -> [S]."""
    floor = tau * mix.pow(2).sum()
    signal = ref.pow(2).sum(dim=(0, -2, -1))
    error = (ref - est).pow(2).sum(dim=(0, -2, -1))
    return 10.0 * torch.log10((signal + floor) / (error + floor))


def separation_loss(est: torch.Tensor, ref: torch.Tensor, mix: torch.Tensor) -> torch.Tensor:
    """The training loss (module docstring), a scalar; all arguments in the normalized domain."""
    return mrstft_loss(est, ref, mix).mean() - SDR_WEIGHT * thresholded_sdr(est, ref, mix).mean() / 10.0
