"""MIDI parsing into notes and shared events, per-stem MIDI files, and the stem rules."""

import io
import os
import sys

import mido
import pytest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from models.training.data import festival  # noqa: E402
from models.training.data.midi_song import crop, parse_midi, write_midi  # noqa: E402
from models.training.data.stem_rules import stem_of  # noqa: E402
from models.training.data.melody import fit_range, skyline  # noqa: E402

TPB = 480


def midi_bytes(messages):
    """A type-1 file: track 0 tempo 120 -> 60 BPM after 4 beats, track 1 the given (tick, message) pairs."""
    tempo = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000, time=0),
                            mido.MetaMessage("set_tempo", tempo=1000000, time=4 * TPB)])
    track, now = mido.MidiTrack(), 0
    for tick, msg in sorted(messages, key=lambda m: m[0]):
        track.append(msg.copy(time=tick - now))
        now = tick
    f = mido.MidiFile(type=1, ticks_per_beat=TPB)
    f.tracks += [tempo, track]
    buf = io.BytesIO()
    f.save(file=buf)
    return buf.getvalue()


def on(tick, ch, note):
    return tick, mido.Message("note_on", channel=ch, note=note, velocity=90)


def off(tick, ch, note):
    return tick, mido.Message("note_off", channel=ch, note=note, velocity=0)


def prog(tick, ch, p):
    return tick, mido.Message("program_change", channel=ch, program=p)


# Channel 0 plays a piano note, then switches to fingered bass (33) mid-song; drums on channel 10.
SONG = [prog(0, 0, 0), on(0, 0, 60), off(TPB, 0, 60), prog(2 * TPB, 0, 33), on(2 * TPB, 0, 40), off(3 * TPB, 0, 40),
        on(0, 9, 36), off(100, 9, 36), on(6 * TPB, 9, 38), off(7 * TPB, 9, 38)]


def test_stem_rules_follow_channel_ten_and_general_midi_program_families():
    assert stem_of(9, 33) == "drums"
    assert [stem_of(0, p) for p in (32, 39)] == ["bass", "bass"]
    assert [stem_of(0, p) for p in (52, 53, 54)] == ["vocals"] * 3
    assert [stem_of(0, p) for p in (96, 103, 119, 127)] == ["fx"] * 4
    assert [stem_of(0, p) for p in (0, 40, 98, 118)] == ["instruments"] * 4


def test_program_change_mid_song_moves_later_notes_to_another_stem():
    song = parse_midi(midi_bytes(SONG))
    assert [(n.pitch, n.stem) for n in song.notes if n.channel == 0] == [(60, "instruments"), (40, "bass")]


def test_tempo_map_converts_ticks_to_seconds_across_a_tempo_change():
    song = parse_midi(midi_bytes(SONG))
    assert song.seconds(4 * TPB) == pytest.approx(2.0)        # 4 beats at 120 BPM
    assert song.seconds(6 * TPB) == pytest.approx(4.0)        # then 2 beats at 60 BPM
    assert song.tick_at(4.0) == 6 * TPB
    assert song.duration == pytest.approx(5.0)                # the snare ends at beat 7


def test_stem_files_partition_the_notes_and_keep_the_tempo_map(tmp_path):
    song = parse_midi(midi_bytes(SONG))
    seen = []
    for name in ("drums", "bass", "instruments"):
        path = str(tmp_path / f"{name}.mid")
        write_midi(song, [n for n in song.notes if n.stem == name], path)
        with open(path, "rb") as f:
            back = parse_midi(f.read())
        assert all(n.stem == name for n in back.notes)
        assert back.seconds(6 * TPB) == pytest.approx(4.0)
        seen += [(n.start, n.end, n.channel, n.pitch) for n in back.notes]
    assert sorted(seen) == sorted((n.start, n.end, n.channel, n.pitch) for n in song.notes)


def test_crop_drops_later_notes_and_cuts_sounding_ones_at_the_limit():
    song = crop(parse_midi(midi_bytes(SONG + [on(TPB, 1, 70), off(8 * TPB, 1, 70)])), 3.0)   # tick 5*TPB
    assert all(n.start < 5 * TPB for n in song.notes)
    held = [n for n in song.notes if n.channel == 1]
    assert held[0].end == 5 * TPB
    assert not [n for n in song.notes if n.pitch == 38]


def test_type_2_files_are_refused_with_the_supported_types():
    f = mido.MidiFile(type=2)
    f.tracks.append(mido.MidiTrack())
    buf = io.BytesIO()
    f.save(file=buf)
    with pytest.raises(ValueError, match="type 0 or 1"):
        parse_midi(buf.getvalue())


def test_skyline_keeps_the_highest_note_and_cuts_the_lower_one_where_it_enters():
    from models.training.data.midi_song import Note
    low = Note(0, 1000, 0, 60, 90, 0)
    high = Note(500, 800, 0, 72, 90, 0)
    under = Note(600, 700, 0, 50, 90, 0)
    line = skyline([low, high, under])
    assert [(n.start, n.end, n.pitch) for n in line] == [(0, 500, 60), (500, 800, 72)]


def test_fit_range_moves_a_line_by_octaves_into_the_singers_range():
    out = fit_range([84, 86, 88, 91, 100], low=45, high=67, centre=55)
    assert all(45 <= p <= 67 for p in out)
    assert [p % 12 for p in out] == [p % 12 for p in (84, 86, 88, 91, 100)]


def test_singing_markup_gives_frequencies_in_hertz_and_rests_in_seconds():
    xml = festival.singing_xml([(0.5, 1.0, 69), (1.5, 2.25, 57)], ["la", "day"])
    assert '<REST SECONDS="0.5000">' in xml and '<REST SECONDS="0.5000">' in xml.split("day")[0]
    assert 'FREQ="440.000"' in xml and 'FREQ="220.000"' in xml
    assert '<DURATION SECONDS="0.7500">day</DURATION>' in xml
    assert xml.count("<REST") == 2
