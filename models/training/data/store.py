"""Files on disk: atomic writes for the generator, and memory-mapped random-chunk reads for the trainer.

Layout under the output folder (see README.md):
  music/index.json                 {"format", "sample_rate", "stems", "seed", "songs": [entry, ...]}
  music/<id>/stems.npy             float32 [5, 2, samples], stems in STEMS order
  music/<id>/mix.npy               float32 [2, samples] = the float32 sum of the stems, in stem order
  speech/index.json                {"format", "sample_rate", "channels": 1, "seed", "clips": [entry, ...]}
  speech/<id>.npy                  float32 [2, samples]: [clean speech, noise]; noisy input = clean + noise
"""

import json
import os
import tempfile
from typing import Dict, List, Optional, Tuple

import numpy as np

FORMAT = 1


def _atomic(path: str, write) -> None:
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)             # mkstemp makes 0600; the trainer may run as another user
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_npy(path: str, array: np.ndarray) -> None:
    """Writes `array` as .npy via a temporary file in the same folder, so readers never see half a file."""
    _atomic(path, lambda f: np.save(f, np.ascontiguousarray(array), allow_pickle=False))


def save_json(path: str, data: Dict) -> None:
    text = json.dumps(data, indent=1, sort_keys=True, allow_nan=False) + "\n"
    _atomic(path, lambda f: f.write(text.encode("utf-8")))


def load_index(root: str, kind: str = "music") -> Dict:
    """The index of `kind` ("music" or "speech") under `root`."""
    path = os.path.join(root, kind, "index.json")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} does not exist: run `python3 -m models.training.data.generate --out {root} "
                                f"--kind {kind}` first")
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    if index.get("format") != FORMAT:
        raise ValueError(f"{path} has format {index.get('format')}; this reader supports format {FORMAT}")
    return index


def entries(index: Dict, split: Optional[str] = None) -> List[Dict]:
    items = index["songs"] if "songs" in index else index["clips"]
    return [e for e in items if split is None or e["split"] == split]


def open_array(root: str, relative: str) -> np.ndarray:
    """A stored array memory-mapped read-only: slicing it reads only the touched pages."""
    return np.load(os.path.join(root, relative), mmap_mode="r", allow_pickle=False)


def read_chunk(root: str, entry: Dict, start: int, length: int) -> np.ndarray:
    """float32 [5, 2, length] stems of a song from sample `start`, zero-padded past the song's end."""
    stems = open_array(root, entry["stems_file"])
    out = np.zeros(stems.shape[:2] + (length,), np.float32)
    part = stems[:, :, start:start + length]
    out[:, :, :part.shape[2]] = part
    return out


def random_chunk(root: str, songs: List[Dict], rng: np.random.Generator, length: int
                 ) -> Tuple[np.ndarray, Dict, int]:
    """A training example: a random song (weighted by duration, so every second is equally likely) and a random
    window of `length` samples in it, as (float32 [5, 2, length], the song's entry, start sample); the example's
    mixture is `mixing.mix(chunk)`."""
    weights = np.array([e["samples"] for e in songs], dtype=np.float64)
    entry = songs[int(rng.choice(len(songs), p=weights / weights.sum()))]
    start = int(rng.integers(0, max(1, entry["samples"] - length + 1)))
    return read_chunk(root, entry, start, length), entry, start
