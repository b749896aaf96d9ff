"""The lead line a vocal stem sings: the top line of the song's lead channel, or a line generated over its harmony."""

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple

import numpy as np

from .midi_song import Note, Song

MIN_NOTE_SECONDS = 0.09    # shorter notes are dropped: Festival cannot sing them and they read as ornaments
MAX_NOTE_SECONDS = 3.0     # a held note longer than this is cut, leaving a breath
MIN_LEAD_NOTES = 24        # a channel with fewer notes is not taken as a song's lead


@dataclass(frozen=True)
class VocalNote:
    start: int     # ticks, on the song's timeline
    end: int
    pitch: int     # MIDI note number after moving the line into the singer's range
    velocity: int


def skyline(notes: Sequence[Note]) -> List[Note]:
    """The highest sounding note at every moment, as a monophonic line (a lower note is cut where a higher one enters;
    a lower note entering under a held higher one is dropped)."""
    line: List[Note] = []
    for n in sorted(notes, key=lambda n: (n.start, -n.pitch)):
        if line and n.start < line[-1].end:
            if n.pitch <= line[-1].pitch:
                continue
            prev = line.pop()
            if n.start > prev.start:
                line.append(Note(prev.start, n.start, prev.channel, prev.pitch, prev.velocity, prev.program))
        line.append(n)
    return line


def lead_channel(song: Song, candidates: Sequence[Note]) -> Optional[int]:
    """The channel that most looks like a lead: mostly one note at a time, high, playing through much of the song,
    with many notes over many pitches (a few long bell notes or a two-note riff score low)."""
    by_channel: Dict[int, List[Note]] = {}
    for n in candidates:
        by_channel.setdefault(n.channel, []).append(n)
    best, best_score = None, -1e9
    for ch, notes in sorted(by_channel.items()):
        top = skyline(notes)
        if len(top) < MIN_LEAD_NOTES:
            continue
        monophony = len(top) / len(notes)
        coverage = sum(song.seconds(n.end) - song.seconds(n.start) for n in top) / max(song.duration, 1e-3)
        variety = min(12, len({n.pitch for n in top}))
        score = (float(np.median([n.pitch for n in top])) + 24.0 * monophony + 20.0 * min(coverage, 1.0)
                 + 4.0 * np.log2(len(top)) + 2.0 * variety)
        if score > best_score:
            best, best_score = ch, score
    return best


def fit_range(pitches: Sequence[int], low: int, high: int, centre: int) -> List[int]:
    """Moves a line by whole octaves so its median sits near `centre`, then folds single notes into [low, high]."""
    if not pitches:
        return []
    shift = 12 * int(round((centre - float(np.median(pitches))) / 12.0))
    out = []
    for p in pitches:
        q = p + shift
        while q < low:
            q += 12
        while q > high:
            q -= 12
        out.append(q)
    return out


def line_from_notes(song: Song, notes: Sequence[Note], low: int, high: int, centre: int
                    ) -> Tuple[List[VocalNote], Set[Tuple[int, int, int]]]:
    """A singable line from the skyline of `notes` (too-short notes dropped, long ones cut, moved into range), and
    the (start, channel, pitch) keys of the source notes it sings, so the caller can take them out of their stem."""
    kept, used = [], set()
    for n in skyline(notes):
        start_s, end_s = song.seconds(n.start), song.seconds(n.end)
        if end_s - start_s < MIN_NOTE_SECONDS:
            continue
        end = n.end if end_s - start_s <= MAX_NOTE_SECONDS else song.tick_at(start_s + MAX_NOTE_SECONDS)
        kept.append((n.start, end, n.pitch, n.velocity))
        used.add((n.start, n.channel, n.pitch))
    pitches = fit_range([k[2] for k in kept], low, high, centre)
    return [VocalNote(s, e, p, v) for (s, e, _, v), p in zip(kept, pitches)], used


def generated_line(song: Song, harmony: Sequence[Note], rng: np.random.Generator, low: int, high: int,
                   centre: int) -> List[VocalNote]:
    """A new line over the song's harmony: phrases of half, whole and two-beat notes whose pitches are taken from
    the pitch classes sounding at each note's start, preferring small steps; rests between phrases."""
    if not harmony:
        return []
    beat = song.ticks_per_beat
    starts = np.array([n.start for n in harmony])
    ends = np.array([n.end for n in harmony])
    pcs = np.array([n.pitch % 12 for n in harmony])
    first = (int(starts.min()) // beat) * beat
    last = int(ends.max())
    line: List[VocalNote] = []
    t, prev, phrase_left = first, centre, 0
    while t < last:
        if phrase_left <= 0:             # breathe: a rest, then a new phrase of 4-12 notes
            t += beat * int(rng.integers(1, 5))
            phrase_left = int(rng.integers(4, 13))
            continue
        length = int(beat * rng.choice([0.5, 1.0, 1.0, 1.5, 2.0]))
        sounding = (starts <= t) & (ends > t)
        choices = [p for p in range(low, high + 1) if p % 12 in set(pcs[sounding].tolist())]
        if choices:
            weights = np.exp(-np.abs(np.array(choices) - prev) / 3.0)
            prev = int(rng.choice(choices, p=weights / weights.sum()))
            gap = int(length * rng.uniform(0.0, 0.2))          # slightly detached or legato
            line.append(VocalNote(t, t + length - gap, prev, int(rng.integers(80, 111))))
        t += length
        phrase_left -= 1
    return line
