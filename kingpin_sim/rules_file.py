"""``--rules FILE``: a TOML file overriding `Rules` figures, one table per rules section.

    # what if play paid 20 % less and robs were harder?
    [play]
    wealth_caps = [400, 1760, 5760, 16640, 44800, 120000]
    [rob]
    base_rate = 0.55

Play payouts and item prices are content (``game/content/*.json``), not `Rules`; a ``[content]``
table scales them for the simulation (``play_wealth_scale``, ``play_xp_scale``,
``item_price_scale``: positive numbers, 1.0 = as shipped), so "what if play paid 20 % less?" is
``[content] play_wealth_scale = 0.8``.

Every key must name an existing figure with a value of its type (`Rules.with_overrides` checks);
an unknown section or key is an error that lists what the section does have.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.catalogue import Catalogue
from game.rules import DEFAULT_RULES, Rules

__all__ = ["CONTENT_SCALES", "RulesFile", "RulesFileError", "load_rules_file", "scale_catalogue"]

CONTENT_SCALES = ("item_price_scale", "play_wealth_scale", "play_xp_scale")


class RulesFileError(ValueError):
    """The rules file cannot be read or names something `Rules` does not have."""


@dataclass(frozen=True, slots=True)
class RulesFile:
    rules: Rules
    overrides: dict[str, Any]  # dotted Rules keys, as given
    content: dict[str, float]  # content scales, as given


def _content(table: Any, path: Path) -> dict[str, float]:
    if not isinstance(table, dict):
        raise RulesFileError(f"{path}: [content] must be a table")
    scales: dict[str, float] = {}
    for name, value in table.items():
        if name not in CONTENT_SCALES:
            raise RulesFileError(
                f"{path}: unknown content scale content.{name} ([content] has: {', '.join(CONTENT_SCALES)})"
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise RulesFileError(f"{path}: content.{name} must be a positive number")
        scales[name] = float(value)
    return scales


def scale_catalogue(catalogue: Catalogue, scales: Mapping[str, float]) -> Catalogue:
    """The catalogue with play payouts / XP and item prices scaled (floored, at least 1)."""
    if not scales:
        return catalogue
    w, x, p = (scales.get(k, 1.0) for k in ("play_wealth_scale", "play_xp_scale", "item_price_scale"))

    def scaled(value: int, factor: float) -> int:
        return max(1, int(value * factor)) if value > 0 else value

    events = [
        dataclasses.replace(
            e, wealth_min=scaled(e.wealth_min, w), wealth_max=scaled(e.wealth_max, w),
            xp_min=scaled(e.xp_min, x), xp_max=scaled(e.xp_max, x),
        )
        for e in catalogue.events
    ]
    items = [
        dataclasses.replace(i, price=scaled(i.price, p), sell_price=scaled(i.sell_price, p) if i.sell_price else 0)
        for i in catalogue.items
    ]
    return Catalogue.build(items, catalogue.titles, events)


def _flatten(data: dict[str, Any], path: Path) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key == "content":
            continue
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


def load_rules_file(path: Path, base: Rules = DEFAULT_RULES) -> RulesFile:
    """The rules with the file's overrides applied, the overrides, and the content scales."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise RulesFileError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(f"{path}: not valid TOML: {exc}") from None
    flat = _flatten(data, path)
    content = _content(data.get("content", {}), path)
    try:
        rules = base.with_overrides(flat)
    except ValueError as exc:
        raise RulesFileError(f"{path}: {exc}") from None
    return RulesFile(rules, flat, content)
