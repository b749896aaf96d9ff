"""Stems rendered from a hand-written MIDI file sound exactly where, and only where, their notes are."""

import os
import sys

import mido
import numpy as np
import pytest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from models.training.data import SAMPLE_RATE, STEMS  # noqa: E402
from models.training.data.song_job import SongJob, render_song  # noqa: E402
from models.training.data.sources import Source  # noqa: E402

BPM = 120          # one beat = 0.5 s
ONSET_TOLERANCE = 0.010   # fluidsynth starts a voice within its 64-sample block plus the sample's attack


def write_song(path, notes, programs):
    """A type-0 MIDI file: programs {channel: program} at tick 0, notes (channel, pitch, start_s, end_s)."""
    tpb = 480
    ticks = lambda s: int(round(s * 2 * tpb))   # noqa: E731  (120 BPM: 2 beats per second)
    events = [(0, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(BPM)))]
    events += [(0, 0, mido.Message("program_change", channel=c, program=p)) for c, p in programs.items()]
    for ch, pitch, a, b in notes:
        events.append((ticks(a), 2, mido.Message("note_on", channel=ch, note=pitch, velocity=100)))
        events.append((ticks(b), 1, mido.Message("note_off", channel=ch, note=pitch, velocity=0)))
    events.sort(key=lambda e: e[:2])
    track, now = mido.MidiTrack(), 0
    for t, _, m in events:
        track.append(m.copy(time=t - now))
        now = t
    midi = mido.MidiFile(type=0, ticks_per_beat=tpb)
    midi.tracks.append(track)
    midi.save(path)


def render(tmp_path, notes, programs, **job_options):
    os.makedirs(str(tmp_path), exist_ok=True)
    path = str(tmp_path / "song.mid")
    write_song(path, notes, programs)
    job = SongJob("song", "train", 1234, 60.0, source=Source("test:song.mid", "test", path), **job_options)
    entry = render_song(job, str(tmp_path / "out"))
    entry["mix"] = np.load(str(tmp_path / "out" / entry["mix_file"]))
    return np.load(str(tmp_path / "out" / entry["stems_file"])), entry


def sounding(stem):
    """Sample indices where a stereo stem is not exactly zero."""
    return np.nonzero(np.abs(stem).max(axis=0) > 0)[0]


def block_db(stem, start_s, end_s):
    """Peak level in dB relative to the stem's own peak, over [start_s, end_s)."""
    x = np.abs(stem[:, int(start_s * SAMPLE_RATE):int(end_s * SAMPLE_RATE)]).max(initial=0.0)
    return 20 * np.log10(max(x, 1e-30) / np.abs(stem).max())


@pytest.fixture(scope="module")
def split_song(tmp_path_factory):
    # Kick drum (channel 10) at 0.5 s and 3.0 s, a bass (program 33) note 1.25-1.75 s, a piano note at 2.0 s.
    notes = [(9, 36, 0.5, 0.6), (9, 36, 3.0, 3.1), (1, 40, 1.25, 1.75), (0, 72, 2.0, 2.25)]
    return render(tmp_path_factory.mktemp("split"), notes, {0: 0, 1: 33}, vocals=False, synth_fx=False)


def test_drum_stem_sounds_only_from_each_drum_note_onwards(split_song):
    stems, _ = split_song
    drums = stems[STEMS.index("drums")]
    idx = sounding(drums)
    assert abs(idx[0] / SAMPLE_RATE - 0.5) < ONSET_TOLERANCE
    second = idx[idx > 2.0 * SAMPLE_RATE]
    assert abs(second[0] / SAMPLE_RATE - 3.0) < ONSET_TOLERANCE
    # Between the two hits the kick has died away completely, where the bass and piano notes play.
    assert not np.any(np.abs(drums[:, int(1.4 * SAMPLE_RATE):int(2.9 * SAMPLE_RATE)]) > 0)


def test_bass_and_instrument_stems_start_at_their_notes_and_stay_out_of_the_drum_hits(split_song):
    stems, _ = split_song
    bass, keys = stems[STEMS.index("bass")], stems[STEMS.index("instruments")]
    assert abs(sounding(bass)[0] / SAMPLE_RATE - 1.25) < ONSET_TOLERANCE
    assert abs(sounding(keys)[0] / SAMPLE_RATE - 2.0) < ONSET_TOLERANCE
    assert block_db(bass, 1.3, 1.7) > -6.0          # the bass note is held at full level
    assert block_db(bass, 2.5, 3.5) < -120.0        # and has released long before the second kick


def test_stems_without_notes_are_silent_and_the_mix_is_their_sum(split_song):
    stems, entry = split_song
    assert not np.any(stems[STEMS.index("vocals")])
    assert not np.any(stems[STEMS.index("fx")])
    assert entry["active_rms_db"][STEMS.index("vocals")] is None
    assert np.array_equal(entry["mix"], stems[1] + stems[2] + stems[3])


MELODY = [(0, 60 + step, 1.0 + 0.5 * k, 1.4 + 0.5 * k) for k, step in enumerate([0, 2, 4, 5, 7, 5, 4, 2] * 4)]
# The first phrase's 32 notes end at 16.9 s, the second phrase starts at 19.0 s. A choir's release takes about
# a second, so the test looks at the last 0.6 s of the rest.
REST = (18.2, 18.8)
SECOND = [(0, 67, 19.0 + 0.5 * k, 19.4 + 0.5 * k) for k in range(24)]
CHORDS = [(2, p, 1.0, 31.0) for p in (48, 52, 55)]


@pytest.fixture(scope="module")
def sung(tmp_path_factory):
    """The flute-and-organ song with its lead line sung, once per method."""
    out = {}
    for method in ("festival", "gm"):
        # Flute lead (program 73) over a held organ chord (program 19): the line is taken from the flute.
        out[method] = render(tmp_path_factory.mktemp(method), MELODY + SECOND + CHORDS, {0: 73, 2: 19},
                             synth_fx=False, vocal_method=method)
    return out


@pytest.mark.parametrize("method", ["festival", "gm"])
def test_added_vocal_line_follows_the_lead_melody_and_rests_with_it(sung, method):
    stems, entry = sung[method]
    vocals = stems[STEMS.index("vocals")]
    assert entry["vocals"]["method"] == method and entry["vocals"]["origin"] == "lead-channel"
    assert entry["vocals"]["notes"] == len(MELODY) + len(SECOND)
    onset = sounding(vocals)[0] / SAMPLE_RATE
    assert 0.95 <= onset <= 1.0 + ONSET_TOLERANCE    # Festival's gate opens 30 ms early for consonants
    assert block_db(vocals, 2.0, 16.0) > -20.0
    assert block_db(vocals, *REST) < -80.0


def _correlation(a, b):
    n = min(a.shape[1], b.shape[1])
    a, b = a[:, :n].ravel(), b[:, :n].ravel()
    return float(np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b)))


def test_a_sung_lead_leaves_the_instruments_stem(sung, tmp_path):
    keys = STEMS.index("instruments")
    kept, _ = render(tmp_path / "kept", MELODY + SECOND + CHORDS, {0: 73, 2: 19}, synth_fx=False, vocals=False)
    organ, _ = render(tmp_path / "organ", CHORDS, {0: 73, 2: 19}, synth_fx=False, vocals=False)
    # With the line sung, the instruments stem is the organ chord alone (up to pan and level); without a vocal
    # line the flute is still in it.
    assert _correlation(sung["gm"][0][keys], organ[keys]) > 0.999
    assert _correlation(kept[keys], organ[keys]) < 0.99
