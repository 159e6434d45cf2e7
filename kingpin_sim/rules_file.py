"""``--rules FILE``: a TOML file overriding `Rules` figures, one table per rules section.

    # what if play paid 20 % less and robs were harder?
    [play]
    wealth_caps = [400, 1760, 5760, 16640, 44800, 120000]
    [rob]
    base_rate = 0.55

Every key must name an existing figure with a value of its type (`Rules.with_overrides` checks);
an unknown section or key is an error that lists what the section does have.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

from game.rules import DEFAULT_RULES, Rules

__all__ = ["RulesFileError", "load_rules_file"]


class RulesFileError(ValueError):
    """The rules file cannot be read or names something `Rules` does not have."""


def _flatten(data: dict[str, Any], path: Path) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        current = getattr(DEFAULT_RULES, key, None) if not key.startswith("_") else None
        if isinstance(value, dict):
            if current is None or not dataclasses.is_dataclass(current):
                sections = sorted(
                    f.name for f in dataclasses.fields(Rules)
                    if dataclasses.is_dataclass(getattr(DEFAULT_RULES, f.name))
                )
                raise RulesFileError(f"{path}: unknown rules section [{key}] (sections: {', '.join(sections)})")
            known = {f.name for f in dataclasses.fields(current)}
            for name, inner in value.items():
                if name not in known:
                    raise RulesFileError(
                        f"{path}: unknown rule {key}.{name} ([{key}] has: {', '.join(sorted(known))})"
                    )
                if isinstance(inner, dict):
                    raise RulesFileError(f"{path}: {key}.{name} is a figure, not a table")
                flat[f"{key}.{name}"] = inner
        else:
            if current is None or dataclasses.is_dataclass(current):
                raise RulesFileError(f"{path}: unknown top-level rule {key!r} (use a [section] table)")
            flat[key] = value
    return flat


def load_rules_file(path: Path, base: Rules = DEFAULT_RULES) -> tuple[Rules, dict[str, Any]]:
    """The rules with the file's overrides applied, and the overrides as dotted keys."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise RulesFileError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(f"{path}: not valid TOML: {exc}") from None
    flat = _flatten(data, path)
    try:
        rules = base.with_overrides(flat)
    except ValueError as exc:
        raise RulesFileError(f"{path}: {exc}") from None
    return rules, flat
