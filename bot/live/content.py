"""Heist content shipped in ``game/content/heists.json`` (phrases, scramble words, riddles)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from game.live.heist import HeistPools, Riddle

__all__ = ["heist_pools"]


@cache
def heist_pools() -> HeistPools:
    data = json.loads((resources.files("game") / "content" / "heists.json").read_text(encoding="utf-8"))
    return HeistPools(
        phrases=tuple(data["phrases"]),
        scramble_words=tuple(data["scramble_words"]),
        riddles=tuple(Riddle(int(r["id"]), r["text"], r["answer"], tuple(r["alternatives"])) for r in data["riddles"]),
    )
