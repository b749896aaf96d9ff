"""Deterministic multitrack training material for the stem-separation and clean models, built from Debian packages.

Run `/usr/bin/python3 -m models.training.data.generate --help` from the repository root; README.md beside this file
lists the sources, their licences and the output layout.
"""

# Order of the stem axis in every stems.npy, fixed for the trainer (see README.md).
STEMS = ("vocals", "drums", "bass", "instruments", "fx")
SAMPLE_RATE = 44100
