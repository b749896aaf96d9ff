"""TF-Locoformer for stereo music separation, written to export cleanly to ONNX opset 17 with torch 1.13.

Tensor layout inside the network: [B, R, T, C] (batch, frequency rows = bins or bands, frames, channels).
Input `mix` [B, 2*channels, T, 1025]; output `stems` [B, S, 2*channels, T, 1025] (direct complex spectra, no mask).
Every shape that depends on T or B is read from the tensor at run time, so batch and frames stay dynamic in the graph.
"""

import math
from typing import List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from config import BINS, LocoformerConfig


def rms_normalize(x: torch.Tensor, eps: float) -> torch.Tensor:
    """x / (rms(x) + eps) over the last axis, eps outside the square root (TF-Locoformer's numerics).

    The RMS is reduced without keepdim and gets its eps before the unsqueeze: ONNX Runtime 1.31 adds a scalar to a
    [..., 1]-shaped tensor some 30x slower than to the same values shaped [...] (0.24 ms per norm of lite)."""
    rms = torch.sqrt(torch.mean(torch.pow(x, 2), dim=-1))
    return x / (rms + eps).unsqueeze(-1)


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


def pair_partner(dim: int) -> torch.Tensor:
    """[dim, dim] signed permutation P with (x @ P)[2i] = -x[2i+1] and (x @ P)[2i+1] = x[2i]."""
    p = torch.zeros(dim, dim)
    pairs = torch.arange(0, dim, 2)
    p[pairs + 1, pairs] = -1.0
    p[pairs, pairs + 1] = 1.0
    return p


class RotaryEmbedding(nn.Module):
    """Interleaved rotary position embedding, positions 0..L-1 of each sequence computed in-graph (Range op).

    out[2i] = x[2i] cos(p f_i) - x[2i+1] sin(p f_i), out[2i+1] = x[2i+1] cos(p f_i) + x[2i] sin(p f_i),
    f_i = theta^(-2i/d). Computed as x * cos + (x @ P) * sin with pair-layout tables (angle i in columns 2i and
    2i+1) and P the fixed signed pair swap: the strided even/odd slices plus stack this replaces cost ONNX Runtime
    ~2.3 ms per attention in lite (innermost-axis Slice with step 2 is a slow path), the 16x16 MatMul 0.2 ms."""

    def __init__(self, head_dim: int, theta: float = 10000.0):
        super().__init__()
        if head_dim % 2:
            raise ValueError(f"RotaryEmbedding needs an even head dimension, got {head_dim}")
        freqs = theta ** (-torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
        self.register_buffer("freqs", freqs, persistent=False)
        self.register_buffer("partner", pair_partner(head_dim), persistent=False)

    def tables(self, length) -> Tuple[torch.Tensor, torch.Tensor]:
        """cos and sin of p * f_i in pair layout, each [L, d]: columns 2i and 2i+1 both hold angle p * f_i."""
        pos = torch.arange(length, dtype=torch.float32, device=self.freqs.device)
        freqs = self.freqs.unsqueeze(1).expand(-1, 2).reshape(1, -1)
        angles = pos.unsqueeze(1) * freqs
        return torch.cos(angles), torch.sin(angles)

    @staticmethod
    def rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor,
               partner: Optional[torch.Tensor] = None) -> torch.Tensor:
        """x [..., L, d] rotated pairwise (2i, 2i+1) by the [L, d] tables of `tables`. Pass the module's `partner`
        when tracing: building it from x's (traced) size would put its construction into the graph."""
        if partner is None:
            partner = pair_partner(x.shape[-1]).to(device=x.device, dtype=x.dtype)
        return x * cos + torch.matmul(x, partner) * sin


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
        h, d = self.heads, self.head_dim
        wq, wk, wv = self.qkv.weight.chunk(3)
        # The softmax scale rides on the query weights (exact for d = 16: a power of two). Queries and keys come
        # from one MatMul and are rotated together in head-major layout: one Transpose, then a Split, and keys
        # stay [N, H, L, d] so ONNX Runtime fuses k^T into the score MatMul instead of a slow 4-D transpose.
        wqk = torch.cat((wq * (1.0 / math.sqrt(d)), wk))
        qk = torch.matmul(x, wqk.t()).reshape(n, length, 2 * h, d).transpose(1, 2)    # [N, 2H, L, d]
        cos, sin = self.rope.tables(length)
        q, k = RotaryEmbedding.rotate(qk, cos, sin, self.rope.partner).split(h, dim=1)   # [N, H, L, d] each
        v = torch.matmul(x, wv.t()).reshape(n, length, h, d).transpose(1, 2)
        weights = torch.softmax(torch.matmul(q, k.transpose(-1, -2)), dim=-1)
        y = torch.matmul(weights, v).transpose(1, 2).reshape(n, length, channels)
        return self.out(y)


