"""Game content loaded from ``game/content/*.json`` (stdlib json + importlib.resources).

`load_catalogue()` reads and validates the item catalogue, the crate titles and the play events;
the result is an immutable `Catalogue` with the indexes the engine needs. Validation failures raise
`ContentError` naming the file and entry, so bad content fails at start-up, not mid-game.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from game.model import TIERS, ItemDef, ItemTier, ItemType, Tier

__all__ = [
    "Catalogue",
    "ContentError",
    "CrateTitle",
    "PlayEvent",
    "load_catalogue",
    "parse_items",
    "parse_play_events",
    "parse_titles",
]

EVENTS_PER_TIER = 50
NEGATIVE_PER_TIER = 5


class ContentError(ValueError):
    """A content file is missing, malformed or breaks a catalogue rule."""


@dataclass(frozen=True, slots=True)
class PlayEvent:
    """One !play event; wealth values are magnitudes (a negative event loses that much)."""

    tier: Tier
    category: str
    name: str
    flavour: str
    negative: bool
    wealth_min: int
    wealth_max: int
    xp_min: int
    xp_max: int


@dataclass(frozen=True, slots=True)
class CrateTitle:
    name: str
    tier: ItemTier


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All content plus lookup indexes. Build with `Catalogue.build` or `load_catalogue`."""

    items: tuple[ItemDef, ...]
    titles: tuple[CrateTitle, ...]
    events: tuple[PlayEvent, ...]
    by_key: Mapping[str, ItemDef] = field(default_factory=dict)
    by_type_tier: Mapping[tuple[ItemType, ItemTier], tuple[ItemDef, ...]] = field(
        default_factory=dict
    )
    by_tier: Mapping[ItemTier, tuple[ItemDef, ...]] = field(default_factory=dict)
    titles_by_tier: Mapping[ItemTier, tuple[str, ...]] = field(default_factory=dict)
    positive_events: Mapping[Tier, tuple[PlayEvent, ...]] = field(default_factory=dict)
    negative_events: Mapping[Tier, tuple[PlayEvent, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        items: Iterable[ItemDef],
        titles: Iterable[CrateTitle],
        events: Iterable[PlayEvent],
    ) -> Catalogue:
        items_t, titles_t, events_t = tuple(items), tuple(titles), tuple(events)
        by_type_tier = {
            (kind, tier): tuple(i for i in items_t if i.type is kind and i.tier is tier)
            for kind in ItemType
            for tier in ItemTier
        }
        return cls(
            items=items_t,
            titles=titles_t,
            events=events_t,
            by_key={i.key: i for i in items_t},
            by_type_tier=by_type_tier,
            by_tier={t: tuple(i for i in items_t if i.tier is t) for t in ItemTier},
            titles_by_tier={
                t: tuple(x.name for x in titles_t if x.tier is t) for t in ItemTier
            },
            positive_events={
                t: tuple(e for e in events_t if e.tier is t and not e.negative) for t in TIERS
            },
            negative_events={
                t: tuple(e for e in events_t if e.tier is t and e.negative) for t in TIERS
            },
        )


def _require(entry: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in entry:
        raise ContentError(f"{where}: missing {key!r}")
    value = entry[key]
    if isinstance(value, bool) and kind is not bool:
        raise ContentError(f"{where}: {key!r} must not be a boolean")
    if not isinstance(value, kind):
        raise ContentError(f"{where}: {key!r} has the wrong type")
    return value


def _enum(enum: type[Any], value: str, where: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise ContentError(f"{where}: unknown value {value!r}") from None


def parse_items(data: Any) -> tuple[ItemDef, ...]:
    """Validate ``{"items": [...]}``: unique keys and names, stats within the item's tier rules."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ContentError("items.json: expected an object with an 'items' list")
    items: list[ItemDef] = []
    keys: set[str] = set()
    names: set[str] = set()
    for index, entry in enumerate(data["items"]):
        where = f"items.json[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: expected an object")
        item = ItemDef(
            key=_require(entry, "key", str, where),
            name=_require(entry, "name", str, where),
            type=_enum(ItemType, _require(entry, "type", str, where), where),
            tier=_enum(ItemTier, _require(entry, "tier", str, where), where),
            price=_require(entry, "price", int, where),
            sell_price=_require(entry, "sell_price", int, where),
            durability=entry.get("durability", 100),
            rob_bonus=float(entry.get("rob_bonus", 0.0)),
            defense_bonus=float(entry.get("defense_bonus", 0.0)),
            insurance=float(entry.get("insurance", 0.0)),
            upkeep=entry.get("upkeep", 0),
            daily_revenue=entry.get("daily_revenue", 0),
            operating_cost=entry.get("operating_cost", 0),
        )
        if item.key in keys or item.name.lower() in names:
            raise ContentError(f"{where}: duplicate item {item.name!r}")
        keys.add(item.key)
        names.add(item.name.lower())
        if item.price <= 0 or not 0 <= item.sell_price <= item.price or item.durability <= 0:
            raise ContentError(f"{where}: bad price or durability")
        for value in (item.rob_bonus, item.defense_bonus, item.insurance):
            if not 0.0 <= value < 1.0:
                raise ContentError(f"{where}: bonuses are fractions in [0, 1)")
        items.append(item)
    return tuple(items)


def parse_titles(data: Any) -> tuple[CrateTitle, ...]:
    """Validate ``{"titles": [{"name", "tier"}]}`` with unique names."""
    if not isinstance(data, dict) or not isinstance(data.get("titles"), list):
        raise ContentError("crate_titles.json: expected an object with a 'titles' list")
    titles: list[CrateTitle] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["titles"]):
        where = f"crate_titles.json[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: expected an object")
        name = _require(entry, "name", str, where)
        if name.lower() in seen:
            raise ContentError(f"{where}: duplicate title {name!r}")
        seen.add(name.lower())
        titles.append(CrateTitle(name, _enum(ItemTier, _require(entry, "tier", str, where), where)))
    return tuple(titles)


def parse_play_events(data: Any, *, complete: bool = True) -> tuple[PlayEvent, ...]:
    """Validate ``{"events": [...]}``. With ``complete`` the catalogue must hold exactly 50 events
    per tier, 5 of them negative, with unique names."""
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ContentError("play_events.json: expected an object with an 'events' list")
    events: list[PlayEvent] = []
    names: set[str] = set()
    for index, entry in enumerate(data["events"]):
        where = f"play_events.json[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: expected an object")
        event = PlayEvent(
            tier=_enum(Tier, _require(entry, "tier", str, where).lower(), where),
            category=_require(entry, "category", str, where),
            name=_require(entry, "name", str, where),
            flavour=_require(entry, "flavour", str, where),
            negative=_require(entry, "negative", bool, where),
            wealth_min=_require(entry, "wealth_min", int, where),
            wealth_max=_require(entry, "wealth_max", int, where),
            xp_min=_require(entry, "xp_min", int, where),
            xp_max=_require(entry, "xp_max", int, where),
        )
        if not event.name.strip() or not event.flavour.strip():
            raise ContentError(f"{where}: name and flavour must not be blank")
        if event.name.lower() in names:
            raise ContentError(f"{where}: duplicate event name {event.name!r}")
        names.add(event.name.lower())
        if not (0 <= event.wealth_min <= event.wealth_max and 0 <= event.xp_min <= event.xp_max):
            raise ContentError(f"{where}: ranges must be non-negative and ordered")
        events.append(event)
    if complete:
        for tier in TIERS:
            mine = [e for e in events if e.tier is tier]
            negative = sum(e.negative for e in mine)
            if len(mine) != EVENTS_PER_TIER or negative != NEGATIVE_PER_TIER:
                raise ContentError(
                    f"play_events.json: tier {tier} has {len(mine)} events ({negative} negative);"
                    f" expected {EVENTS_PER_TIER} ({NEGATIVE_PER_TIER} negative)"
                )
    return tuple(events)


def _read_json(name: str) -> Any:
    resource = resources.files("game.content").joinpath(name)
    try:
        return json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{name}: not found in game/content") from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"{name}: invalid JSON ({exc})") from None


def load_catalogue(*, events: Sequence[PlayEvent] | None = None) -> Catalogue:
    """Load and validate the packaged content. Pass ``events`` to use other play events."""
    items = parse_items(_read_json("items.json"))
    titles = parse_titles(_read_json("crate_titles.json"))
    play = tuple(events) if events is not None else parse_play_events(_read_json("play_events.json"))
    return Catalogue.build(items, titles, play)
