"""A MIDI file as notes plus shared control events, so that per-stem MIDI files can be written that stay sample-aligned.

Every stem file holds all non-note events (tempo, programs, controllers, pitch bend, sysex, meta) of the source and
only its own notes, in one track; fluidsynth then renders each stem on the same timeline.
"""

import bisect
import io
import math
from dataclasses import dataclass, field, replace
from typing import Iterable, List, Sequence, Tuple

import mido

from .stem_rules import stem_of


@dataclass(frozen=True)
class Note:
    start: int      # absolute tick of the note-on
    end: int        # absolute tick of the note-off (> start)
    channel: int    # 0-based
    pitch: int
    velocity: int
    program: int    # GM program (0-based) sounding on the channel at `start`

    @property
    def stem(self) -> str:
        return stem_of(self.channel, self.program)


@dataclass
class Song:
    ticks_per_beat: int
    notes: List[Note]
    # (tick, message) for every non-note message, in playing order; time fields are ignored.
    events: List[Tuple[int, mido.Message]]
    tempo_ticks: List[int] = field(default_factory=lambda: [0])
    tempo_us: List[int] = field(default_factory=lambda: [500000])
    beats_per_bar: float = 4.0

    def seconds(self, tick: float) -> float:
        """Time of `tick` under the tempo map."""
        i = bisect.bisect_right(self.tempo_ticks, tick) - 1
        s = self._starts()[i]
        return s + (tick - self.tempo_ticks[i]) * self.tempo_us[i] * 1e-6 / self.ticks_per_beat

    def tick_at(self, seconds: float) -> int:
        """The first tick at or after `seconds`."""
        starts = self._starts()
        i = bisect.bisect_right(starts, seconds) - 1
        ticks = (seconds - starts[i]) * self.ticks_per_beat / (self.tempo_us[i] * 1e-6)
        return self.tempo_ticks[i] + int(math.ceil(ticks - 1e-6))   # tolerance: 2.0 s must not become 960.0000001

    def _starts(self) -> List[float]:
        starts, s = [0.0], 0.0
        for k in range(1, len(self.tempo_ticks)):
            s += (self.tempo_ticks[k] - self.tempo_ticks[k - 1]) * self.tempo_us[k - 1] * 1e-6 / self.ticks_per_beat
            starts.append(s)
        return starts

    @property
    def end_tick(self) -> int:
        last_note = max((n.end for n in self.notes), default=0)
        last_event = max((t for t, _ in self.events), default=0)
        return max(last_note, last_event)

    @property
    def duration(self) -> float:
        """Seconds until the last note ends (release tails come on top when rendered)."""
        return self.seconds(max((n.end for n in self.notes), default=0))

    @property
    def bar_ticks(self) -> int:
        return int(round(self.ticks_per_beat * self.beats_per_bar))


def _absolute(track: Iterable[mido.Message]):
    tick = 0
    for msg in track:
        tick += msg.time
        yield tick, msg


def _is_note(msg) -> bool:
    return msg.type in ("note_on", "note_off")


def parse_midi(data: bytes) -> Song:
    """Reads a standard MIDI file (type 0 or 1) into notes and shared events."""
    midi = mido.MidiFile(file=io.BytesIO(data), clip=True)
    if midi.type == 2:
        raise ValueError("MIDI type 2 (independent sequences) is not supported; use type 0 or 1 files")
    tpb = midi.ticks_per_beat
    # Merge all tracks by (tick, track, position): the order a player uses and the order each stem file keeps.
    merged = sorted((tick, ti, k, msg) for ti, tr in enumerate(midi.tracks)
                    for k, (tick, msg) in enumerate(_absolute(tr)))
    program = [0] * 16
    open_notes = {}
    notes: List[Note] = []
    events: List[Tuple[int, mido.Message]] = []
    tempo_ticks, tempo_us = [0], [500000]
    beats_per_bar = None
    for tick, _, _, msg in merged:
        if msg.type == "end_of_track":
            continue
        if msg.type == "set_tempo":
            if tempo_ticks[-1] == tick:
                tempo_us[-1] = msg.tempo
            else:
                tempo_ticks.append(tick); tempo_us.append(msg.tempo)
        if msg.type == "time_signature" and beats_per_bar is None:
            beats_per_bar = msg.numerator * 4.0 / msg.denominator
        if msg.type == "program_change":
            program[msg.channel] = msg.program
        if not _is_note(msg):
            events.append((tick, msg))
            continue
        key = (msg.channel, msg.note)
        if key in open_notes:   # a note-off, or a retrigger that ends the sounding note first
            start, vel, prog = open_notes.pop(key)
            if tick > start:
                notes.append(Note(start, tick, msg.channel, msg.note, vel, prog))
        if msg.type == "note_on" and msg.velocity > 0:
            open_notes[key] = (tick, msg.velocity, program[msg.channel])
    last = merged[-1][0] if merged else 0
    for (ch, pitch), (start, vel, prog) in open_notes.items():
        if last > start:
            notes.append(Note(start, last, ch, pitch, vel, prog))
    notes.sort(key=lambda n: (n.start, n.channel, n.pitch))
    return Song(tpb, notes, events, tempo_ticks, tempo_us, beats_per_bar or 4.0)


def crop(song: Song, max_seconds: float) -> Song:
    """The first `max_seconds` of `song`: later notes dropped, sounding ones cut at the limit."""
    limit = song.tick_at(max_seconds)
    notes = [replace(n, end=min(n.end, limit)) for n in song.notes if n.start < limit]
    events = [(t, m) for t, m in song.events if t <= limit]
    return replace(song, notes=notes, events=events)


def write_midi(song: Song, notes: Sequence[Note], path: str, strip_channels: Sequence[int] = (),
               setup: Sequence[mido.Message] = ()) -> None:
    """Writes one type-0 file: the shared events (minus channel messages of `strip_channels`), `setup` messages at
    tick 0, then `notes`. At equal ticks events precede note-offs, which precede note-ons, so a program change
    written at a note's tick applies to it, as the stem classification assumed."""
    timeline = [(0, 0, i, m) for i, m in enumerate(setup)]
    for i, (t, m) in enumerate(song.events):
        if getattr(m, "channel", None) in strip_channels:
            continue
        timeline.append((t, 1, i, m))
    for i, n in enumerate(notes):
        timeline.append((n.end, 2, i, mido.Message("note_off", channel=n.channel, note=n.pitch, velocity=0)))
        timeline.append((n.start, 3, i, mido.Message("note_on", channel=n.channel, note=n.pitch,
                                                     velocity=n.velocity)))
    timeline.sort(key=lambda e: e[:3])
    track, now = mido.MidiTrack(), 0
    for tick, _, _, msg in timeline:
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    out = mido.MidiFile(type=0, ticks_per_beat=song.ticks_per_beat)
    out.tracks.append(track)
    out.save(path)
