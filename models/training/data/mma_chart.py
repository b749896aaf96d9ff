"""Songs made to order with mma: a seeded chord chart over a groove of mma's stdlib, turned into multitrack MIDI.

mma plays drums on channel 10, a bass line with GM bass programs and chord/arpeggio tracks, so every chart gives
aligned drums, bass and instruments; the vocal line and effects are added later like for any MIDI song.
"""

import glob
import math
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Tuple

import numpy as np

from .audio_tools import run

STDLIB = "/usr/share/mma/lib/stdlib"
SKIP_FILES = {"metronome", "metronome3", "metronome6", "metronome68", "none"}
SKIP_GROOVE = re.compile(r"(intro|end|fill)", re.IGNORECASE)   # one-off sections, not a song's body

NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# Scale degrees (semitones above the key) and chord quality, per mode.
DIATONIC = {
    "major": [(0, ""), (2, "m"), (4, "m"), (5, ""), (7, ""), (9, "m")],
    "minor": [(0, "m"), (3, ""), (5, "m"), (7, "m"), (8, ""), (10, "")],
}
# Well-worn 4-bar progressions as indices into DIATONIC[mode].
COMMON = {
    "major": [(0, 4, 5, 3), (5, 3, 0, 4), (0, 5, 3, 4), (1, 4, 0, 0), (0, 3, 4, 3), (0, 3, 0, 4), (3, 4, 0, 5)],
    "minor": [(0, 4, 1, 5), (0, 2, 3, 0), (0, 5, 4, 3), (0, 2, 0, 3), (0, 1, 5, 3)],
}
SEVENTHS = {"": "7", "m": "m7"}


@dataclass(frozen=True)
class GrooveFile:
    name: str                 # file stem, e.g. "bossanova"
    grooves: Tuple[str, ...]  # usable DefGroove names in it
    beats_per_bar: int

    @property
    def source_name(self) -> str:
        """The split key: songs on the grooves of one library file all land on the same side."""
        return f"mma:lib/stdlib/{self.name}.mma"


def groove_files() -> List[GrooveFile]:
    out = []
    for path in sorted(glob.glob(os.path.join(STDLIB, "*.mma"))):
        name = os.path.basename(path)[:-4]
        if name in SKIP_FILES:
            continue
        with open(path, encoding="latin-1") as f:
            text = f.read()
        grooves = tuple(g for g in re.findall(r"^\s*DefGroove\s+(\S+)", text, re.MULTILINE | re.IGNORECASE)
                        if not SKIP_GROOVE.search(g))
        time = re.search(r"^\s*Time\s+(\d+)", text, re.MULTILINE | re.IGNORECASE)
        if grooves:
            out.append(GrooveFile(name, grooves, int(time.group(1)) if time else 4))
    return out


def _progression(rng: np.random.Generator, mode: str) -> List[int]:
    if rng.random() < 0.6:
        options = COMMON[mode]
        return list(options[int(rng.integers(len(options)))])
    seq = [0]                                  # a random walk over the diatonic chords, home at the start
    while len(seq) < 4:
        seq.append(int(rng.integers(len(DIATONIC[mode]))))
    return seq


def _chord(key: int, mode: str, degree: int, rng: np.random.Generator) -> str:
    step, quality = DIATONIC[mode][degree]
    seventh = rng.random() < 0.25
    return NAMES[(key + step) % 12] + (SEVENTHS[quality] if seventh else quality)


def chart(rng: np.random.Generator, groove_file: GrooveFile, seconds: float) -> Tuple[str, Dict]:
    """mma source for a song of about `seconds`, and a description of what was drawn (for the index)."""
    tempo = int(rng.integers(72, 168))
    key, mode = int(rng.integers(12)), ("major" if rng.random() < 0.65 else "minor")
    verse_groove, chorus_groove = (str(g) for g in rng.choice(groove_file.grooves, size=2))
    bars = max(8, int(math.ceil(seconds * tempo / 60.0 / groove_file.beats_per_bar)))
    sections = [("verse", verse_groove, _progression(rng, mode)), ("chorus", chorus_groove, _progression(rng, mode))]
    lines = [f"// generated chart: key {NAMES[key]} {mode}", f"RndSeed {int(rng.integers(1, 2**31 - 1))}",
             f"Tempo {tempo}"]
    bar, part = 1, 0
    while bar <= bars:
        name, groove, prog = sections[part % 2]
        lines.append(f"// {name}")
        lines.append(f"Groove {groove}")
        for _ in range(8):
            if bar > bars:
                break
            degree = prog[(bar - 1) % 4]
            chords = _chord(key, mode, degree, rng)
            if rng.random() < 0.15:            # a passing chord on the second half of the bar
                chords += " " + _chord(key, mode, int(rng.integers(len(DIATONIC[mode]))), rng)
            lines.append(f"{bar} {chords}")
            bar += 1
        part += 1
    info = {"groove_file": groove_file.name, "grooves": [verse_groove, chorus_groove], "tempo": tempo,
            "key": NAMES[key], "mode": mode, "bars": bars}
    return "\n".join(lines) + "\n", info


def render_chart(text: str) -> bytes:
    """Runs mma on a chart and returns the MIDI file's bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "song.mma"), os.path.join(tmp, "song.mid")
        with open(src, "w") as f:
            f.write(text)
        run(["mma", "-f", out, src], cwd=tmp)
        with open(out, "rb") as f:
            return f.read()
