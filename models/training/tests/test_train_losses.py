"""losses.py: the contract's signal path in torch, the training loss, and the output calibration of train.py."""

import numpy as np
import pytest
import torch

from config import BINS, TINY_BANDS
from locoformer import IdentityStems, TFLocoformer
from losses import (chunk_std, from_model_output, istft, separate_chunk, separation_loss, stft, thresholded_sdr,
                    to_model_input)
from metrics import _stft
from train import calibrate_output


def signal(shape, seed=0):
    return torch.from_numpy(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


def test_torch_stft_follows_the_contract_as_an_independent_numpy_stft_computes_it():
    x = signal((1, 5000))
    ours = stft(x)[0].numpy()                                    # [F, T]
    reference = _stft(x[0].numpy().astype(np.float64)).T         # numpy: reflect pad, periodic Hann, rfft
    assert ours.shape == (BINS, 1 + 5000 // 512)
    np.testing.assert_allclose(ours, reference, atol=2e-3, rtol=1e-4)


def test_istft_of_stft_gives_back_the_chunk():
    x = signal((2, 2, 32256), 1)
    np.testing.assert_allclose(istft(stft(x), 32256).numpy(), x.numpy(), atol=1e-5)


def test_model_input_layout_is_real_then_imaginary_per_audio_channel_and_output_layout_inverts_it():
    spec = stft(signal((1, 2, 4000), 2))                         # [1, 2, F, T]
    x = to_model_input(spec)                                     # [1, 4, T, F]
    assert x.shape == (1, 4, spec.shape[-1], BINS)
    np.testing.assert_array_equal(x[0, 1].numpy(), spec[0, 0].imag.T.numpy())
    np.testing.assert_array_equal(x[0, 2].numpy(), spec[0, 1].real.T.numpy())
    back = from_model_output(x.unsqueeze(1))
    np.testing.assert_array_equal(back[:, 0].numpy(), spec.numpy())


def test_chunk_std_is_the_unbiased_std_over_channels_and_samples_without_mean_removal():
    x = signal((3, 2, 1000), 3) * 0.2 + 0.5
    expected = np.std(x.numpy().reshape(3, -1), axis=1, ddof=1)
    np.testing.assert_allclose(chunk_std(x).flatten().numpy(), expected, rtol=1e-5)


def test_separate_chunk_normalizes_and_scales_back_so_an_identity_network_returns_the_mix():
    mix = signal((2, 2, 15 * 512), 4) * 0.03
    out = separate_chunk(IdentityStems(), mix)
    np.testing.assert_allclose(out[:, 0].numpy(), mix.numpy(), atol=1e-6)
    assert float(out[:, 1].abs().max()) == 0.0


def test_thresholded_sdr_saturates_for_a_perfect_estimate_and_is_zero_for_silence():
    ref = signal((3, 2, 2, 3000), 5)
    mix = ref.sum(dim=1)
    perfect = thresholded_sdr(ref, ref, mix)
    floor = 1e-3 * mix.pow(2).sum()
    expected = 10 * torch.log10((ref.pow(2).sum(dim=(0, -2, -1)) + floor) / floor)
    np.testing.assert_allclose(perfect.numpy(), expected.numpy(), rtol=1e-5)
    np.testing.assert_allclose(thresholded_sdr(torch.zeros_like(ref), ref, mix).numpy(), 0.0, atol=1e-5)


def test_the_sdr_term_is_the_batch_taken_as_one_signal_so_a_quiet_example_weighs_little():
    ref = signal((2, 1, 2, 3000), 8)
    ref[1] *= 1e-3                                              # the stem is almost silent in example 1
    mix = ref.sum(dim=1) + signal((2, 2, 3000), 9)
    leak = ref.clone()
    leak[1] += 1e-2 * signal((2, 3000), 10)                     # an error 20 dB above that quiet reference
    sdr = float(thresholded_sdr(leak, ref, mix))
    error = (1e-2 * signal((2, 3000), 10)).pow(2).sum()
    floor = 1e-3 * mix.pow(2).sum()
    assert sdr == pytest.approx(float(10 * torch.log10((ref.pow(2).sum() + floor) / (error + floor))), rel=1e-5)
    assert sdr > 20.0                                           # per example, chunk 1 alone would score about -20 dB


def test_the_loss_ranks_estimates_by_their_error():
    ref = signal((2, 2, 2, 8000), 6)
    mix = ref.sum(dim=1)
    noise = signal(ref.shape, 7)
    losses = [float(separation_loss(ref + a * noise, ref, mix)) for a in (0.0, 0.1, 0.5)]
    assert losses[0] < losses[1] < losses[2]
    assert float(separation_loss(torch.zeros_like(ref), ref, mix)) > losses[1]


def test_calibration_gives_the_first_output_the_targets_level_in_every_band():
    torch.manual_seed(0)
    model = TFLocoformer(TINY_BANDS, 2)
    t = torch.arange(15 * 512) / 44100.0
    low = torch.sin(2 * torch.pi * 100 * t) * 0.3                 # energy in the lowest band only
    high = torch.sin(2 * torch.pi * 15000 * t) * 0.01
    targets = torch.stack((low, high)).unsqueeze(1).repeat(1, 2, 1).unsqueeze(0).repeat(2, 1, 1, 1)
    mix = targets.sum(dim=1)
    calibrate_output(model, mix, targets)
    with torch.no_grad():
        std = chunk_std(mix)
        out = from_model_output(model(to_model_input(stft(mix / std))))
    ref = stft(targets / std.unsqueeze(1))
    first = 0
    for width in TINY_BANDS.bands:
        band = slice(first, first + width)
        r = float(ref[..., band, :].abs().pow(2).mean().sqrt())
        o = float(out[..., band, :].abs().pow(2).mean().sqrt())
        np.testing.assert_allclose(o, r, rtol=1e-3)
        first += width
