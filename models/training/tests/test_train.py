"""train.py and augment.py on a tiny synthetic material folder (same layout as the generator's, built here)."""

import json
import math
import os

import numpy as np
import pytest
import torch

from augment import SILENT_RMS, ExampleSampler, chunk_samples, fixed_set, music_targets
from data.store import save_json, save_npy
from config import TINY_BANDS
from train import Trainer, atomic_save, main

RATE = 44100


def make_material(root: str, seconds: float = 1.0) -> str:
    """Three songs (two train, one valid) whose stems are tones at stem-specific pitches, and three speech clips."""
    rng = np.random.default_rng(3)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    songs = []
    for i, split in enumerate(["train", "train", "valid"]):
        stems = np.zeros((5, 2, n), np.float32)
        for k, f in enumerate([440.0, 120.0, 55.0, 330.0, 2000.0]):
            amp = 0.1 * (1 + 0.5 * np.sin(2 * np.pi * (1 + i + k) * t))
            stems[k] = (amp * np.sin(2 * np.pi * f * (1 + 0.05 * i) * t))[None] * np.array([[0.9], [1.1]])
        stems += 0.001 * rng.standard_normal(stems.shape).astype(np.float32)
        sid = f"song{i}"
        os.makedirs(os.path.join(root, "music", sid), exist_ok=True)
        save_npy(os.path.join(root, "music", sid, "stems.npy"), stems)
        save_npy(os.path.join(root, "music", sid, "mix.npy"), stems.sum(axis=0, dtype=np.float32))
        songs.append({"id": sid, "split": split, "samples": n, "seconds": n / RATE,
                      "stems_file": f"music/{sid}/stems.npy", "mix_file": f"music/{sid}/mix.npy"})
    save_json(os.path.join(root, "music", "index.json"),
              {"format": 1, "sample_rate": RATE, "stems": ["vocals", "drums", "bass", "instruments", "fx"],
               "songs": songs})
    clips = []
    os.makedirs(os.path.join(root, "speech"), exist_ok=True)
    for i, split in enumerate(["train", "train", "valid"]):
        clean = (0.1 * np.sin(2 * np.pi * 200 * t) * (np.sin(2 * np.pi * 3 * t) > 0)).astype(np.float32)
        noise = (0.03 * rng.standard_normal(n)).astype(np.float32)
        save_npy(os.path.join(root, "speech", f"clip{i}.npy"), np.stack((clean, noise)))
        clips.append({"id": f"clip{i}", "split": split, "samples": n, "seconds": n / RATE,
                      "file": f"speech/clip{i}.npy"})
    save_json(os.path.join(root, "speech", "index.json"), {"format": 1, "channels": 1, "clips": clips})
    return root


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    return make_material(str(tmp_path_factory.mktemp("material")))


def tiny(material, task="2stem", seed=0, lr=1e-2):
    return Trainer("tiny-bands", task, material, frames=16, batch=2, lr=lr, warmup=1, seed=seed)


@pytest.mark.parametrize("task,stems", [("2stem", 2), ("5stem", 5)])
def test_music_examples_are_stereo_chunks_whose_mix_is_the_sum_of_the_targets(material, task, stems):
    sampler = ExampleSampler(material, task, "train", chunk_samples(16))
    mix, targets = sampler.batch(np.random.default_rng(1), 3)
    assert mix.shape == (3, 2, 15 * 512) and targets.shape == (3, stems, 2, 15 * 512)
    np.testing.assert_allclose(targets.sum(axis=1), mix, atol=1e-6)


def test_two_stem_instrumental_is_the_sum_of_the_four_other_stems():
    five = np.random.default_rng(0).standard_normal((5, 2, 100)).astype(np.float32)
    two = music_targets(five, "2stem")
    np.testing.assert_array_equal(two[0], five[0])
    np.testing.assert_allclose(two[1], five[1] + five[2] + five[3] + five[4], atol=1e-6)


def test_clean_examples_target_the_speech_and_the_noise_that_make_the_mix(material):
    mix, targets = ExampleSampler(material, "clean", "train", 4000).batch(np.random.default_rng(2), 4)
    assert targets.shape == (4, 2, 2, 4000)
    np.testing.assert_allclose(targets[:, 0] + targets[:, 1], mix, atol=1e-6)
    assert np.all(np.sqrt(np.mean(targets[:, 1] ** 2, axis=(1, 2))) > 1e-3)


@pytest.mark.parametrize("task", ["2stem", "5stem", "clean"])
def test_every_task_trains_a_mixture_consistent_network(material, task):
    t = tiny(material, task)
    assert bool(t.model.mixture_consistent) and t.state()["model"]["mixture_consistent"].item()


