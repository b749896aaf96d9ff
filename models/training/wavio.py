"""Minimal WAV reading and writing for the evaluation layout (EVAL.md), without scipy or soundfile.

Writes 32-bit IEEE float (format 3) or 16-bit PCM; reads PCM 16/24/32-bit, float 32/64 and WAVE_FORMAT_EXTENSIBLE
with those sub-formats. Samples are returned as float64 [channels, frames]; PCM is scaled by 1/2^(bits-1), the
convention of the C# PcmCodec (16-bit: 1/32768).
"""

import os
import struct
import tempfile
from typing import Tuple

import numpy as np

PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE


def write_wav(path: str, samples: np.ndarray, rate: int = 44100, bits: int = 32) -> None:
    """samples [channels, frames]; bits 32 -> IEEE float, 16 -> PCM (rounded, clipped). Atomic."""
    x = np.asarray(samples)
    if x.ndim != 2:
        raise ValueError(f"write_wav wants [channels, frames], got shape {x.shape}")
    channels = x.shape[0]
    if bits == 32:
        fmt, data = FLOAT, x.T.astype("<f4").tobytes()
    elif bits == 16:
        fmt, data = PCM, np.clip(np.round(x.T * 32768.0), -32768, 32767).astype("<i2").tobytes()
    else:
        raise ValueError(f"write_wav supports 32-bit float or 16-bit PCM, not {bits} bits")
    block = channels * bits // 8
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, fmt, channels, rate, rate * block, block, bits)
    header += b"data" + struct.pack("<I", len(data))
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".wav.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(header + data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def read_wav(path: str) -> Tuple[np.ndarray, int]:
    """Returns (float64 [channels, frames], sample rate)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a RIFF/WAVE file")
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(raw):
        cid, size = raw[pos:pos + 4], struct.unpack("<I", raw[pos + 4:pos + 8])[0]
        body = raw[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = body
        elif cid == b"data":
            data = body
        pos += 8 + size + (size & 1)
    if fmt is None or data is None:
        raise ValueError(f"{path}: missing fmt or data chunk")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == EXTENSIBLE:
        tag = struct.unpack("<H", fmt[24:26])[0]
    kinds = {(PCM, 16): ("<i2", 2.0 ** 15), (PCM, 32): ("<i4", 2.0 ** 31), (FLOAT, 32): ("<f4", 1.0),
             (FLOAT, 64): ("<f8", 1.0)}
    if (tag, bits) == (PCM, 24):
        b = np.frombuffer(data[:len(data) // 3 * 3], np.uint8).reshape(-1, 3).astype(np.int32)
        v = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16))
        v = np.where(v >= 1 << 23, v - (1 << 24), v).astype(np.float64) / 2.0 ** 23
    elif (tag, bits) in kinds:
        dtype, scale = kinds[(tag, bits)]
        v = np.frombuffer(data[:len(data) // np.dtype(dtype).itemsize * np.dtype(dtype).itemsize], dtype)
        v = v.astype(np.float64) / scale
    else:
        raise ValueError(f"{path}: unsupported WAV encoding (format tag {tag}, {bits} bits); supported: PCM 16/24/32, "
                         f"float 32/64")
    return v[:len(v) // channels * channels].reshape(-1, channels).T.copy(), rate