class ConvSwiGLU(nn.Module):
    """Linear C -> 2H, depthwise Conv1d (kernel K, 'same' padding) along time, value * SiLU(gate), Linear H -> C.

    Acts on [B, R, T, C] with time on axis 2; the weights live in a real nn.Linear / nn.Conv1d / nn.Linear, so
    checkpoints are standard. The forward pass runs channels-first, [B, C, R, T], as 1x1 Conv -> depthwise Conv ->
    gate -> MatMul, which ONNX Runtime's NCHWc path (x86 AVX2/AVX-512) executes with blocked kernels: in 1.31 on
    lite this took the FFN from ~17 ms to ~9 ms per block against the channels-last form (K shifted slices and
    multiply-adds of the padded 2H-wide tensor, each a full memory pass). Value and gate get their own convs because
    a channel Split would force the blocked tensor back to NCHW. The depthwise taps sit in the middle row of a
    3 x K kernel with zero rows above and below (same sums: the extra taps add 0 * finite = exact zeros); at K = 3
    that is the 3x3 depthwise shape MLAS has a direct NEON kernel for on ARM64 (1 x K falls back to im2col + GEMM
    per channel there; read from MLAS's source, not measured here), and NCHWc runs it no slower than 1 x 3. The output projection is a plain MatMul on the
    channels-first tensor, which saves reordering the gated tensor back to the blocked layout."""

    def __init__(self, channels: int, expansion: int, kernel: int):
        super().__init__()
        if kernel % 2 == 0:
            raise ValueError(f"ConvSwiGLU needs an odd kernel for symmetric padding, got {kernel}")
        self.hidden = expansion * channels
        self.inp = nn.Linear(channels, 2 * self.hidden)
        self.dw = nn.Conv1d(2 * self.hidden, 2 * self.hidden, kernel, padding=kernel // 2, groups=2 * self.hidden)
        self.out = nn.Linear(self.hidden, channels)
        # [3, 1] @ [2H, 1, 1, K] -> [2H, 1, 3, K] with the taps in row 1. A MatMul because torch 1.13's exporter does
        # not constant-fold MatMul: ONNX Runtime folds it at load, and the file stores the K taps once, no zeros.
        self.register_buffer("centre_row", torch.tensor([[0.0], [1.0], [0.0]]), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, r, t, _ = x.shape
        h, pad = self.hidden, self.dw.kernel_size[0] // 2
        xc = x.permute(0, 3, 1, 2)                                                # [B, C, R, T]
        w_in = self.inp.weight.reshape(2 * h, -1, 1, 1)
        w_dw = torch.matmul(self.centre_row, self.dw.weight.unsqueeze(2))        # [2H, 1, 3, K]
        value = F.conv2d(F.conv2d(xc, w_in[:h], self.inp.bias[:h]), w_dw[:h], self.dw.bias[:h],
                         padding=(1, pad), groups=h)                              # [B, H, R, T]
        gate = F.conv2d(F.conv2d(xc, w_in[h:], self.inp.bias[h:]), w_dw[h:], self.dw.bias[h:],
                        padding=(1, pad), groups=h)
        y = torch.matmul(self.out.weight, (value * F.silu(gate)).reshape(b, h, r * t))   # [B, C, R*T]
        return y.transpose(1, 2).reshape(b, r, t, -1) + self.out.bias


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
    (from BandSplit), so the network predicts each stem relative to the mix's level in that band and frame; without
    levels (None: the output is a mask, TFLocoformer.complex_mask) the GLU output is returned as it is.
    [B,K,T,C], [B,K,T,1] or None -> [B,S,2ch,T,F].

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

    def forward(self, x: torch.Tensor, levels: Optional[torch.Tensor]) -> torch.Tensor:
        b, k, t, _ = x.shape
        h = torch.tanh(self.stem(x)).reshape(b, k, t, self.stems, self.hidden)
        h = h.transpose(2, 3).reshape(b, k, self.stems * t, self.hidden)    # rows ordered (stem, frame)
        out, band = [], 0
        ch = self.out_channels
        for i, (_, n, w) in enumerate(self.runs):
            y = torch.matmul(h[:, band:band + n], self.weight[i]) + self.bias[i]
            y = y[..., :ch * w] * torch.sigmoid(y[..., ch * w:])          # GLU: value, gate
            y = y.reshape(b, n, self.stems, t, ch * w)
            if levels is not None:                                     # spectrum heads follow the band's level
                y = y * levels[:, band:band + n].unsqueeze(2)
            y = y.reshape(b, n, self.stems, t, ch, w).permute(0, 2, 4, 3, 1, 5).reshape(b, self.stems, ch, t, n * w)
            out.append(y)
            band += n
        return torch.cat(out, dim=-1)


class TFLocoformer(nn.Module):
    """mix [B, 2*channels, T, 1025] -> stems [B, S, 2*channels, T, 1025].

    `mixture_consistent` (for stem sets that partition the mix, config.sums_to_mixture): the network's estimates are
    projected so they sum to the input spectrum exactly, y_s + (x - sum_k y_k) / S. Without it, a 2-stem run learned
    the instrumental while its vocals output sat at silence for 1,100 steps; with it, an instrumental estimate is also
    a vocal one.

    `complex_mask`: the head's output is a complex mask M_s multiplied with the input spectrum (per bin and audio
    channel, y_s = M_s * x) instead of the stem spectrum itself. The band-split head maps 64 hidden numbers per band
    and frame to up to 129 bins: as a spectrum it had to invent the fine harmonic structure and phase of every wide
    band, and 2- and 5-stem runs plateaued (instrumental ~8.4 dB for 650 steps); a mask smooth across the band takes
    them from the mix. The band RMS scaling is then left out (the mix carries the level). On the CPU budget so far it
    was a modest gain, not the way past the plateau (models/README.md, "Network").

    Both flags are buffers, so they travel with the weights (checkpoints from before them load as False)."""

    FLAGS = ("mixture_consistent", "complex_mask")

    def __init__(self, cfg: LocoformerConfig, stems: int, mixture_consistent: bool = False,
                 complex_mask: bool = False):
        super().__init__()
        if stems < 1:
            raise ValueError(f"TFLocoformer needs at least one stem, got {stems}")
        if mixture_consistent and stems < 2:
            raise ValueError("mixture consistency needs at least two stems (one stem would be the mix itself)")
        self.cfg, self.stems = cfg, stems
        self.register_buffer("mixture_consistent", torch.tensor(mixture_consistent))
        self.register_buffer("complex_mask", torch.tensor(complex_mask))
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

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        for flag in self.FLAGS:
            if prefix + flag not in state_dict:                        # saved before the option existed
                state_dict[prefix + flag] = torch.tensor(False)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def forward(self, mix: torch.Tensor) -> torch.Tensor:
        masked = bool(self.complex_mask)                               # flags are fixed at export: one branch traced
        y = self._head(mix, masked)
        if masked:
            y = apply_complex_mask(y, mix)
        if bool(self.mixture_consistent):
            y = y + (mix.unsqueeze(1) - y.sum(dim=1, keepdim=True)) / self.stems
        return y

    def _head(self, mix: torch.Tensor, masked: bool) -> torch.Tensor:
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
        return self.output(x, None if masked else levels)


def apply_complex_mask(mask: torch.Tensor, mix: torch.Tensor) -> torch.Tensor:
    """mask [B, S, 2ch, T, F] times mix [B, 2ch, T, F] as complex numbers per audio channel (planes 2c = real,
    2c + 1 = imaginary) -> [B, S, 2ch, T, F]."""
    b, s, planes, t, f = mask.shape
    m = mask.reshape(b, s, planes // 2, 2, t, f)
    x = mix.reshape(b, 1, planes // 2, 2, t, f)
    re = m[:, :, :, 0] * x[:, :, :, 0] - m[:, :, :, 1] * x[:, :, :, 1]
    im = m[:, :, :, 0] * x[:, :, :, 1] + m[:, :, :, 1] * x[:, :, :, 0]
    return torch.stack((re, im), dim=3).reshape(b, s, planes, t, f)


class IdentityStems(nn.Module):
    """Test fixture: stem 0 = mix, stem 1 = zeros, so the C# pipeline can be checked end to end without a network."""

    def forward(self, mix: torch.Tensor) -> torch.Tensor:
        return torch.stack((mix, torch.zeros_like(mix)), dim=1)
