"""Which stem a MIDI note belongs to, from its channel and the General MIDI program sounding at its start."""

from . import STEMS

DRUM_CHANNEL = 9                 # MIDI channel 10, 0-based
BASS_PROGRAMS = frozenset(range(32, 40))      # Acoustic Bass .. Synth Bass 2 (0-based GM programs)
# Choir Aahs, Voice Oohs, Synth Voice, Lead 6 (voice). Pad 4 (choir, 91) is played as a pad, so it stays an instrument.
VOICE_PROGRAMS = frozenset({52, 53, 54, 85})
# GM programs that are sound effects rather than notes of a part: FX 1 (rain), FX 2 (soundtrack), FX 6 (goblins),
# FX 7 (echoes), FX 8 (sci-fi) and the whole "Sound Effects" family 119-127 (reverse cymbal .. gunshot).
# FX 3 (crystal), FX 4 (atmosphere) and FX 5 (brightness) are left out: songs play them as melodic pads and leads.
FX_PROGRAMS = frozenset({96, 97, 101, 102, 103} | set(range(119, 128)))
# The programs our added vocal line is rendered with through fluidsynth: Choir Aahs, Voice Oohs, Synth Voice.
SUNG_LINE_PROGRAMS = (52, 53, 54)


def stem_of(channel: int, program: int) -> str:
    """The stem name for a note on `channel` (0-based) played with GM `program` (0-based)."""
    if channel == DRUM_CHANNEL:
        return "drums"
    if program in BASS_PROGRAMS:
        return "bass"
    if program in VOICE_PROGRAMS:
        return "vocals"
    if program in FX_PROGRAMS:
        return "fx"
    return "instruments"


def stem_index(name: str) -> int:
    return STEMS.index(name)
