"""metrics.py, wavio.py and eval.py: metric values on known cases, the floor/ceiling, the file layout, the fixture."""

import json
import math
import os

import numpy as np
import pytest
import torch

from config import TINY
from eval import equal_split, markdown, prepare, read_set, score_set, separate_track, write_set
from locoformer import IdentityStems
from metrics import _istft, _stft, framewise_sdr, irm_estimates, median, si_sdr, usdr
from test_train import make_material
from wavio import read_wav, write_wav

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
RATE = 44100


def noise(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def test_usdr_of_an_estimate_with_one_percent_error_energy_is_20_db():
    s = noise((2, 10000))
    e = noise((2, 10000), 1)
    e *= np.sqrt(0.01 * np.sum(s ** 2) / np.sum(e ** 2))
    assert usdr(s, s + e) == pytest.approx(20.0, abs=1e-6)     # delta 1e-7 moves it by ~2e-9
    assert usdr(s, s) == pytest.approx(10 * math.log10((np.sum(s ** 2) + 1e-7) / 1e-7))


def test_usdr_refuses_shapes_that_differ():
    with pytest.raises(ValueError, match="same shape"):
        usdr(np.zeros((2, 10)), np.zeros((2, 11)))


def test_framewise_sdr_uses_whole_seconds_drops_the_tail_and_marks_silent_windows_nan():
    s = noise((2, int(3.5 * RATE)), 2)
    s[:, RATE:2 * RATE] = 0.0                                     # second window: silent reference
    e = s.copy()
    e[:, :RATE] += 0.1 * s[:, :RATE]                              # window 0: error = 0.1 s -> 20 dB
    e[:, 2 * RATE:] += 0.01 * s[:, 2 * RATE:]                     # window 2: 40 dB (the 0.5-s tail is dropped)
    scores = framewise_sdr(s, e)
    assert len(scores) == 3
    assert scores[0] == pytest.approx(20.0, abs=1e-9) and math.isnan(scores[1])
    assert scores[2] == pytest.approx(40.0, abs=1e-9)
    assert median(scores) == pytest.approx(30.0, abs=1e-9)


def test_framewise_sdr_pads_a_short_estimate_with_zeros_which_makes_that_window_nan():
    s = noise((1, 2 * RATE), 3)
    scores = framewise_sdr(s, s[:, :RATE] * 0.5)
    assert scores[0] == pytest.approx(10 * math.log10(4.0), abs=1e-9) and math.isnan(scores[1])


def test_si_sdr_ignores_scale_and_measures_orthogonal_error():
    s = noise((2, 20000), 4)
    s -= s.mean(axis=1, keepdims=True)
    n = noise((2, 20000), 5)
    n -= n.mean(axis=1, keepdims=True)
    n -= np.sum(n * s) / np.sum(s * s) * s                        # orthogonal to s
    n *= np.sqrt(0.1 * np.sum(s ** 2) / np.sum(n ** 2))
    assert si_sdr(s, 3.0 * (s + n)) == pytest.approx(10.0, abs=1e-9)
    assert usdr(s, 3.0 * (s + n)) < 0.0                            # the scale error costs uSDR, not SI-SDR


def test_numpy_stft_matches_torch_stft_and_inverts():
    x = noise(7001, 6)
    ours = _stft(x)
    theirs = torch.stft(torch.from_numpy(x), 2048, 512, window=torch.hann_window(2048, periodic=True,
                        dtype=torch.float64), center=True, pad_mode="reflect", return_complex=True).numpy().T
    np.testing.assert_allclose(ours, theirs, atol=1e-9)
    np.testing.assert_allclose(_istft(ours, 7001), x, atol=1e-12)


def test_the_ideal_ratio_mask_ceiling_beats_the_mixture_floor_and_its_estimates_sum_to_the_mix():
    t = np.arange(2 * RATE) / RATE
    a = np.stack([0.3 * np.sin(2 * np.pi * 440 * t)] * 2)
    b = 0.1 * noise((2, 2 * RATE), 7)
    mix = a + b
    est = irm_estimates(np.stack((a, b)), mix)
    assert usdr(a, est[0]) > usdr(a, mix) + 10.0
    assert usdr(b, est[1]) > usdr(b, mix) + 3.0
    np.testing.assert_allclose(est.sum(axis=0), mix, atol=1e-6)
    np.testing.assert_allclose(irm_estimates(mix[None], mix)[0], mix, atol=1e-7)   # one source: mask ~1


def test_wav_files_round_trip_in_float_and_16_bit_and_24_bit_reads(tmp_path):
    x = np.clip(noise((2, 1000), 8) * 0.3, -1, 1)
    write_wav(str(tmp_path / "f.wav"), x)
    y, rate = read_wav(str(tmp_path / "f.wav"))
    assert rate == RATE and y.shape == (2, 1000)
    np.testing.assert_array_equal(y, x.astype(np.float32).astype(np.float64))
    write_wav(str(tmp_path / "p.wav"), x, bits=16)
    z, _ = read_wav(str(tmp_path / "p.wav"))
    np.testing.assert_allclose(z, x, atol=1 / 32768)
    # a hand-built 24-bit mono file: samples -1, 0.5, -2^-23
    data = b"".join(v.to_bytes(3, "little", signed=True) for v in (-(1 << 23), 1 << 22, -1))
    fmt = (16).to_bytes(4, "little") + (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + \
        RATE.to_bytes(4, "little") + (3 * RATE).to_bytes(4, "little") + (3).to_bytes(2, "little") + \
        (24).to_bytes(2, "little")
    body = b"WAVE" + b"fmt " + fmt + b"data" + len(data).to_bytes(4, "little") + data
    (tmp_path / "i24.wav").write_bytes(b"RIFF" + len(body).to_bytes(4, "little") + body)
    w, _ = read_wav(str(tmp_path / "i24.wav"))
    np.testing.assert_array_equal(w[0], [-1.0, 0.5, -2.0 ** -23])


def test_wav_reader_names_an_unsupported_encoding(tmp_path):
    fmt = (16).to_bytes(4, "little") + (2).to_bytes(2, "little") + (1).to_bytes(2, "little") + \
        RATE.to_bytes(4, "little") + (RATE).to_bytes(4, "little") + (1).to_bytes(2, "little") + (8).to_bytes(2, "little")
    body = b"WAVE" + b"fmt " + fmt + b"data" + (2).to_bytes(4, "little") + b"\0\0"
    (tmp_path / "adpcm.wav").write_bytes(b"RIFF" + len(body).to_bytes(4, "little") + body)
    with pytest.raises(ValueError, match="format tag 2, 8 bits.*supported: PCM 16/24/32, float 32/64"):
        read_wav(str(tmp_path / "adpcm.wav"))


def test_chunked_separation_tiles_the_track_so_an_identity_network_returns_the_mix():
    mix = (noise((2, 50000), 9) * 0.05).astype(np.float32)      # not a multiple of the kept 16 * 512 samples
    est = separate_track(IdentityStems(), mix, TINY)
    assert est.shape == (2, 2, 50000)
    np.testing.assert_allclose(est[0], mix, atol=1e-6)


def test_scoring_a_set_gives_floor_ceiling_and_a_gap_closed_of_one_for_the_ideal_mask(tmp_path):
    t = np.arange(int(2.2 * RATE)) / RATE
    voc = np.stack([0.2 * np.sin(2 * np.pi * 330 * t) * (np.sin(2 * np.pi * t) > 0)] * 2)
    ins = 0.05 * noise(voc.shape, 10)
    mix = voc + ins
    write_set(str(tmp_path), ["vocals", "instrumental"], ["vocals", "instrumental"],
              {"a": {"mix": mix, "vocals": voc, "instrumental": ins}})
    floor_only = score_set(str(tmp_path))
    assert "estimate" not in floor_only["systems"] and "gapClosed" not in floor_only
    irm = irm_estimates(np.stack((voc, ins)), mix).astype(np.float32)
    for k, s in enumerate(["vocals", "instrumental"]):
        write_wav(str(tmp_path / "a" / "estimate" / (s + ".wav")), irm[k])
    r = score_set(str(tmp_path))
    summary = r["systems"]
    assert summary["irm"]["summary"]["vocals"]["usdr"] > summary["mixture"]["summary"]["vocals"]["usdr"]
    assert r["gapClosed"]["vocals"] == pytest.approx(1.0, abs=1e-4)
    assert r["gapClosed"]["instrumental"] == pytest.approx(1.0, abs=1e-4)
    assert "| vocals |" in markdown(r) and "100 %" in markdown(r)
    split = equal_split(str(tmp_path))
    assert split["vocals"] == pytest.approx(usdr(voc, mix / 2), abs=1e-4)
    assert split["instrumental"] == pytest.approx(usdr(ins, mix / 2), abs=1e-4)


def test_prepare_writes_the_layout_and_skips_songs_with_a_silent_target(tmp_path):
    root = make_material(str(tmp_path / "m"))
    songs = json.load(open(os.path.join(root, "music", "index.json")))
    stems = np.load(os.path.join(root, "music", "song2", "stems.npy"))
    stems[4] = 0.0                                                # the validation song loses its fx
    np.save(os.path.join(root, "music", "song2", "stems.npy"), stems)
    assert prepare(root, "5stem", str(tmp_path / "five"), seconds=1.0) == ["song2"]
    assert read_set(str(tmp_path / "five"))["tracks"] == []
    assert prepare(root, "2stem", str(tmp_path / "two"), seconds=1.0) == []
    meta = read_set(str(tmp_path / "two"))
    assert meta["tracks"] == ["song2"] and songs["songs"][2]["split"] == "valid"
    mix, _ = read_wav(str(tmp_path / "two" / "song2" / "mix.wav"))
    refs = [read_wav(str(tmp_path / "two" / "song2" / "reference" / f"{s}.wav"))[0] for s in meta["sources"]]
    np.testing.assert_allclose(sum(refs), mix, atol=1e-6)
    prepare(root, "clean", str(tmp_path / "speech"))
    assert read_set(str(tmp_path / "speech"))["sources"] == ["speech", "noise"]


def test_the_committed_eval_fixture_scores_as_its_expected_json():
    folder = os.path.join(REPO, "tests", "fixtures", "eval")
    with open(os.path.join(folder, "expected.json")) as f:
        expected = json.load(f)
    actual = score_set(folder)

    def close(a, b, path="$"):
        if isinstance(a, dict):
            assert a.keys() == b.keys(), path
            for k in a:
                close(a[k], b[k], f"{path}.{k}")
        elif isinstance(a, list):
            assert a == b, path
        elif isinstance(a, float) and b is not None:
            assert a == pytest.approx(b, abs=1e-9), path
        else:
            assert a == b, path

    close(actual, expected)
    assert set(expected["systems"]) == {"estimate", "mixture", "irm"} and expected["tracks"] == ["tones", "gap"]
