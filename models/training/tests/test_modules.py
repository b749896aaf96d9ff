"""Each module against a direct, loop-level statement of its formula."""

import math

import pytest
import torch
import torch.nn.functional as F

from config import BANDS_8, BINS
from locoformer import (BandMerge, BandSplit, ConvSwiGLU, MultiHeadSelfAttention, RMSGroupNorm, RotaryEmbedding,
                        rms_normalize)


def test_rms_group_norm_divides_each_group_by_its_rms_plus_eps_then_scales_per_channel():
    torch.manual_seed(0)
    norm = RMSGroupNorm(8, groups=4, eps=1e-5)
    with torch.no_grad():
        norm.gamma.copy_(torch.arange(1.0, 9.0))
    x = torch.randn(3, 5, 8, dtype=torch.float32)
    x[0, 0, 2:4] = 1e-4                                   # a near-silent group where eps matters
    y = norm(x)
    expected = torch.empty_like(x)
    for i in range(3):
        for j in range(5):
            for g in range(4):
                v = x[i, j, 2 * g:2 * g + 2].double()
                rms = math.sqrt(float((v * v).sum()) / 2)
                expected[i, j, 2 * g:2 * g + 2] = (v / (rms + 1e-5) * norm.gamma[2 * g:2 * g + 2].double()).float()
    assert torch.allclose(y, expected, atol=1e-5, rtol=1e-5)
    # eps outside the sqrt: a group of value 1e-4 maps to 1e-4 / (1e-4 + 1e-5), not 1e-4 / sqrt(1e-8 + 1e-5)
    assert y[0, 0, 2].item() == pytest.approx(3 * 1e-4 / 1.1e-4, rel=1e-4)


def test_rms_group_norm_rejects_channels_that_do_not_split_into_groups():
    with pytest.raises(ValueError, match="groups"):
        RMSGroupNorm(10, groups=4)


