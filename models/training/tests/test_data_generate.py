"""The generator end to end on a tiny budget (two short mma songs, one speech clip), run twice."""

import hashlib
import json
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from models.training.data import SAMPLE_RATE, STEMS, generate, mixing, store  # noqa: E402
from models.training.data.speech_pairs import SNR_DB_RANGE  # noqa: E402

TINY = ["--seed", "7", "--kind", "all", "--max-minutes", "0.25", "--mma-fraction", "1", "--max-song-seconds", "8",
        "--speech-minutes", "0.1"]


def digests(root):
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two generations with the same seed: one in a single process, one over two worker processes."""
    a, b = str(tmp_path_factory.mktemp("run_a")), str(tmp_path_factory.mktemp("run_b"))
    assert generate.main(["--out", a, "--jobs", "1"] + TINY) == 0
    assert generate.main(["--out", b, "--jobs", "2"] + TINY) == 0
    return a, b


def test_same_seed_gives_byte_identical_files_whatever_the_number_of_workers(runs):
    a, b = digests(runs[0]), digests(runs[1])
    assert len([p for p in a if p.endswith("stems.npy")]) == 2
    assert len([p for p in a if p.startswith("speech") and p.endswith(".npy")]) >= 1
    assert a == b


def test_stored_mix_is_the_exact_float32_sum_of_the_padded_stems(runs):
    root = runs[0]
    for song in store.entries(store.load_index(root, "music")):
        stems = np.load(os.path.join(root, song["stems_file"]))
        mix = np.load(os.path.join(root, song["mix_file"]))
        assert stems.dtype == np.float32 and mix.dtype == np.float32
        assert stems.shape == (len(STEMS), 2, song["samples"]) and mix.shape == (2, song["samples"])
        manual = stems[0].copy()
        for s in stems[1:]:
            manual += s
        assert np.array_equal(mix, manual)
        assert np.array_equal(mix, stems.sum(axis=0, dtype=np.float32))
        assert np.abs(mix).max() <= mixing.PEAK_LIMIT and np.abs(stems).max() <= mixing.PEAK_LIMIT
        assert np.abs(mix).max() > 0.05                         # the comparison is not between silences


def test_music_index_records_split_licences_and_bounded_pan_and_gain(runs):
    index = store.load_index(runs[0], "music")
    assert index["stems"] == list(STEMS) and index["sample_rate"] == SAMPLE_RATE
    for song in store.entries(index):
        assert song["split"] in ("train", "valid")
        assert song["source"].startswith("mma:lib/stdlib/")
        assert song["licences"]["mma"] == "GPL-2+" and song["licences"]["fluid-soundfont-gm"] == "MIT"
        assert abs(song["seconds"] - song["samples"] / SAMPLE_RATE) < 1e-3
        assert len(song["pan"]) == len(STEMS) and len(song["gain_db"]) == len(STEMS)
        assert all(abs(p) <= mixing.PAN_LIMIT for p in song["pan"])
        assert all(mixing.GAIN_DB_RANGE[0] <= g <= mixing.GAIN_DB_RANGE[1] for g in song["gain_db"])


def test_speech_pair_snr_is_within_a_tenth_of_a_db_of_the_requested_one(runs):
    root = runs[0]
    clips = store.entries(store.load_index(root, "speech"))
    total = sum(c["seconds"] for c in clips)
    assert 6.0 <= total < 6.0 + clips[-1]["seconds"]      # --speech-minutes 0.1, the last clip may overrun
    for clip in clips:
        pair = np.load(os.path.join(root, clip["file"]))
        assert pair.dtype == np.float32 and pair.shape == (2, clip["samples"])
        clean, noise = pair.astype(np.float64)
        measured = 10 * np.log10(np.sum(clean ** 2) / np.sum(noise ** 2))
        assert SNR_DB_RANGE[0] <= clip["snr_db"] <= SNR_DB_RANGE[1]
        assert abs(measured - clip["snr_db"]) < 0.1
        assert np.abs(clean + noise).max() <= 0.95
        assert 3.0 <= clip["seconds"] <= 8.0


def test_trainer_reads_random_chunks_of_the_stored_stems_zero_padded_past_the_end(runs):
    root = runs[0]
    songs = store.entries(store.load_index(root, "music"))
    rng = np.random.default_rng(0)
    for _ in range(3):
        chunk, song, start = store.random_chunk(root, songs, rng, SAMPLE_RATE)
        stems = np.load(os.path.join(root, song["stems_file"]))
        assert chunk.shape == (len(STEMS), 2, SAMPLE_RATE) and chunk.dtype == np.float32
        assert 0 <= start <= song["samples"] - SAMPLE_RATE
        assert np.array_equal(chunk, stems[:, :, start:start + SAMPLE_RATE])
    tail = store.read_chunk(root, songs[0], songs[0]["samples"] - 100, 1000)
    assert np.array_equal(tail[:, :, :100], np.load(os.path.join(root, songs[0]["stems_file"]))[:, :, -100:])
    assert not np.any(tail[:, :, 100:])


def test_reading_an_index_that_does_not_exist_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="models.training.data.generate"):
        store.load_index(str(tmp_path), "music")


def test_indexes_are_plain_json_without_machine_paths(runs):
    for kind in ("music", "speech"):
        with open(os.path.join(runs[0], kind, "index.json")) as f:
            text = f.read()
        json.loads(text)
        assert runs[0] not in text and "/tmp" not in text


def test_a_failing_job_is_reported_with_its_error_instead_of_aborting_the_run(tmp_path):
    class Job:
        id, split = "broken-song", "train"

    def explode(job, out):
        raise RuntimeError("fluidsynth failed (exit 1)")

    results = generate.run_jobs(explode, [Job()], str(tmp_path), 1, "test")
    assert results == [{"id": "broken-song", "split": "train", "seconds": 0.0,
                        "error": "RuntimeError: fluidsynth failed (exit 1)"}]
