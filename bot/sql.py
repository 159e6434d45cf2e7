"""Named SQL statements, loaded once from ``sql/queries/<area>/<verb_noun>.sql``.

Each file holds one statement with asyncpg-native ``$n`` parameters and a header comment
(purpose, params, result). :data:`QUERIES` maps ``"area/verb_noun"`` to the statement text;
repository modules bind what they use at import, so a missing file fails at start-up, and a
test prepares every statement against a real server.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from importlib.abc import Traversable
from types import MappingProxyType

__all__ = ["QUERIES", "load_queries"]


def _walk(folder: Traversable, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in folder.iterdir():
        if entry.is_dir():
            found.update(_walk(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".sql"):
            found[prefix + entry.name.removesuffix(".sql")] = entry.read_text(encoding="utf-8")
    return found


def load_queries() -> Mapping[str, str]:
    """Read every statement file shipped in the ``sql`` package."""
    return MappingProxyType(_walk(resources.files("sql") / "queries", ""))


QUERIES: Mapping[str, str] = load_queries()
