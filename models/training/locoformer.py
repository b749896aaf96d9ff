"""TF-Locoformer for stereo music separation, written to export cleanly to ONNX opset 17 with torch 1.13.

Tensor layout inside the network: [B, R, T, C] (batch, frequency rows = bins or bands, frames, channels).
Input `mix` [B, 2*channels, T, 1025]; output `stems` [B, S, 2*channels, T, 1025] (direct complex spectra, no mask).
Every shape that depends on T or B is read from the tensor at run time, so batch and frames stay dynamic in the graph.
"""

import math
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from config import BINS, LocoformerConfig


def rms_normalize(x: torch.Tensor, eps: float) -> torch.Tensor:
    """x / (rms(x) + eps) over the last axis, eps outside the square root (TF-Locoformer's numerics).

    Written as Pow -> ReduceMean -> Sqrt -> Add -> Div so ONNX Runtime sees the plain RMS pattern."""
    rms = torch.sqrt(torch.mean(torch.pow(x, 2), dim=-1, keepdim=True))
    return x / (rms + eps)


class RMSGroupNorm(nn.Module):
    """Per TF point: split C into G groups, divide each by its RMS (+eps outside the sqrt), scale per channel."""

    def __init__(self, channels: int, groups: int, eps: float = 1e-5):
        super().__init__()
        if channels % groups:
            raise ValueError(f"RMSGroupNorm: {channels} channels do not split into {groups} groups")
        self.groups, self.eps = groups, eps
        self.gamma = nn.Parameter(torch.ones(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        y = rms_normalize(x.reshape(shape[:-1] + (self.groups, shape[-1] // self.groups)), self.eps)
        return y.reshape(shape) * self.gamma


class RotaryEmbedding(nn.Module):
    """Interleaved rotary position embedding, positions 0..L-1 of each sequence computed in-graph (Range op).

    out[2i] = x[2i] cos(p f_i) - x[2i+1] sin(p f_i), out[2i+1] = x[2i+1] cos(p f_i) + x[2i] sin(p f_i),
    f_i = theta^(-2i/d). Even/odd halves are taken with strided slices, so no interleaved angle table
    (and no repeat_interleave, which ORT rejected) is ever built."""

    def __init__(self, head_dim: int, theta: float = 10000.0):
        super().__init__()
        if head_dim % 2:
            raise ValueError(f"RotaryEmbedding needs an even head dimension, got {head_dim}")
        freqs = theta ** (-torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
        self.register_buffer("freqs", freqs, persistent=False)

    def tables(self, length) -> Tuple[torch.Tensor, torch.Tensor]:
        """cos and sin of p * f_i, each [L, d/2]."""
        pos = torch.arange(length, dtype=torch.float32, device=self.freqs.device)
        angles = pos.unsqueeze(1) * self.freqs.unsqueeze(0)
        return torch.cos(angles), torch.sin(angles)

    @staticmethod
    def rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        """x [..., L, d] rotated pairwise (2i, 2i+1)."""
        even, odd = x[..., 0::2], x[..., 1::2]
        return torch.stack((even * cos - odd * sin, odd * cos + even * sin), dim=-1).flatten(-2)


class MultiHeadSelfAttention(nn.Module):
    """Non-causal multi-head self-attention over the middle axis of [N, L, C], RoPE on queries and keys.

    qkv feature index = which*C + head*d + j (which: q, k, v); heads concatenated head-major before `out`."""

    def __init__(self, channels: int, heads: int, rope: RotaryEmbedding):
        super().__init__()
        if channels % heads:
            raise ValueError(f"attention: {channels} channels do not split into {heads} heads")
        self.heads, self.head_dim = heads, channels // heads
        self.qkv = nn.Linear(channels, 3 * channels, bias=False)
        self.out = nn.Linear(channels, channels, bias=False)
        self.rope = rope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, length, channels = x.shape
        qkv = self.qkv(x).reshape(n, length, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]                        # [N, H, L, d]
        cos, sin = self.rope.tables(length)
        q = RotaryEmbedding.rotate(q, cos, sin) * (1.0 / math.sqrt(self.head_dim))
        k = RotaryEmbedding.rotate(k, cos, sin)
        weights = torch.softmax(torch.matmul(q, k.transpose(-1, -2)), dim=-1)
        y = torch.matmul(weights, v).transpose(1, 2).reshape(n, length, channels)
        return self.out(y)


class ConvSwiGLU(nn.Module):
    """Linear C -> 2H, depthwise Conv1d (kernel K, 'same' padding) along time, value * SiLU(gate), Linear H -> C.

    Acts on [B, R, T, C] with time on axis 2. The depthwise convolution keeps the channels-last layout and is
    evaluated as K shifted multiply-adds of the zero-padded sequence (identical to nn.Conv1d with padding K//2).
    In ONNX Runtime 1.31 this was no slower than Transpose -> grouped Conv -> Transpose (its Conv kernel is slow at
    1024 groups) and far faster than a (K, 1) Conv2d; the weights live in a real nn.Conv1d so checkpoints are standard."""

    def __init__(self, channels: int, expansion: int, kernel: int):
        super().__init__()
        if kernel % 2 == 0:
            raise ValueError(f"ConvSwiGLU needs an odd kernel for symmetric padding, got {kernel}")
        self.hidden = expansion * channels
        self.inp = nn.Linear(channels, 2 * self.hidden)
        self.dw = nn.Conv1d(2 * self.hidden, 2 * self.hidden, kernel, padding=kernel // 2, groups=2 * self.hidden)
        self.out = nn.Linear(self.hidden, channels)

    def depthwise_time(self, z: torch.Tensor) -> torch.Tensor:
        k = self.dw.kernel_size[0]
        pad = k // 2
        zp = F.pad(z, (0, 0, pad, pad))                          # zero-pad the time axis (dim 2)
        w = self.dw.weight[:, 0, :]                              # [2H, K]
        y = self.dw.bias
        for j in range(k):
            end = j - (k - 1)                                    # static negative end keeps T symbolic
            shifted = zp[:, :, j:end, :] if end < 0 else zp[:, :, j:, :]
            y = y + shifted * w[:, j]
        return y

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.depthwise_time(self.inp(x))
        value, gate = z[..., :self.hidden], z[..., self.hidden:]
        return self.out(value * F.silu(gate))


class LocoformerBlock(nn.Module):
    """Time attention -> add -> norm, frequency attention -> add -> norm, ConvSwiGLU -> add -> norm."""

    def __init__(self, cfg: LocoformerConfig, rope: RotaryEmbedding):
        super().__init__()
        c = cfg.width
        self.time_attn = MultiHeadSelfAttention(c, cfg.heads, rope)
        self.time_norm = RMSGroupNorm(c, cfg.groups, cfg.eps)
        self.freq_attn = MultiHeadSelfAttention(c, cfg.heads, rope)
        self.freq_norm = RMSGroupNorm(c, cfg.groups, cfg.eps)
        self.ffn = ConvSwiGLU(c, cfg.ffn_expansion, cfg.kernel)
        self.ffn_norm = RMSGroupNorm(c, cfg.groups, cfg.eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, r, t, c = x.shape
        y = self.time_attn(x.reshape(b * r, t, c)).reshape(b, r, t, c)
        x = self.time_norm(x + y)
        xf = x.transpose(1, 2).reshape(b * t, r, c)
        y = self.freq_attn(xf).reshape(b, t, r, c).transpose(1, 2)
        x = self.freq_norm(x + y)
        return self.ffn_norm(x + self.ffn(x))


def _band_groups(bands: Sequence[int]) -> List[Tuple[int, int, int]]:
    """Runs of equal-width bands as (first bin, band count, width): one batched MatMul per run, not per band."""
    runs: List[Tuple[int, int, int]] = []
    start = 0
    for width in bands:
        if runs and runs[-1][2] == width:
            s, n, w = runs[-1]
            runs[-1] = (s, n + 1, w)
        else:
            runs.append((start, 1, width))
        start += width
    return runs


class BandSplit(nn.Module):
    """Per band: flatten its (2*channels x bins) values (channel-major), RMSNorm, Linear -> C, plus the band's
    log level through its own weight.  [B,2ch,T,F] -> features [B,K,T,C] and band levels (RMS) [B,K,T,1].

    The RMSNorm alone made the network blind to level: scaling one frame of one band left every feature unchanged.
    The log-RMS input gives the blocks each band's level back (how loud it is next to its neighbours in time and
    frequency), and BandMerge multiplies its output by the same RMS, so a band's stems follow the mix's level."""

    def __init__(self, bands: Sequence[int], in_channels: int, width: int, eps: float = 1e-5):
        super().__init__()
        self.runs, self.in_channels, self.eps = _band_groups(bands), in_channels, eps
        self.gamma = nn.ParameterList()
        self.weight = nn.ParameterList()
        self.level = nn.ParameterList()
        self.bias = nn.ParameterList()
        for _, n, w in self.runs:
            features = in_channels * w
            self.gamma.append(nn.Parameter(torch.ones(n, 1, features)))
            self.weight.append(nn.Parameter(torch.empty(n, features, width).uniform_(-1, 1) / math.sqrt(features)))
            # small start: log levels span about -11.5 (silence) to +3 in the std-normalized chunk
            self.level.append(nn.Parameter(torch.empty(n, 1, width).uniform_(-0.02, 0.02)))
            self.bias.append(nn.Parameter(torch.zeros(n, 1, width)))

    def forward(self, mix: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        b, ch, t, _ = mix.shape
        out, levels = [], []
        for i, (s, n, w) in enumerate(self.runs):
            x = mix[:, :, :, s:s + n * w].reshape(b, ch, t, n, w).permute(0, 3, 2, 1, 4).reshape(b, n, t, ch * w)
            rms = torch.sqrt(torch.mean(torch.pow(x, 2), dim=-1, keepdim=True))     # [B, n, T, 1]
            x = x / (rms + self.eps) * self.gamma[i]
            out.append(torch.matmul(x, self.weight[i]) + torch.log(rms + self.eps) * self.level[i] + self.bias[i])
            levels.append(rms)
        return torch.cat(out, dim=1), torch.cat(levels, dim=1)


class BandMerge(nn.Module):
    """Band features back to bins for every stem: per-stem Linear C -> h (shared by all bands), Tanh, then per band
    Linear h -> 2 x (2*channels x bins) (shared by the stems), a GLU, and a multiplication by the band's input RMS
    (from BandSplit), so the network predicts each stem relative to the mix's level in that band and frame.
    [B,K,T,C], [B,K,T,1] -> [B,S,2ch,T,F].

    The brief's per-band C -> 4C -> GLU head would hold ~21 M parameters for 5 stems at C = 128 (ten times the whole
    lite budget); splitting the head into a stem part and a band part keeps it at ~0.3 M."""

    def __init__(self, bands: Sequence[int], width: int, hidden: int, stems: int, out_channels: int):
        super().__init__()
        self.runs, self.stems, self.hidden, self.out_channels = _band_groups(bands), stems, hidden, out_channels
        self.stem = nn.Linear(width, stems * hidden)
        self.weight = nn.ParameterList()
        self.bias = nn.ParameterList()
        for _, n, w in self.runs:
            features = 2 * out_channels * w
            self.weight.append(nn.Parameter(torch.empty(n, hidden, features).uniform_(-1, 1) / math.sqrt(hidden)))
            self.bias.append(nn.Parameter(torch.zeros(n, 1, features)))

    def forward(self, x: torch.Tensor, levels: torch.Tensor) -> torch.Tensor:
        b, k, t, _ = x.shape
        h = torch.tanh(self.stem(x)).reshape(b, k, t, self.stems, self.hidden)
        h = h.transpose(2, 3).reshape(b, k, self.stems * t, self.hidden)    # rows ordered (stem, frame)
        out, band = [], 0
        ch = self.out_channels
        for i, (_, n, w) in enumerate(self.runs):
            y = torch.matmul(h[:, band:band + n], self.weight[i]) + self.bias[i]
            y = y[..., :ch * w] * torch.sigmoid(y[..., ch * w:])          # GLU: value, gate
            y = y.reshape(b, n, self.stems, t, ch * w) * levels[:, band:band + n].unsqueeze(2)
            y = y.reshape(b, n, self.stems, t, ch, w).permute(0, 2, 4, 3, 1, 5).reshape(b, self.stems, ch, t, n * w)
            out.append(y)
            band += n
        return torch.cat(out, dim=-1)


class TFLocoformer(nn.Module):
    """mix [B, 2*channels, T, 1025] -> stems [B, S, 2*channels, T, 1025]."""

    def __init__(self, cfg: LocoformerConfig, stems: int):
        super().__init__()
        if stems < 1:
            raise ValueError(f"TFLocoformer needs at least one stem, got {stems}")
        self.cfg, self.stems = cfg, stems
        c = cfg.width
        self.rope = RotaryEmbedding(c // cfg.heads)
        if cfg.bands is None:
            self.input = nn.Linear(cfg.in_channels, c)
            self.output = nn.Linear(c, stems * cfg.in_channels)
        else:
            if sum(cfg.bands) != BINS:
                raise ValueError(f"bands sum to {sum(cfg.bands)} bins; they must cover all {BINS}")
            self.input = BandSplit(cfg.bands, cfg.in_channels, c, cfg.eps)
            self.output = BandMerge(cfg.bands, c, cfg.merge_hidden, stems, cfg.in_channels)
        self.blocks = nn.ModuleList(LocoformerBlock(cfg, self.rope) for _ in range(cfg.blocks))

    def forward(self, mix: torch.Tensor) -> torch.Tensor:
        levels = None
        if self.cfg.bands is None:
            x = self.input(mix.permute(0, 3, 2, 1))                    # [B, F, T, C]
        else:
            x, levels = self.input(mix)                                # [B, K, T, C], [B, K, T, 1]
        for block in self.blocks:
            x = block(x)
        if self.cfg.bands is None:
            b, f, t, _ = x.shape
            y = self.output(x).reshape(b, f, t, self.stems, self.cfg.in_channels)
            return y.permute(0, 3, 4, 2, 1)                            # [B, S, 2ch, T, F]
        return self.output(x, levels)


class IdentityStems(nn.Module):
    """Test fixture: stem 0 = mix, stem 1 = zeros, so the C# pipeline can be checked end to end without a network."""

    def forward(self, mix: torch.Tensor) -> torch.Tensor:
        return torch.stack((mix, torch.zeros_like(mix)), dim=1)
