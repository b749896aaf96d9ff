"""Festival's singing mode (kal diphone voice) turning a vocal line into a sung, roughly aligned mono track.

Pitches are given as FREQ and durations as SECONDS: NOTE names come out an octave low and BEATS run about 0.84x
short with this voice (measured, see shared/reference/test-data.md section 5). Festival renders 16 kHz; sox
resamples to 44.1 kHz, so the sung stem has nothing above 8 kHz.
"""

import os
import tempfile
from typing import Sequence, Tuple
from xml.sax.saxutils import escape

import numpy as np

from . import SAMPLE_RATE
from .audio_tools import decode, run

# One-syllable words: more varied vowels and consonants than "la" alone, and none that Festival spells out.
WORDS = ("la", "da", "na", "oh", "ah", "me", "you", "love", "day", "go", "home", "sky", "night", "light", "down",
         "fly", "more", "see", "free", "now", "run", "time", "way", "blue", "high", "low", "sun", "rain", "song",
         "heart", "stay", "dream", "hold", "far", "yeah", "sweet", "fire", "soul", "moon", "call")
GATE_LEAD = 0.03     # seconds of opening before a note: consonants start a little early
GATE_TAIL = 0.08     # seconds kept after a note's end for the release


def singing_xml(notes: Sequence[Tuple[float, float, int]], words: Sequence[str]) -> str:
    """SINGING markup for (start_s, end_s, midi_pitch) notes in time order, rests filling the gaps."""
    out = ['<?xml version="1.0"?>',
           '<!DOCTYPE SINGING PUBLIC "-//SINGING//DTD SINGING mark up//EN" "Singing.v0_1.dtd" []>',
           '<SINGING BPM="60">']
    now = 0.0
    for (start, end, pitch), word in zip(notes, words):
        if start - now > 1e-3:
            out.append(f'<REST SECONDS="{start - now:.4f}"></REST>')
        freq = 440.0 * 2.0 ** ((pitch - 69) / 12.0)
        out.append(f'<PITCH FREQ="{freq:.3f}"><DURATION SECONDS="{end - start:.4f}">{escape(word)}'
                   f'</DURATION></PITCH>')
        now = end
    out.append("</SINGING>")
    return "\n".join(out) + "\n"


def note_gate(notes: Sequence[Tuple[float, float, int]], length: int, rate: int = SAMPLE_RATE) -> np.ndarray:
    """1 while a note sounds (with lead and tail), 0 in rests, with ~10 ms ramps: Festival fills rests with a
    -56 dBFS hiss that would otherwise make the vocal stem never silent."""
    mask = np.zeros(length, np.float32)
    for start, end, _ in notes:
        a = max(0, int((start - GATE_LEAD) * rate))
        b = min(length, int((end + GATE_TAIL) * rate))
        mask[a:b] = 1.0
    width = int(0.005 * rate)
    for _ in range(2):                  # two box filters = a triangular ramp, O(n)
        c = np.concatenate([[0.0], np.cumsum(mask, dtype=np.float64)])
        padded = np.concatenate([c, np.full(width, c[-1])])
        mask = ((padded[width:width + length] - c[:length]) / width).astype(np.float32)
    return mask


def sing(notes: Sequence[Tuple[float, float, int]], words: Sequence[str]) -> np.ndarray:
    """Festival singing of the line as float32 mono at 44.1 kHz, gated to the notes; starts at time 0."""
    if not notes:
        return np.zeros(0, np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        xml, wav = os.path.join(tmp, "line.xml"), os.path.join(tmp, "sung.wav")
        with open(xml, "w") as f:
            f.write(singing_xml(notes, words))
        run(["text2wave", "-mode", "singing", xml, "-o", wav])
        audio = decode(wav, channels=1)[0]
    return audio * note_gate(notes, len(audio))
