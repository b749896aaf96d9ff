"""Whole-network shapes, parameter and FLOP counts for every config."""

import dataclasses

import pytest
import torch

import flops
from config import BINS, CONFIGS, LITE, MEDIUM, TINY, get_config
from locoformer import IdentityStems, TFLocoformer, apply_complex_mask


@pytest.mark.parametrize("name", ["tiny", "tiny-bands", "lite", "medium"])
def test_every_config_maps_mix_to_stems_of_the_contract_shape(name):
    torch.manual_seed(0)
    cfg = get_config(name)
    frames = 4
    if name == "medium":   # one of its six identical blocks and 2 frames: ~4 s on 2 cores even with reference BLAS
        cfg, frames = dataclasses.replace(cfg, blocks=1), 2
    model = TFLocoformer(cfg, stems=3).eval()
    with torch.no_grad():
        y = model(torch.randn(1, 4, frames, BINS))
    assert y.shape == (1, 3, 4, frames, BINS)
    assert torch.isfinite(y).all()


@pytest.mark.parametrize("name", list(CONFIGS))
@pytest.mark.parametrize("stems", [2, 5])
def test_analytic_parameter_count_equals_the_built_network(name, stems):
    model = TFLocoformer(get_config(name), stems)
    assert sum(p.numel() for p in model.parameters()) == flops.parameters(get_config(name), stems)


def test_medium_lands_on_the_specified_size_and_compute():
    assert flops.parameters(MEDIUM, 2) == pytest.approx(17.8e6, rel=0.01)
    assert flops.flops_per_second(MEDIUM, 2) == pytest.approx(4.0e12, rel=0.03)


def test_lite_stays_a_cpu_model():
    assert flops.flops_per_second(LITE, 5) == pytest.approx(25e9, rel=0.1)
    assert flops.parameters(LITE, 5) < 3.2e6        # keeps the random-weight fixture near 12.5 MB


def test_flops_count_time_attention_at_the_chunk_length():
    short, long = flops.flops_per_second(TINY, 2, sequence=10), flops.flops_per_second(TINY, 2, sequence=110)
    per_frame = 2 * TINY.blocks * BINS * 2 * 100 * TINY.width      # 2 x MACs of qk and av over 100 more frames
    assert long - short == pytest.approx(per_frame * flops.FRAMES_PER_SECOND, rel=1e-9)


@pytest.mark.parametrize("name", ["tiny", "tiny-bands"])
def test_a_mixture_consistent_network_returns_stems_that_sum_to_its_input(name):
    torch.manual_seed(2)
    mix = torch.randn(2, 4, 5, BINS) * 10
    model = TFLocoformer(get_config(name), 3, mixture_consistent=True).eval()
    with torch.no_grad():
        y = model(mix)
        plain = TFLocoformer(get_config(name), 3).eval()
        plain.load_state_dict({**model.state_dict(), "mixture_consistent": torch.tensor(False)})
        z = plain(mix)
    torch.testing.assert_close(y.sum(dim=1), mix, atol=1e-4, rtol=1e-5)
    assert (z.sum(dim=1) - mix).abs().max() > 1.0                  # without it the same weights do not sum up
    torch.testing.assert_close(y, z + (mix.unsqueeze(1) - z.sum(dim=1, keepdim=True)) / 3)


def test_the_output_flags_travel_with_the_weights_and_old_checkpoints_load_without_them():
    source = TFLocoformer(TINY, 2, mixture_consistent=True, complex_mask=True)
    target = TFLocoformer(TINY, 2)
    target.load_state_dict(source.state_dict())
    assert bool(target.mixture_consistent) and bool(target.complex_mask)
    old = {k: v for k, v in source.state_dict().items() if k not in TFLocoformer.FLAGS}
    target.load_state_dict(old)
    assert not bool(target.mixture_consistent) and not bool(target.complex_mask)
    with pytest.raises(ValueError, match="at least two stems"):
        TFLocoformer(TINY, 1, mixture_consistent=True)


def test_a_complex_mask_multiplies_each_audio_channel_of_the_mix_as_complex_numbers():
    torch.manual_seed(4)
    mask, mix = torch.randn(2, 3, 4, 5, 7), torch.randn(2, 4, 5, 7)
    y = apply_complex_mask(mask, mix)
    for c in range(2):
        m = torch.complex(mask[:, :, 2 * c], mask[:, :, 2 * c + 1])
        x = torch.complex(mix[:, 2 * c], mix[:, 2 * c + 1]).unsqueeze(1)
        torch.testing.assert_close(torch.complex(y[:, :, 2 * c], y[:, :, 2 * c + 1]), m * x)


@pytest.mark.parametrize("name", ["tiny", "tiny-bands"])
def test_a_masking_network_scales_with_its_input_where_its_mask_is_fixed(name):
    torch.manual_seed(5)
    model = TFLocoformer(get_config(name), 2, complex_mask=True).eval()
    mix = torch.randn(1, 4, 3, BINS)
    with torch.no_grad():
        y = model(mix)
        mask = model._head(mix, True)
    torch.testing.assert_close(y, apply_complex_mask(mask, mix))
    with torch.no_grad():                      # the silent mix gives silent stems whatever the mask
        assert float(model(torch.zeros_like(mix)).abs().max()) == 0.0


def test_batch_items_are_separated_independently():
    torch.manual_seed(1)
    model = TFLocoformer(get_config("tiny-bands"), 2).eval()
    a, b = torch.randn(1, 4, 6, BINS), torch.randn(1, 4, 6, BINS)
    with torch.no_grad():
        both = model(torch.cat([a, b]))
        assert torch.allclose(both[0:1], model(a), atol=1e-5)
        assert torch.allclose(both[1:2], model(b), atol=1e-5)


def test_a_frame_is_influenced_by_distant_frames_through_time_attention():
    torch.manual_seed(2)
    model = TFLocoformer(TINY, 2).eval()
    x = torch.randn(1, 4, 12, BINS)
    x2 = x.clone()
    x2[:, :, 11] += 1.0
    with torch.no_grad():
        d = (model(x) - model(x2)).abs()[:, :, :, 0].max()
    assert d > 1e-4


def test_identity_returns_the_mix_and_silence():
    x = torch.randn(2, 4, 5, BINS)
    y = IdentityStems()(x)
    assert y.shape == (2, 2, 4, 5, BINS)
    assert torch.equal(y[:, 0], x) and torch.equal(y[:, 1], torch.zeros_like(x))


def test_unknown_config_names_the_supported_ones():
    with pytest.raises(ValueError, match="medium"):
        get_config("huge")


def test_band_split_network_follows_the_level_of_its_input():
    """With the level weights at zero the band-split network is homogeneous: k * mix gives k * stems (its features
    see only each band's shape, its output is scaled by each band's RMS). The level weights then make the shape
    depend on loudness, so the same scaling no longer gives exactly k times the output."""
    torch.manual_seed(3)
    model = TFLocoformer(get_config("tiny-bands"), 2).eval()
    x = torch.randn(1, 4, 6, BINS)
    with torch.no_grad():
        for p in model.input.level:
            p.zero_()
        assert torch.allclose(model(x * 8.0), model(x) * 8.0, rtol=1e-4, atol=1e-5)
        for p in model.input.level:
            p.fill_(0.5)
        assert not torch.allclose(model(x * 8.0), model(x) * 8.0, rtol=1e-2, atol=1e-3)
