"""Train/validation assignment by source name, so that no source file contributes to both sides."""

import hashlib
from typing import Iterable, List, Tuple

VALID_PERCENT = 10


def bucket(name: str) -> int:
    """A stable number in [0, 100) from the source name (sha256, independent of the seed and of Python's hash)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big") % 100


def split_of(name: str, valid_percent: int = VALID_PERCENT) -> str:
    return "valid" if bucket(name) < valid_percent else "train"


def partition(names: Iterable[str], valid_percent: int = VALID_PERCENT) -> Tuple[List[str], List[str]]:
    """(train, valid) names. With few names the hash rule can leave validation empty; then the name with the
    lowest bucket goes to validation, so both sides always have material."""
    names = sorted(set(names))
    valid = [n for n in names if split_of(n, valid_percent) == "valid"]
    if not valid and len(names) > 1:
        valid = [min(names, key=lambda n: (bucket(n), n))]
    train = [n for n in names if n not in valid]
    return train, valid


def stable_int(*parts) -> int:
    """A 63-bit integer from any strings/ints, for seeding per-job random generators independently of job order."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> 1
