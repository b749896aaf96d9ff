"""The vocal stem of a song: its own voice-program notes, or a lead line sung by Festival or played by a GM voice.

Both renderings are used across songs (about half each) so that a model cannot learn "vocals = Festival's timbre".
"""

from dataclasses import dataclass, field
from typing import List, Optional, Set, Tuple

import mido
import numpy as np

from . import festival
from .melody import MIN_LEAD_NOTES, VocalNote, generated_line, lead_channel, line_from_notes
from .midi_song import Note, Song
from .stem_rules import DRUM_CHANNEL, SUNG_LINE_PROGRAMS

P_NONE = 0.10          # instrumental songs: the model must learn that vocals can be silent
P_FESTIVAL = 0.45      # the rest is a GM voice program through fluidsynth
FESTIVAL_RANGE = (45, 67, 55)   # (low, high, centre) MIDI notes for the kal voice (male, A2..G4, centred on G3)


@dataclass
class VocalPlan:
    method: str                          # "none" | "midi" (the song's own voice notes) | "festival" | "gm"
    origin: str = ""                     # "lead-channel" | "generated" for an added line
    program: Optional[int] = None        # GM program of a "gm" line
    line: List[VocalNote] = field(default_factory=list)
    taken: Set[Tuple[int, int, int]] = field(default_factory=set)   # (start, channel, pitch) moved to vocals

    def describe(self) -> dict:
        return {"method": self.method, "origin": self.origin, "program": self.program, "notes": len(self.line)}


def plan_vocals(song: Song, rng: np.random.Generator, prefer_generated: bool,
                force: Optional[str] = None) -> VocalPlan:
    """Decides how this song gets vocals (`force` overrides the draw). A lead channel's top line is sung in place
    of that instrument (its notes leave the instruments stem); songs without one, and mma songs
    (`prefer_generated`), get a generated line. MIDI files with enough voice-program notes of their own keep just
    those; in mma songs such notes are sustained choir pads, so a lead line is added on top like a lead singer."""
    if force is None and not prefer_generated and sum(1 for n in song.notes if n.stem == "vocals") >= MIN_LEAD_NOTES:
        return VocalPlan("midi")
    r = rng.random()
    method = force or ("none" if r < P_NONE else "festival" if r < P_NONE + P_FESTIVAL else "gm")
    if method not in ("none", "festival", "gm"):
        raise ValueError(f"vocal method '{method}' is not one of none, festival, gm")
    if method == "none":
        return VocalPlan("none")
    if method == "festival":
        low, high, centre = FESTIVAL_RANGE
        program = None
    else:
        centre = int(rng.integers(55, 70))
        low, high = centre - 10, centre + 10
        program = int(rng.choice(SUNG_LINE_PROGRAMS))
    instruments = [n for n in song.notes if n.stem == "instruments"]
    lead = None if prefer_generated else lead_channel(song, instruments)
    if lead is not None:
        line, taken = line_from_notes(song, [n for n in instruments if n.channel == lead], low, high, centre)
        origin = "lead-channel"
    else:
        harmony = [n for n in song.notes if n.stem in ("instruments", "bass")]
        line, taken, origin = generated_line(song, harmony, rng, low, high, centre), set(), "generated"
    if not line:
        return VocalPlan("none")
    return VocalPlan(method, origin, program, line, taken)


def gm_line(song: Song, plan: VocalPlan) -> Tuple[List[Note], int, List[mido.Message]]:
    """The line as notes on a channel the song leaves free (else the lead's own channel), with the setup messages
    that give that channel the voice program at full volume, centred, without bend."""
    used = {n.channel for n in song.notes}
    free = [c for c in range(16) if c != DRUM_CHANNEL and c not in used]
    channel = free[0] if free else next(iter(sorted({c for _, c, _ in plan.taken})), 15)
    notes = [Note(v.start, v.end, channel, v.pitch, v.velocity, plan.program) for v in plan.line]
    setup = [mido.Message("program_change", channel=channel, program=plan.program),
             mido.Message("control_change", channel=channel, control=7, value=100),
             mido.Message("control_change", channel=channel, control=10, value=64),
             mido.Message("control_change", channel=channel, control=11, value=127),
             mido.Message("pitchwheel", channel=channel, pitch=0)]
    return notes, channel, setup


def festival_vocals(song: Song, plan: VocalPlan, rng: np.random.Generator) -> np.ndarray:
    """Festival singing of the line as float32 stereo [2, n] on the song's timeline (identical channels; the stem
    gets its pan later)."""
    notes = [(song.seconds(v.start), song.seconds(v.end), v.pitch) for v in plan.line]
    words = [str(w) for w in rng.choice(festival.WORDS, size=len(notes))]
    mono = festival.sing(notes, words)
    return np.stack([mono, mono])
