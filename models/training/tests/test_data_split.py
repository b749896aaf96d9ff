"""Train/validation split by source file: no source, groove library file or speech file on both sides."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, ROOT)

from models.training.data import sources  # noqa: E402
from models.training.data.plan import MusicOptions, music_jobs, speech_jobs  # noqa: E402
from models.training.data.split import partition, split_of  # noqa: E402


@pytest.fixture(scope="module")
def midi():
    return sources.midi_sources()


def test_installed_packages_give_well_over_a_hundred_distinct_midi_files(midi):
    names = [s.name for s in midi]
    assert len(names) == len(set(names)) and len(names) >= 150
    assert {s.package for s in midi} == {"freedoom", "openttd-openmsx", "planetblupi-music-midi", "mma"}
    assert all(s.read()[:4] == b"MThd" for s in midi)


def test_about_a_tenth_of_the_midi_files_are_held_out_for_validation(midi):
    valid = [s for s in midi if split_of(s.name) == "valid"]
    assert 0.05 * len(midi) <= len(valid) <= 0.2 * len(midi)


def test_split_depends_only_on_the_name_not_on_the_interpreter_hash_seed(midi):
    names = [s.name for s in midi[:40]]
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from models.training.data.split import split_of; "
            "print(','.join(split_of(n) for n in sys.argv[2:]))")
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run([sys.executable, "-c", code, ROOT] + names, env=env, capture_output=True, text=True,
                             check=True).stdout.strip()
        assert out.split(",") == [split_of(n) for n in names]


def test_planned_songs_never_share_a_midi_file_or_groove_library_between_splits():
    jobs = music_jobs(0, MusicOptions(minutes=240.0, mma_fraction=0.95, max_song_seconds=150.0))
    by_source = {}
    for job in jobs:
        source = job.source.name if job.source else job.groove.source_name
        by_source.setdefault(source, set()).add(job.split)
    assert all(len(splits) == 1 for splits in by_source.values())
    assert {"train", "valid"} <= set.union(*by_source.values())
    assert len({j.id for j in jobs}) == len(jobs)
    assert any(j.source for j in jobs) and any(j.groove for j in jobs)


def test_speech_clips_draw_train_and_validation_from_disjoint_files():
    jobs = speech_jobs(0, 30.0)
    used = {"train": set(), "valid": set()}
    noise = {"train": set(), "valid": set()}
    for job in jobs:
        assert all(u.speaker == job.speaker for u in job.utterances)
        used[job.split] |= {u.name for u in job.utterances}
        noise[job.split] |= {m.name for m in job.hold_music}
    assert used["train"] and used["valid"] and noise["train"] and noise["valid"]
    assert not used["train"] & used["valid"]
    assert not noise["train"] & noise["valid"]


def test_a_small_set_still_gets_one_validation_member():
    names = [f"asterisk-moh-opsound-wav:track{i}.wav" for i in range(3)]
    train, valid = partition(names, valid_percent=0)
    assert len(valid) == 1 and sorted(train + valid) == sorted(names)


def test_different_seeds_plan_different_material():
    a = music_jobs(0, MusicOptions(minutes=20.0, mma_fraction=1.0))
    b = music_jobs(1, MusicOptions(minutes=20.0, mma_fraction=1.0))
    assert [(j.id, j.seed) for j in a] != [(j.id, j.seed) for j in b]
