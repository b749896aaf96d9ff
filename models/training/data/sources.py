"""Where the material comes from: every Debian package we read, its licence, and the files found in it.

Each source has a stable name ("package:relative/path") that the train/validation split hashes, and that the index
records beside the licence.
"""

import glob
import hashlib
import os
import struct
from dataclasses import dataclass
from typing import Dict, List, Optional

# package -> (licence as in /usr/share/doc/<package>/copyright, what we use from it)
PACKAGES: Dict[str, tuple] = {
    "freedoom": ("BSD-3-Clause (freedoom-license)", "MIDI music lumps D_* of freedoom1.wad / freedoom2.wad"),
    "openttd-openmsx": ("GPL-2.0", "MIDI music of the OpenMSX base set"),
    "planetblupi-music-midi": ("GPL-3+", "MIDI music of Planet Blupi"),
    "mma": ("GPL-2+", "example songs (MIDI) and the stdlib groove library our generated charts use"),
    "fluid-soundfont-gm": ("MIT", "FluidR3_GM.sf2, the General MIDI soundfont every MIDI stem is rendered with"),
    "festival": ("MIT-style (CSTR)", "text2wave singing mode for vocal lines"),
    "festvox-kallpc16k": ("MIT-style (CSTR/OGI)", "the kal diphone voice Festival sings with"),
    "asterisk-core-sounds-en-wav": ("CC-BY-SA-3.0", "recorded English prompts (one female speaker, 8 kHz)"),
    "klettres-data": ("GPL-2+", "recorded letters and syllables in ~20 languages (several speakers)"),
    "asterisk-moh-opsound-wav": ("CC-BY-SA-3.0", "hold music, a non-stationary background for speech pairs"),
}

FREEDOOM_WADS = ("/usr/share/games/doom/freedoom1.wad", "/usr/share/games/doom/freedoom2.wad")
OPENMSX_DIR = "/usr/share/games/openttd/baseset/openmsx"
BLUPI_DIR = "/usr/share/planetblupi/music"
MMA_EXAMPLES = "/usr/share/doc/mma/examples"
ALLISON_DIR = "/usr/share/asterisk/sounds/en_US_f_Allison"
KLETTRES_DIR = "/usr/share/klettres"
MOH_DIR = "/usr/share/asterisk/moh"


@dataclass(frozen=True)
class Source:
    name: str                      # stable id: "package:relative/path[#lump]"
    package: str
    path: str                      # file on disk (the WAD for Freedoom lumps)
    lump: Optional[tuple] = None   # (offset, size) inside a WAD
    speaker: str = ""              # speech: who speaks (clips never mix speakers)

    @property
    def licence(self) -> str:
        return PACKAGES[self.package][0]

    def read(self) -> bytes:
        with open(self.path, "rb") as f:
            if self.lump is None:
                return f.read()
            f.seek(self.lump[0])
            return f.read(self.lump[1])


def wad_music(wad: str) -> List[Source]:
    """The standard-MIDI music lumps (D_*) of a Doom WAD: header char[4] id, int32 lumps, int32 directory offset;
    directory entries int32 offset, int32 size, char[8] name (little-endian)."""
    with open(wad, "rb") as f:
        data = f.read()
    _, count, directory = struct.unpack_from("<4sii", data, 0)
    out = []
    for i in range(count):
        pos, size, raw = struct.unpack_from("<ii8s", data, directory + 16 * i)
        name = raw.rstrip(b"\0").decode("ascii", "replace")
        if name.startswith("D_") and data[pos:pos + 4] == b"MThd":
            stem = os.path.splitext(os.path.basename(wad))[0]
            out.append(Source(f"freedoom:{stem}/{name}", "freedoom", wad, (pos, size)))
    return out


def _files(package: str, root: str, pattern: str) -> List[Source]:
    paths = sorted(glob.glob(os.path.join(root, pattern), recursive=True))
    return [Source(f"{package}:{os.path.relpath(p, root)}", package, p) for p in paths]


def midi_sources() -> List[Source]:
    """All MIDI files of the installed packages, sorted by name, byte-identical duplicates dropped (Freedoom reuses
    a few tracks between its two WADs; a duplicate in both splits would leak validation material)."""
    found: List[Source] = []
    for wad in FREEDOOM_WADS:
        if os.path.exists(wad):
            found += wad_music(wad)
    found += _files("openttd-openmsx", OPENMSX_DIR, "*.mid")
    found += _files("planetblupi-music-midi", BLUPI_DIR, "*.mid")
    found += _files("mma", MMA_EXAMPLES, "**/*.mid")
    seen, unique = set(), []
    for s in sorted(found, key=lambda s: s.name):
        digest = hashlib.sha256(s.read()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            unique.append(s)
    return unique


def speech_sources() -> List[Source]:
    """Recorded speech: the Allison prompts (without silence/) and the klettres letters and syllables, each
    klettres language folder counted as its own speaker."""
    out = [s for s in _files("asterisk-core-sounds-en-wav", ALLISON_DIR, "**/*.wav")
           if not s.name.split(":", 1)[1].startswith("silence/")]
    out = [Source(s.name, s.package, s.path, speaker="allison") for s in out]
    for s in _files("klettres-data", KLETTRES_DIR, "*/*/*.ogg"):
        lang = s.name.split(":", 1)[1].split("/")[0]
        out.append(Source(s.name, s.package, s.path, speaker=f"klettres-{lang}"))
    return out


def hold_music() -> List[Source]:
    return _files("asterisk-moh-opsound-wav", MOH_DIR, "*.wav")