def test_rotary_embedding_matches_the_per_element_interleaved_formula():
    d, length = 6, 5
    rope = RotaryEmbedding(d)
    torch.manual_seed(1)
    x = torch.randn(2, length, d)
    cos, sin = rope.tables(length)
    y = RotaryEmbedding.rotate(x, cos, sin)
    for n in range(2):
        for p in range(length):
            for i in range(d // 2):
                f = 10000.0 ** (-2 * i / d)
                a, b = x[n, p, 2 * i].item(), x[n, p, 2 * i + 1].item()
                c, s = math.cos(p * f), math.sin(p * f)
                assert y[n, p, 2 * i].item() == pytest.approx(a * c - b * s, abs=1e-5)
                assert y[n, p, 2 * i + 1].item() == pytest.approx(b * c + a * s, abs=1e-5)


def test_rotary_scores_depend_only_on_the_relative_position():
    d = 8
    rope = RotaryEmbedding(d)
    cos, sin = rope.tables(40)
    torch.manual_seed(2)
    q, k = torch.randn(d), torch.randn(d)

    def score(m, n):
        qm = RotaryEmbedding.rotate(q.expand(40, d), cos, sin)[m]
        kn = RotaryEmbedding.rotate(k.expand(40, d), cos, sin)[n]
        return float(qm @ kn)

    assert score(3, 1) == pytest.approx(score(30, 28), abs=1e-4)
    assert score(3, 1) != pytest.approx(score(3, 2), abs=1e-3)


def test_attention_equals_a_per_head_loop_with_rotary_queries_and_keys():
    torch.manual_seed(3)
    c, heads, length = 12, 3, 7
    rope = RotaryEmbedding(c // heads)
    attn = MultiHeadSelfAttention(c, heads, rope)
    x = torch.randn(2, length, c)
    y = attn(x)
    d = c // heads
    cos, sin = rope.tables(length)
    qkv = x @ attn.qkv.weight.T
    heads_out = []
    for h in range(heads):
        q = RotaryEmbedding.rotate(qkv[..., h * d:(h + 1) * d], cos, sin)
        k = RotaryEmbedding.rotate(qkv[..., c + h * d:c + (h + 1) * d], cos, sin)
        v = qkv[..., 2 * c + h * d:2 * c + (h + 1) * d]
        w = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)
        heads_out.append(w @ v)
    expected = torch.cat(heads_out, dim=-1) @ attn.out.weight.T
    assert torch.allclose(y, expected, atol=1e-5)


def test_conv_swiglu_equals_linear_depthwise_conv1d_silu_gate_linear():
    torch.manual_seed(4)
    c, e = 4, 4
    ffn = ConvSwiGLU(c, e, kernel=3)
    x = torch.randn(2, 3, 9, c)                           # [B, R, T, C]
    y = ffn(x)
    z = ffn.inp(x)                                        # [B, R, T, 2H]
    seq = z.reshape(6, 9, 2 * c * e).transpose(1, 2)      # [B*R, 2H, T]
    conv = F.conv1d(seq, ffn.dw.weight, ffn.dw.bias, padding=1, groups=2 * c * e).transpose(1, 2).reshape(2, 3, 9, -1)
    h = c * e
    expected = ffn.out(conv[..., :h] * F.silu(conv[..., h:]))
    assert torch.allclose(y, expected, atol=1e-5)


def _bands_of(bands):
    start = 0
    for w in bands:
        yield start, w
        start += w


def test_band_split_normalizes_and_projects_every_band_on_its_own():
    torch.manual_seed(5)
    split = BandSplit(BANDS_8, in_channels=4, width=6)
    with torch.no_grad():
        for p in list(split.gamma) + list(split.level):
            p.uniform_(0.5, 1.5)
        for p in split.bias:
            p.normal_()
    mix = torch.randn(2, 4, 3, BINS) * torch.tensor([0.01, 1.0, 30.0]).reshape(1, 1, 3, 1)
    y, levels = split(mix)
    assert y.shape == (2, len(BANDS_8), 3, 6)
    assert levels.shape == (2, len(BANDS_8), 3, 1)
    run_of = [(i, j) for i, (_, n, _) in enumerate(split.runs) for j in range(n)]
    for band, (s, w) in enumerate(_bands_of(BANDS_8)):
        i, j = run_of[band]
        feats = mix[:, :, :, s:s + w].permute(0, 2, 1, 3).reshape(2, 3, 4 * w)      # channel-major features
        rms = feats.pow(2).mean(-1, keepdim=True).sqrt()
        expected = (feats / (rms + 1e-5) * split.gamma[i][j, 0]) @ split.weight[i][j] \
            + torch.log(rms + 1e-5) * split.level[i][j, 0] + split.bias[i][j, 0]
        assert torch.allclose(y[:, band], expected, atol=1e-4), f"band {band}"
        assert torch.allclose(levels[:, band], rms, rtol=1e-5), f"band {band}"


def test_band_split_features_tell_frames_of_different_level_apart():
    """The defect this guards against: with the RMSNorm alone, a frame scaled by 10 gave identical features."""
    torch.manual_seed(8)
    split = BandSplit(BANDS_8, in_channels=4, width=6)
    mix = torch.randn(1, 4, 2, BINS)
    mix[:, :, 1] = mix[:, :, 0] * 10.0
    y, levels = split(mix)
    assert torch.allclose(levels[:, :, 1], levels[:, :, 0] * 10.0, rtol=1e-5)
    assert (y[:, :, 1] - y[:, :, 0]).abs().max() > 1e-3


def test_band_merge_maps_each_band_back_to_its_bins_for_every_stem():
    torch.manual_seed(6)
    stems, hidden, width = 3, 5, 6
    merge = BandMerge(BANDS_8, width, hidden, stems, out_channels=4)
    with torch.no_grad():
        for p in merge.bias:
            p.normal_()
    x = torch.randn(2, len(BANDS_8), 3, width)
    levels = torch.rand(2, len(BANDS_8), 3, 1) * 5.0
    y = merge(x, levels)
    assert y.shape == (2, stems, 4, 3, BINS)
    run_of = [(i, j) for i, (_, n, _) in enumerate(merge.runs) for j in range(n)]
    for band, (s, w) in enumerate(_bands_of(BANDS_8)):
        i, j = run_of[band]
        for stem in range(stems):
            lin = merge.stem.weight[stem * hidden:(stem + 1) * hidden]
            h = torch.tanh(x[:, band] @ lin.T + merge.stem.bias[stem * hidden:(stem + 1) * hidden])
            o = h @ merge.weight[i][j] + merge.bias[i][j, 0]                        # [B, T, 2 * 4w]
            glu = o[..., :4 * w] * torch.sigmoid(o[..., 4 * w:])
            glu = glu * levels[:, band]                                              # the band's input RMS
            expected = glu.reshape(2, 3, 4, w).permute(0, 2, 1, 3)                  # [B, 4, T, w]
            assert torch.allclose(y[:, stem, :, :, s:s + w], expected, atol=1e-5), f"band {band} stem {stem}"


def test_rms_normalize_of_zeros_is_zero_not_nan():
    y = rms_normalize(torch.zeros(2, 8), 1e-5)
    assert torch.equal(y, torch.zeros(2, 8))