def test_a_five_stem_run_starts_from_the_body_of_a_two_stem_checkpoint_without_its_flag(material, tmp_path):
    source = tiny(material, "2stem", seed=4).model.state_dict()
    old = {k: v for k, v in source.items() if k != "mixture_consistent"}    # saved before the option existed
    torch.save(old, tmp_path / "two.pt")
    t = Trainer("tiny-bands", "5stem", material, frames=16, batch=2, warmup=1, init=str(tmp_path / "two.pt"))
    new = t.model.state_dict()
    assert bool(t.model.mixture_consistent)
    assert new["output.stem.weight"].shape[0] == 5 * TINY_BANDS.merge_hidden
    body = [k for k in source if k.startswith(("input.", "blocks."))]
    assert body and all(torch.equal(new[k], source[k]) for k in body)
    # the band weights (shared by the stems) were kept and quieted for the fresh mask head
    torch.testing.assert_close(new["output.weight.0"], 0.1 * source["output.weight.0"])


def test_a_spectrum_checkpoint_gives_a_mask_run_its_body_and_a_whole_fresh_head(material, tmp_path):
    source = Trainer("tiny-bands", "2stem", material, frames=16, batch=2, warmup=1, output="spectrum").model
    torch.save(source.state_dict(), tmp_path / "spectrum.pt")
    t = Trainer("tiny-bands", "2stem", material, frames=16, batch=2, warmup=1, seed=1, init=str(tmp_path / "spectrum.pt"))
    new, old = t.model.state_dict(), source.state_dict()
    assert bool(t.model.complex_mask) and not bool(source.complex_mask)
    assert all(torch.equal(new[k], old[k]) for k in old if k.startswith(("input.", "blocks.")))
    assert not torch.equal(new["output.stem.weight"], old["output.stem.weight"])
    assert float(new["output.weight.0"].abs().max()) < 0.5 * float(old["output.weight.0"].abs().max())


def test_a_checkpoint_of_the_same_stem_count_is_loaded_whole(material, tmp_path):
    source = tiny(material, "2stem", seed=4).model.state_dict()
    torch.save(source, tmp_path / "two.pt")
    t = Trainer("tiny-bands", "2stem", material, frames=16, batch=2, warmup=1, init=str(tmp_path / "two.pt"))
    assert all(torch.equal(t.model.state_dict()[k], v) for k, v in source.items())


def test_a_checkpoint_of_another_config_is_refused_with_the_missing_weights(material, tmp_path):
    state = tiny(material, "2stem").model.state_dict()
    torch.save({k: v for k, v in state.items() if not k.startswith("blocks.0.")}, tmp_path / "partial.pt")
    with pytest.raises(ValueError, match="lacks weights this network needs: .*blocks.0"):
        Trainer("tiny-bands", "2stem", material, frames=16, batch=2, warmup=1, init=str(tmp_path / "partial.pt"))


def test_the_validation_set_is_the_same_every_time_and_unaugmented(material):
    a = fixed_set(material, "5stem", 3000, 4)
    b = fixed_set(material, "5stem", 3000, 4)
    np.testing.assert_array_equal(a[0], b[0])
    song = np.load(os.path.join(material, "music", "song2", "stems.npy"))
    # every validation chunk is a verbatim window of the one validation song (no gain, swap or remix)
    for targets in a[1]:
        starts = [s for s in range(song.shape[-1] - 3000 + 1) if np.array_equal(song[0, 0, s:s + 3000], targets[0, 0])]
        assert starts, "chunk is not a window of the validation song"
        np.testing.assert_array_equal(song[:, :, starts[0]:starts[0] + 3000], targets)


def test_a_few_steps_reduce_the_loss_on_a_fixed_batch(material):
    torch.set_num_threads(2)
    t = tiny(material)
    mix, targets = (torch.from_numpy(x) for x in t.sampler.batch(np.random.default_rng(5), 2))
    losses = [t.train_on(mix, targets) for _ in range(12)]
    assert losses[-1] < 0.8 * losses[0], losses


def test_resuming_from_a_checkpoint_continues_exactly_like_an_uninterrupted_run(material, tmp_path):
    a = tiny(material)
    for _ in range(3):
        a.step()
    path = str(tmp_path / "last.pt")
    atomic_save(a.state(), path)
    expected = [a.step(), a.step()]
    b = tiny(material, seed=99)                    # different initial weights and RNG: all must come from the file
    b.load(torch.load(path))
    assert b.step_count == 3
    assert [b.step(), b.step()] == expected
    assert os.listdir(tmp_path) == ["last.pt"]     # the atomic write left no temporary file


def test_each_step_trains_on_one_of_the_chosen_chunk_lengths(material, monkeypatch):
    t = Trainer("tiny-bands", "2stem", material, batch=2, lr=1e-2, warmup=1, frame_choices=[16, 8, 12])
    assert t.frames == 16 and t.length == chunk_samples(16)
    seen = []
    monkeypatch.setattr(t, "train_on", lambda mix, targets: seen.append((mix.shape[-1], targets.shape[-1])) or 0.0)
    for _ in range(24):
        t.step()
    assert {a for a, _ in seen} == {chunk_samples(f) for f in (8, 12, 16)}
    assert all(a == b for a, b in seen)


