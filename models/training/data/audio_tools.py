"""The external renderers (fluidsynth, sox) behind small functions that return float32 numpy arrays."""

import os
import subprocess
import tempfile
from typing import Sequence

import numpy as np

from . import SAMPLE_RATE

SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
FLUID_GAIN = 0.2          # fluidsynth's default; louder settings clip dense songs (fluidsynth clamps to +-1)


def run(args: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs a tool, raising with its stderr on failure (a bare CalledProcessError hides why mma or sox failed)."""
    env = dict(os.environ, PYTHONHASHSEED="0", LC_ALL="C")
    kwargs.setdefault("timeout", 600)      # a hung renderer fails its song instead of stalling the run
    proc = subprocess.run(list(args), capture_output=True, env=env, **kwargs)
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace")[-800:]
        raise RuntimeError(f"{args[0]} failed (exit {proc.returncode}): {' '.join(map(str, args))}\n{tail}")
    return proc


def render_midi(midi_path: str, gain: float = FLUID_GAIN) -> np.ndarray:
    """Renders a MIDI file with FluidR3 GM, reverb and chorus off, to float32 stereo [2, samples] at 44.1 kHz.

    Raw little-endian float output skips WAV parsing (Python's wave module reads no float WAVs). A render that
    reaches fluidsynth's +-1 clamp is redone at half gain and doubled, which is exact in float."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "out.raw")
        run(["fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", str(gain), "-r", str(SAMPLE_RATE),
             "-O", "float", "-T", "raw", "-E", "little", "-F", raw, SOUNDFONT, midi_path])
        audio = np.fromfile(raw, dtype="<f4").reshape(-1, 2).T.copy()
    if audio.size and np.abs(audio).max() >= 0.999 and gain > 0.02:
        return render_midi(midi_path, gain / 2) * np.float32(2.0)
    return audio


def decode(path: str, channels: int = 1, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Any file sox reads (wav, ogg, ...) as float32 [channels, samples] at `rate` (sox's rate effect, no dither)."""
    proc = run(["sox", "-V1", "-D", path, "-t", "f32", "-e", "floating-point", "-b", "32", "-L",
                "-r", str(rate), "-c", str(channels), "-"])
    return np.frombuffer(proc.stdout, dtype="<f4").reshape(-1, channels).T.copy()
