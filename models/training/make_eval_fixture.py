"""Write the tiny evaluation set of tests/fixtures/eval/ (EVAL.md layout) and Python's scores of it, expected.json,
so the C# `locoformer eval` can assert that it computes the same numbers on the same files.

    /usr/bin/python3 models/training/make_eval_fixture.py [--root REPO_ROOT]

Deterministic synthetic material (numpy seed 7), 16-bit PCM to keep the files small (both readers scale by 1/32768):
  tones  2.5 s: "vocals" = a vibrato tone with harmonics and a syllable envelope; "instrumental" = a bass line, a
         chord and filtered noise; estimates = each reference plus 15 % of the other stem and a little noise.
  gap    2.0 s: vocals silent for the first 1.2 s (its first framewise window is NaN, the median ignores it);
         estimates = the IRM-like leak of the mixture, scaled 0.9.
Two framewise windows per track (the trailing partial second dropped).
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from eval import score_set, write_set  # noqa: E402
from wavio import read_wav, write_wav  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RATE = 44100


def _q(x: np.ndarray) -> np.ndarray:
    """Round to the 16-bit grid so what is written is exactly what both readers see."""
    return np.clip(np.round(x * 32768.0), -32768, 32767) / 32768.0


def _vocals(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    f0 = 220.0 * (1 + 0.01 * np.sin(2 * np.pi * 5.5 * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    tone = sum(np.sin(k * phase) / k for k in range(1, 6))
    env = 0.5 + 0.5 * np.sin(2 * np.pi * 2.0 * t) ** 2
    mono = 0.15 * tone * env
    return np.stack((mono * 0.9, mono * 1.1)) + 0.002 * rng.standard_normal((2, n))


def _instrumental(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    bass = 0.2 * np.sin(2 * np.pi * 55.0 * t) * (1 + (np.floor(t * 4) % 2))
    chord = 0.05 * sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0))
    noise = np.cumsum(rng.standard_normal((2, n)), axis=1)
    noise = 0.02 * (noise - noise.mean(axis=1, keepdims=True)) / noise.std()
    return np.stack((bass + chord, bass - chord)) * 0.5 + noise


def build(out: str) -> dict:
    rng = np.random.default_rng(7)
    tracks, estimates = {}, {}
    n = int(2.5 * RATE)
    voc, ins = _q(_vocals(n, rng)), _q(_instrumental(n, rng))
    tracks["tones"] = {"mix": _q(voc + ins), "vocals": voc, "instrumental": ins}
    estimates["tones"] = {"vocals": _q(voc + 0.15 * ins + 0.01 * rng.standard_normal(voc.shape)),
                          "instrumental": _q(ins + 0.15 * voc + 0.01 * rng.standard_normal(ins.shape))}
    n = int(2.0 * RATE)
    voc, ins = _vocals(n, rng), _instrumental(n, rng)
    voc[:, :int(1.2 * RATE)] = 0.0
    voc, ins = _q(voc), _q(ins)
    mix = _q(voc + ins)
    tracks["gap"] = {"mix": mix, "vocals": voc, "instrumental": ins}
    estimates["gap"] = {"vocals": _q(0.9 * voc + 0.05 * mix), "instrumental": _q(0.9 * ins + 0.05 * mix)}
    stems = ["vocals", "instrumental"]
    write_set(out, stems, stems, {})                      # set.json written below with the tracks
    for name, arrays in tracks.items():
        write_wav(os.path.join(out, name, "mix.wav"), arrays["mix"], bits=16)
        for s in stems:
            write_wav(os.path.join(out, name, "reference", s + ".wav"), arrays[s], bits=16)
            write_wav(os.path.join(out, name, "estimate", s + ".wav"), estimates[name][s], bits=16)
    meta = {"format": 1, "sampleRate": RATE, "stems": stems, "sources": stems, "tracks": list(tracks)}
    with open(os.path.join(out, "set.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    # what was written must be what the generator meant (16-bit grid, no clipping)
    back, _ = read_wav(os.path.join(out, "tones", "mix.wav"))
    assert np.array_equal(back, tracks["tones"]["mix"]), "16-bit round trip changed the mix"
    result = score_set(out)
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    return result


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", default=REPO)
    a = p.parse_args(argv)
    out = os.path.join(a.root, "tests", "fixtures", "eval")
    result = build(out)
    for system, v in result["systems"].items():
        print(system, {s: round(x["usdr"], 3) for s, x in v["summary"].items()})
    print("gapClosed", result["gapClosed"])


if __name__ == "__main__":
    main()
