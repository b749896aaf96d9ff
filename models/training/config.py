"""Model configurations: the numbers that define medium, lite and tiny, kept apart from the modules that use them."""

from dataclasses import dataclass, field, asdict
from typing import List, Optional, Tuple

N_FFT = 2048
HOP = 512
SAMPLE_RATE = 44100
BINS = N_FFT // 2 + 1  # 1025

# 62 bands of the n_fft 2048 spectrum (BS-RoFormer's default split): 24x2, 12x4, 8x12, 8x24, 8x48, 128, 129 bins.
BANDS_62: Tuple[int, ...] = tuple([2] * 24 + [4] * 12 + [12] * 8 + [24] * 8 + [48] * 8 + [128, 129])
assert sum(BANDS_62) == BINS and len(BANDS_62) == 62

# A coarse split for tests: 8 bands, widths doubling towards the top.
BANDS_8: Tuple[int, ...] = (16, 16, 32, 64, 128, 256, 256, 257)
assert sum(BANDS_8) == BINS


@dataclass(frozen=True)
class Chunk:
    """Recommended chunking: the network sees left + frames + right frames and the caller keeps the middle `frames`."""
    frames: int
    left: int
    right: int

    @property
    def total(self) -> int:
        return self.left + self.frames + self.right


@dataclass(frozen=True)
class LocoformerConfig:
    name: str
    width: int                 # C, channels of every TF point inside the blocks
    blocks: int
    heads: int
    groups: int = 4            # RMSGroupNorm groups
    ffn_expansion: int = 4     # ConvSwiGLU hidden = expansion * C (value and gate each)
    kernel: int = 3            # depthwise Conv1d along time
    bands: Optional[Tuple[int, ...]] = None  # bins per band, or None = full band (1025 rows)
    merge_hidden: int = 64     # band-split only: per-stem hidden width of the band-merge MLP
    channels: int = 2          # audio channels (stereo)
    eps: float = 1e-5
    chunk: Chunk = field(default_factory=lambda: Chunk(64, 16, 16))

    @property
    def in_channels(self) -> int:
        return 2 * self.channels

    @property
    def rows(self) -> int:
        """Length of the frequency axis the blocks run over (bins or bands)."""
        return BINS if self.bands is None else len(self.bands)


MEDIUM = LocoformerConfig("medium", width=384, blocks=6, heads=8, chunk=Chunk(64, 16, 16))
LITE = LocoformerConfig("lite", width=128, blocks=6, heads=8, bands=BANDS_62, merge_hidden=64, chunk=Chunk(32, 16, 16))
TINY = LocoformerConfig("tiny", width=16, blocks=1, heads=2, chunk=Chunk(16, 8, 8))
TINY_BANDS = LocoformerConfig("tiny-bands", width=16, blocks=1, heads=2, bands=BANDS_8, merge_hidden=8,
                              chunk=Chunk(16, 8, 8))

CONFIGS = {c.name: c for c in (MEDIUM, LITE, TINY, TINY_BANDS)}

TWO_STEMS: List[str] = ["vocals", "instrumental"]
FIVE_STEMS: List[str] = ["vocals", "drums", "bass", "instruments", "fx"]
CLEAN_STEMS: List[str] = ["speech", "noise"]


def sums_to_mixture(stems: List[str]) -> bool:
    """True for stem sets whose stems add up to the mix exactly (every training task), where the network's estimates
    are made mixture-consistent (locoformer.TFLocoformer)."""
    return list(stems) in (TWO_STEMS, FIVE_STEMS, CLEAN_STEMS)


def get_config(name: str) -> LocoformerConfig:
    try:
        return CONFIGS[name]
    except KeyError:
        raise ValueError(f"unknown config '{name}'; supported: {', '.join(CONFIGS)}") from None


def manifest_config(cfg: LocoformerConfig) -> dict:
    """The manifest's `config` object (camelCase, contract.md)."""
    return {
        "name": cfg.name,
        "width": cfg.width,
        "blocks": cfg.blocks,
        "heads": cfg.heads,
        "groups": cfg.groups,
        "ffnExpansion": cfg.ffn_expansion,
        "kernel": cfg.kernel,
        "bands": None if cfg.bands is None else list(cfg.bands),
    }
