"""Load benchmark from a checkout: ``python benchmarks/load.py [kingpin bench options]``.

The same as ``kingpin bench`` (the code is in :mod:`kingpin_bench`, so installed copies have it).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bot.cli import main

    raise SystemExit(main(["bench", *sys.argv[1:]]))
