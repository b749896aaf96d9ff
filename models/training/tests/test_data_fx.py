"""Synthesized effects and noises: their shapes in time and frequency, their placement and their levels."""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from models.training.data import SAMPLE_RATE, fx_synth  # noqa: E402
from models.training.data.midi_song import Note, Song  # noqa: E402
from models.training.data.speech_pairs import coloured_noise, scale_to_snr, snr_db  # noqa: E402

SR = SAMPLE_RATE


def quarter_rms(x):
    q = x.shape[-1] // 4
    return [float(np.sqrt(np.mean(x[..., k * q:(k + 1) * q] ** 2))) for k in range(4)]


def centroid(x):
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(x.size, 1.0 / SR)
    return float(np.sum(f * spec) / np.sum(spec))


def slope_db_per_octave(noise):
    frames = noise[:noise.size // 4096 * 4096].reshape(-1, 4096) * np.hanning(4096)
    power = np.mean(np.abs(np.fft.rfft(frames, axis=1)) ** 2, axis=0)
    f = np.fft.rfftfreq(4096, 1.0 / SR)
    band = (f > 200) & (f < 10000)
    return float(np.polyfit(np.log2(f[band]), 10 * np.log10(power[band]), 1)[0])


@pytest.mark.parametrize("colour,slope", [("white", 0.0), ("pink", -3.01), ("brown", -6.02)])
def test_noise_colours_have_their_spectral_slope(colour, slope):
    noise = coloured_noise(np.random.default_rng(0), 4 * SR, colour)
    assert slope_db_per_octave(noise) == pytest.approx(slope, abs=0.3)


def test_noise_riser_grows_louder_and_brighter_and_downlifter_does_the_opposite():
    rng = np.random.default_rng(1)
    up = fx_synth.noise_riser(rng, 2 * SR, up=True)
    down = fx_synth.noise_riser(rng, 2 * SR, up=False)
    r = quarter_rms(up)
    assert r[0] < r[1] < r[2] < r[3]
    assert centroid(up[0, -SR // 4:]) > 2 * centroid(up[0, SR // 4:SR // 2])
    d = quarter_rms(down)
    assert d[0] > d[1] > d[2] > d[3]


def test_sine_riser_sweeps_up_in_pitch():
    x = fx_synth.sine_riser(np.random.default_rng(2), 2 * SR)[0]
    assert centroid(x[-SR // 4:]) > 2 * centroid(x[SR // 4:SR // 2])


def test_impact_starts_at_full_level_and_decays_by_more_than_20_db():
    x = fx_synth.impact(np.random.default_rng(3), 2 * SR)
    head = np.sqrt(np.mean(x[:, :SR // 10] ** 2))
    tail = np.sqrt(np.mean(x[:, -SR // 4:] ** 2))
    assert 20 * np.log10(head / tail) > 20.0
    assert np.abs(x[:, 0]).max() < 1e-3 * np.abs(x).max()   # 2 ms attack: no click at the start


def test_rendered_events_sit_at_their_time_at_the_requested_level():
    ref = 0.05
    events = [{"kind": "impact", "start": 1.0, "seconds": 1.5, "level_db": -6.0}]
    out = fx_synth.render_events(events, np.random.default_rng(4), 4 * SR, ref)
    assert not np.any(out[:, :SR]) and not np.any(out[:, int(2.5 * SR) + 1:])
    level = 20 * np.log10(np.sqrt(np.mean(out[:, SR:int(2.5 * SR)].astype(np.float64) ** 2)) / ref)
    assert level == pytest.approx(-6.0, abs=0.01)


def test_risers_end_and_impacts_start_on_section_lines():
    # 120 BPM 4/4 for 60 s: a bar is 2 s, section lines every 4 bars (8 s).
    song = Song(ticks_per_beat=480, notes=[Note(0, 480 * 120, 0, 60, 90, 0)], events=[], tempo_ticks=[0],
                tempo_us=[500000])
    lines = fx_synth.section_starts(song)
    assert lines == pytest.approx([8.0 * k for k in range(1, 8)])
    for seed in range(5):
        for ev in fx_synth.place_events(song, np.random.default_rng(seed)):
            edge = ev["start"] + ev["seconds"] if ev["kind"].endswith("riser") else ev["start"]
            assert min(abs(edge - line) for line in lines) < 1e-3
            assert ev["start"] >= 0 and ev["start"] + ev["seconds"] <= 60.0


def test_noise_scaled_to_a_snr_gives_that_snr():
    rng = np.random.default_rng(5)
    clean, noise = rng.standard_normal(SR), coloured_noise(rng, SR, "pink")
    for wanted in (-5.0, 0.0, 7.3, 20.0):
        assert snr_db(clean, scale_to_snr(clean, noise, wanted)) == pytest.approx(wanted, abs=1e-9)