def test_short_chunks_are_drawn_at_their_length_so_no_silent_example_is_trained_on(tmp_path, monkeypatch):
    # Songs silent for their first 0.8 s: session 5's sampler checked 16-frame draws for silence and then cut them
    # to 4 frames, which let all-silent examples (loss 0/0, NaN weights) through.
    root = make_material(str(tmp_path))
    for sid in ("song0", "song1", "song2"):
        path = os.path.join(root, "music", sid, "stems.npy")
        stems = np.load(path)
        stems[..., :int(0.8 * RATE)] = 0.0
        save_npy(path, stems)
    t = Trainer("tiny-bands", "5stem", root, batch=4, lr=1e-2, warmup=1, frame_choices=[4, 16])
    seen = []
    monkeypatch.setattr(t, "train_on", lambda mix, targets: seen.append(mix.numpy()) or 0.0)
    for _ in range(40):
        t.step()
    assert {m.shape[-1] for m in seen} == {chunk_samples(4), chunk_samples(16)}
    rms = [float(np.sqrt(np.mean(example ** 2))) for m in seen for example in m]
    assert len(rms) == 160 and min(rms) > SILENT_RMS


def test_a_non_finite_loss_is_refused_before_the_optimizer_touches_the_weights(material):
    t = tiny(material, "5stem")
    mix, targets = (torch.from_numpy(x) for x in t.sampler.batch(np.random.default_rng(5), 2))
    mix[1], targets[1] = 0.0, 0.0                   # an all-silent example: its relative loss is 0/0
    before = {k: v.clone() for k, v in t.model.state_dict().items()}
    with pytest.raises(FloatingPointError, match="non-finite training loss at step 1"):
        t.train_on(mix, targets)
    assert t.step_count == 0
    assert all(torch.equal(before[k], v) for k, v in t.model.state_dict().items())


def test_the_command_line_logs_a_refused_batch_as_skipped_and_trains_on(material, tmp_path, monkeypatch):
    real, calls = Trainer.train_on, []

    def refuse_the_first(self, mix, targets):
        calls.append(self.step_count)
        if len(calls) == 1:
            raise FloatingPointError("non-finite training loss at step 1: nan")
        return real(self, mix, targets)

    monkeypatch.setattr(Trainer, "train_on", refuse_the_first)
    main(["--task", "5stem", "--name", "r", "--config", "tiny-bands", "--data", material, "--runs", str(tmp_path),
          "--frames", "16", "--batch", "1", "--log-every", "1", "--val-every", "100", "--val-count", "1",
          "--steps", "2"])
    history = [json.loads(line) for line in open(tmp_path / "r" / "history.jsonl")]
    assert [h["step"] for h in history if "skipped" in h] == [0]
    assert [h["step"] for h in history if "loss" in h] == [1, 2]
    assert calls == [0, 0, 1]


def test_a_checkpoint_of_another_task_is_refused_with_the_reason(material):
    state = tiny(material, "2stem").state()
    with pytest.raises(ValueError, match="task '2stem' but this run uses '5stem'"):
        tiny(material, "5stem").load(state)


def test_validation_reports_finite_usdr_for_every_stem(material):
    t = tiny(material, "5stem")
    mix, targets = fixed_set(material, "5stem", t.length, 3)
    scores = t.validate(mix, targets)
    assert list(scores) == ["vocals", "drums", "bass", "instruments", "fx"]
    assert all(np.isfinite(v) for v in scores.values())


def test_the_command_line_trains_checkpoints_and_resumes(material, tmp_path):
    args = ["--task", "clean", "--name", "r", "--config", "tiny-bands", "--data", material, "--runs", str(tmp_path),
            "--frames", "16", "--batch", "1", "--log-every", "1", "--val-every", "2", "--val-count", "2"]
    main(args + ["--steps", "3"])
    run = tmp_path / "r"
    assert sorted(os.listdir(run)) == ["best.pt", "history.jsonl", "last.pt"]
    assert torch.load(run / "last.pt")["step"] == 3
    main(args + ["--steps", "5", "--resume"])
    state = torch.load(run / "last.pt")
    assert state["step"] == 5 and state["stems"] == ["speech", "noise"]
    history = [json.loads(line) for line in open(run / "history.jsonl")]
    assert [h["step"] for h in history if "loss" in h] == [1, 2, 3, 4, 5]
    assert [h["step"] for h in history if "valid" in h] == [2, 4]


def test_the_learning_rate_warms_up_then_follows_the_cosine_to_the_final_rate(material):
    t = Trainer("tiny-bands", "2stem", material, frames=16, batch=2, lr=1e-3, warmup=10, decay_steps=100,
                final_lr=1e-4)
    rates = {}
    for step in (0, 4, 50, 100, 250):
        t.step_count = step
        rates[step] = t.lr()
    assert rates[0] == pytest.approx(1e-3 * 0.1)         # first warm-up step, cosine not yet started
    assert rates[4] == pytest.approx((1e-4 + 0.9e-3 * 0.5 * (1 + math.cos(math.pi * 0.04))) * 0.5)
    assert rates[50] == pytest.approx(5.5e-4)          # half-way down the cosine
    assert rates[100] == pytest.approx(1e-4) and rates[250] == pytest.approx(1e-4)
    t.decay_steps = 0
    t.step_count = 50
    assert t.lr() == pytest.approx(1e-3)               # without decay: constant after warm-up
