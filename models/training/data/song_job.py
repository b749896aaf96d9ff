"""One song from source to files: MIDI -> five stem MIDI files -> fluidsynth (+ Festival, + synthesized fx) ->
pan and gain -> stems.npy [5, 2, n] and mix.npy [2, n] (the exact float32 sum) plus the song's index entry."""

import os
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Optional

import numpy as np

from . import STEMS, SAMPLE_RATE
from .audio_tools import render_midi
from .fx_synth import place_events, render_events
from .midi_song import Song, crop, parse_midi, write_midi
from .mixing import (active_rms_db, apply_pan_gain, draw_pan_gain, mix, normalize_peak, pad_to)
from .mma_chart import GrooveFile, chart, render_chart
from .sources import PACKAGES, Source
from .store import save_npy
from .vocals import festival_vocals, gm_line, plan_vocals

P_SYNTH_FX = 0.6        # share of songs that get synthesized risers/impacts on top of any GM effect notes
VOCAL_LEVEL_DB = (-6.0, 0.0)   # an added vocal line's level relative to the accompaniment, before stem gains
MIX_LEVEL_DB = (-24.0, -14.0)  # the song's mixture is scaled to an active RMS in this range (dBFS), then peak-limited
TAIL_FLOOR = 1e-5       # trailing samples below this in every stem are cut (fluidsynth renders long silent tails)


@dataclass(frozen=True)
class SongJob:
    id: str
    split: str
    seed: int                    # the song's own random stream (independent of job order)
    max_seconds: float
    source: Optional[Source] = None          # a MIDI file ...
    groove: Optional[GrooveFile] = None      # ... or an mma chart on this groove library file
    synth_fx: bool = True                    # False: no synthesized risers/impacts
    vocals: bool = True                      # False: no added vocal line (the song's own voice notes stay)
    vocal_method: Optional[str] = None       # force "festival" | "gm" | "none" instead of drawing it


def _midi_for(job: SongJob, rng: np.random.Generator):
    if job.source is not None:
        return job.source.read(), {}
    text, info = chart(rng, job.groove, job.max_seconds)
    return render_chart(text), {"chart": info}


def _active_rms(x: np.ndarray) -> float:
    db = active_rms_db(x)
    return 0.0 if db == float("-inf") else 10 ** (db / 20)


def render_song(job: SongJob, out_dir: str) -> Dict:
    """Renders `job` into out_dir/music/<id>/ and returns its index entry."""
    rng = np.random.default_rng(job.seed)
    data, extra = _midi_for(job, rng)
    song = crop(parse_midi(data), job.max_seconds)
    vplan = plan_vocals(song, rng, prefer_generated=job.groove is not None, force=job.vocal_method) \
        if job.vocals else None
    by_stem: Dict[str, List] = {s: [] for s in STEMS}
    for n in song.notes:
        if n.stem == "instruments" and vplan and (n.start, n.channel, n.pitch) in vplan.taken:
            continue                          # the vocal line sings this note instead
        by_stem[n.stem].append(n)
    gm_setup, strip = [], ()
    if vplan and vplan.method == "gm":
        line_notes, channel, gm_setup = gm_line(song, vplan)
        by_stem["vocals"] += line_notes
        strip = (channel,)
    with tempfile.TemporaryDirectory() as tmp:
        rendered = {}
        for name in STEMS:
            if not by_stem[name]:
                rendered[name] = np.zeros((2, 0), np.float32)
                continue
            path = os.path.join(tmp, f"{name}.mid")
            if name == "vocals":
                write_midi(song, by_stem[name], path, strip_channels=strip, setup=gm_setup)
            else:
                write_midi(song, by_stem[name], path)
            rendered[name] = render_midi(path)
    accomp = pad_to([rendered[s] for s in ("drums", "bass", "instruments")])
    accomp_rms = _active_rms(mix(accomp))
    if vplan and vplan.method in ("festival", "gm"):
        voice = festival_vocals(song, vplan, rng) if vplan.method == "festival" else rendered["vocals"]
        level = accomp_rms * 10 ** (rng.uniform(*VOCAL_LEVEL_DB) / 20) if accomp_rms > 0 else 0.1
        v_rms = _active_rms(voice)
        rendered["vocals"] = (voice * np.float32(level / v_rms)).astype(np.float32) if v_rms > 0 else voice
    events = place_events(song, rng) if job.synth_fx and rng.random() < P_SYNTH_FX else []
    if events:
        n = max(r.shape[1] for r in rendered.values())
        synth = render_events(events, rng, n, accomp_rms if accomp_rms > 0 else 0.05)
        rendered["fx"] = mix(pad_to([rendered["fx"], synth]))
    stems = pad_to([rendered[s] for s in STEMS])
    pans, gains = zip(*[draw_pan_gain(rng) for _ in STEMS])
    stems = np.stack([apply_pan_gain(s, p, g) for s, p, g in zip(stems, pans, gains)])
    loud = np.nonzero(np.abs(stems).max(axis=(0, 1)) > TAIL_FLOOR)[0]
    end = min(stems.shape[2], int(loud[-1]) + 1 + SAMPLE_RATE // 20) if loud.size else 0
    stems = np.ascontiguousarray(stems[:, :, :end])
    target = 10 ** (rng.uniform(*MIX_LEVEL_DB) / 20)
    level = _active_rms(mix(stems))
    if level > 0:
        stems = (stems * np.float32(target / level)).astype(np.float32)
    stems, peak_scale = normalize_peak(stems)
    scale = peak_scale * (target / level if level > 0 else 1.0)
    mixture = mix(stems)
    folder = os.path.join(out_dir, "music", job.id)
    os.makedirs(folder, exist_ok=True)
    save_npy(os.path.join(folder, "stems.npy"), stems)
    save_npy(os.path.join(folder, "mix.npy"), mixture)
    return _entry(job, song, stems, mixture, vplan, events, pans, gains, scale, extra)


def _db(value: float) -> Optional[float]:
    return None if value == float("-inf") else round(value, 2)


def _entry(job, song: Song, stems, mixture, vplan, events, pans, gains, scale, extra) -> Dict:
    package = job.source.package if job.source else "mma"
    used = [package, "fluid-soundfont-gm"]
    if vplan and vplan.method == "festival":
        used += ["festival", "festvox-kallpc16k"]
    counts = {s: 0 for s in STEMS}
    for n in song.notes:
        counts[n.stem] += 1
    entry = {
        "id": job.id,
        "split": job.split,
        "kind": "midi" if job.source else "mma",
        "source": job.source.name if job.source else job.groove.source_name,
        "packages": used,
        "licences": {p: PACKAGES.get(p, ("see the source",))[0] for p in used},
        "stems_file": f"music/{job.id}/stems.npy",
        "mix_file": f"music/{job.id}/mix.npy",
        "samples": int(stems.shape[2]),
        "seconds": round(stems.shape[2] / SAMPLE_RATE, 3),
        "vocals": vplan.describe() if vplan else {"method": "off"},
        "source_notes": counts,
        "fx_events": events,
        "pan": [round(p, 4) for p in pans],
        "gain_db": [round(g, 3) for g in gains],
        "level_scale": round(scale, 6),   # factor applied to every stem after pan/gain
        "active_rms_db": [_db(active_rms_db(s)) for s in stems],   # None = the stem is silent
        "mix_peak": round(float(np.abs(mixture).max(initial=0.0)), 5),
    }
    entry.update(extra)
    return entry
