"""Pan law, gain bounds, padding and peak normalization of the stems."""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from models.training.data import mixing  # noqa: E402


def test_drawn_pan_and_gain_stay_within_their_bounds_and_cover_them():
    rng = np.random.default_rng(0)
    draws = np.array([mixing.draw_pan_gain(rng) for _ in range(2000)])
    pans, gains = draws[:, 0], draws[:, 1]
    assert pans.min() >= -mixing.PAN_LIMIT and pans.max() <= mixing.PAN_LIMIT
    assert gains.min() >= mixing.GAIN_DB_RANGE[0] and gains.max() <= mixing.GAIN_DB_RANGE[1]
    assert pans.min() < -0.9 * mixing.PAN_LIMIT and pans.max() > 0.9 * mixing.PAN_LIMIT
    assert mixing.PAN_LIMIT < 1.0        # never hard-panned: both channels always carry every stem


@pytest.mark.parametrize("pan", [-1.0, -0.5, 0.0, 0.3, 1.0])
def test_pan_keeps_total_power_and_centre_is_unity(pan):
    left, right = mixing.pan_gains(pan)
    assert left ** 2 + right ** 2 == pytest.approx(2.0)
    assert (left > right) == (pan < 0) or pan == 0.0
    if pan == 0.0:
        assert left == pytest.approx(1.0) and right == pytest.approx(1.0)


def test_panned_stem_has_the_expected_channel_levels():
    t = np.arange(44100) / 44100.0
    tone = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    out = mixing.apply_pan_gain(np.stack([tone, tone]), pan=0.5, gain_db=-6.0)
    rms = np.sqrt(np.mean(out.astype(np.float64) ** 2, axis=1)) / np.sqrt(0.5)
    g = 10 ** (-6.0 / 20)
    # Constant-power law at 3/4 of the way to the right: cos / sin of 3*pi/8, times sqrt(2).
    assert rms[0] == pytest.approx(g * np.sqrt(2) * np.cos(3 * np.pi / 8), rel=1e-4)
    assert rms[1] == pytest.approx(g * np.sqrt(2) * np.sin(3 * np.pi / 8), rel=1e-4)
    assert out.dtype == np.float32


def test_bad_pan_and_shapes_are_rejected_with_the_supported_range():
    with pytest.raises(ValueError, match=r"outside \[-1, 1\]"):
        mixing.pan_gains(1.5)
    with pytest.raises(ValueError, match=r"stereo array \[2, samples\]"):
        mixing.apply_pan_gain(np.zeros((1, 10), np.float32), 0.0, 0.0)


def test_stems_of_different_lengths_are_zero_padded_to_the_longest():
    a = np.ones((2, 5), np.float32)
    b = np.full((2, 8), 2.0, np.float32)
    out = mixing.pad_to([a, b, np.zeros((2, 0), np.float32)])
    assert out.shape == (3, 2, 8)
    assert np.array_equal(out[0, :, :5], a) and not np.any(out[0, :, 5:]) and not np.any(out[2])
    assert np.array_equal(mixing.mix(out)[:, :5], np.full((2, 5), 3.0, np.float32))


def test_peak_normalization_scales_every_stem_alike_and_only_down():
    rng = np.random.default_rng(1)
    stems = rng.uniform(-0.6, 0.6, (5, 2, 1000)).astype(np.float32)
    out, scale = mixing.normalize_peak(stems)
    assert scale < 1.0
    assert np.abs(mixing.mix(out)).max() <= mixing.PEAK_LIMIT and np.abs(out).max() <= mixing.PEAK_LIMIT
    assert np.allclose(out, stems * scale, rtol=1e-6)
    quiet, unit = mixing.normalize_peak(stems * np.float32(0.01))
    assert unit == 1.0 and np.array_equal(quiet, stems * np.float32(0.01))


def test_active_level_ignores_silence_and_is_minus_infinity_for_a_silent_stem():
    x = np.zeros((2, 44100), np.float32)
    x[:, :4410] = 0.1
    assert mixing.active_rms_db(x) == pytest.approx(-20.0, abs=1e-4)
    assert mixing.rms_db(x) == pytest.approx(-30.0, abs=1e-4)
    assert mixing.active_rms_db(np.zeros((2, 44100), np.float32)) == float("-inf")
