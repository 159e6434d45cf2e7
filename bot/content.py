"""Game content: the catalogues in ``game/content/*.json`` loaded into their tables.

Theory of operation:
- `read_content()` reads and validates the packaged files. Items and crate titles go through
  the engine's own parser (`game.catalogue`), so the database and the engine read one
  catalogue the same way; play events stay in the package and are not loaded. The other files
  share the ``kingpin-content`` shape (a header and ``rows``, each with a unique ``key``).
- `load_catalogues(conn, content)` writes them in one transaction, one set-based statement per
  table (``sql/queries/content/``). Each statement inserts new rows, updates a row only when a
  value differs and retires rows that left the file (``is_active = false``; catalogue rows are
  never deleted: players' rows reference them). An unchanged catalogue changes no row.
- Live state is never overwritten: an admin's ``bot_config`` value (only the description
  follows the file), territory control (the starting faction applies on first insert only) and
  trivia usage counters.
- A transaction-level advisory lock serialises concurrent loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import asyncpg

from bot.sql import QUERIES
from game.catalogue import ContentError, CrateTitle, load_catalogue
from game.model import ItemDef, ItemType
from game.rules import CRATE_TIERS, DEFAULT_RULES, Rules

__all__ = [
    "ContentData",
    "ContentReport",
    "TableReport",
    "load_catalogues",
    "load_content",
    "read_content",
]

# "the content loading lock", shared by every Kingpin process.
CONTENT_LOCK_KEY = 0x4B50436F6E74  # "KPCont"

_LOCK = QUERIES["content/lock_catalogues"]
_UPSERT = {
    "items": QUERIES["content/upsert_items"],
    "crate_titles": QUERIES["content/upsert_crate_titles"],
    "consumables": QUERIES["content/upsert_consumables"],
    "factions": QUERIES["content/upsert_factions"],
    "territories": QUERIES["content/upsert_territories"],
    "achievements": QUERIES["content/upsert_achievements"],
    "mission_templates": QUERIES["content/upsert_mission_templates"],
    "reward_config": QUERIES["content/upsert_reward_config"],
    "bot_config": QUERIES["content/upsert_bot_config"],
    "heist_trivia_pool": QUERIES["content/upsert_trivia"],
}
_LINK_HOMES = QUERIES["content/link_faction_homes"]

# file name → the table its header must name
_CONTENT_FILES = {
    "consumables.json": "consumables",
    "factions.json": "factions",
    "territories.json": "territories",
    "achievements.json": "achievements",
    "mission_templates.json": "mission_templates",
    "reward_config.json": "reward_config",
    "bot_config.json": "bot_config",
    "trivia.json": "heist_trivia_pool",
}

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ContentData:
    """Every catalogue the loader writes, validated. Rows keep the files' field names."""

    items: tuple[ItemDef, ...]
    crate_titles: tuple[CrateTitle, ...]
    consumables: tuple[Row, ...]
    factions: tuple[Row, ...]
    territories: tuple[Row, ...]
    achievements: tuple[Row, ...]
    mission_templates: tuple[Row, ...]
    reward_config: tuple[Row, ...]
    bot_config: tuple[Row, ...]
    trivia: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class TableReport:
    """What one load did to one table. ``unchanged`` counts shipped rows left as they were."""

    table: str
    inserted: int
    updated: int
    unchanged: int
    deactivated: int
    changed_keys: tuple[str, ...] = ()

    @property
    def shipped(self) -> int:
        return self.inserted + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deactivated)

    def summary(self) -> str:
        text = (
            f"{self.table}: {self.inserted} inserted, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if self.deactivated:
            text += f", {self.deactivated} deactivated"
        return text


@dataclass(frozen=True, slots=True)
class ContentReport:
    tables: tuple[TableReport, ...]

    def __getitem__(self, table: str) -> TableReport:
        for report in self.tables:
            if report.table == table:
                return report
        raise KeyError(table)

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tables)

    def summary_lines(self) -> list[str]:
        return [t.summary() for t in self.tables]


# --- reading ---------------------------------------------------------------------------------


def _read_rows(name: str, table: str) -> tuple[Row, ...]:
    resource = resources.files("game.content").joinpath(name)
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{name}: not found in game/content") from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"{name}: invalid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != "kingpin-content":
        raise ContentError(f"{name}: expected a 'kingpin-content' object")
    if data.get("table") != table:
        raise ContentError(f"{name}: header names table {data.get('table')!r}, expected {table!r}")
    rows = data.get("rows")
    if not isinstance(rows, list):
        raise ContentError(f"{name}: expected a 'rows' list")
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("key"), str) or not row["key"]:
            raise ContentError(f"{name}[{index}]: every row needs a non-empty string 'key'")
    _unique(name, (row["key"] for row in rows))
    return tuple(rows)


def _unique(name: str, keys: Iterable[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ContentError(f"{name}: duplicate key {key!r}")
        seen.add(key)


def _validate(data: ContentData) -> None:
    """Keys unique per table and cross-file references resolvable."""
    _unique("items.json", (item.key for item in data.items))
    _unique("crate_titles.json", (title.name for title in data.crate_titles))
    for name, rows in (
        ("consumables.json", data.consumables),
        ("factions.json", data.factions),
        ("territories.json", data.territories),
        ("achievements.json", data.achievements),
        ("mission_templates.json", data.mission_templates),
        ("bot_config.json", data.bot_config),
        ("trivia.json", data.trivia),
    ):
        _unique(name, (row["key"] for row in rows))
    _unique(
        "reward_config.json",
        (f"{r.get('platform')}.{r.get('event_type')}" for r in data.reward_config),
    )
    factions = {row["key"] for row in data.factions}
    territories = {row["key"] for row in data.territories}
    for row in data.territories:
        start = row.get("starting_faction")
        if start is not None and start not in factions:
            raise ContentError(f"territories.json: {row['key']!r} starts under unknown {start!r}")
    for row in data.factions:
        home = row.get("home_territory")
        if home is not None and home not in territories:
            raise ContentError(f"factions.json: {row['key']!r} has unknown home {home!r}")


def read_content() -> ContentData:
    """Read and validate every packaged catalogue (raises `ContentError`)."""
    catalogue = load_catalogue()
    rows = {table: _read_rows(name, table) for name, table in _CONTENT_FILES.items()}
    data = ContentData(
        items=catalogue.items,
        crate_titles=catalogue.titles,
        consumables=rows["consumables"],
        factions=rows["factions"],
        territories=rows["territories"],
        achievements=rows["achievements"],
        mission_templates=rows["mission_templates"],
        reward_config=rows["reward_config"],
        bot_config=rows["bot_config"],
        trivia=rows["heist_trivia_pool"],
    )
    _validate(data)
    return data


# --- writing ---------------------------------------------------------------------------------


def _item_row(item: ItemDef) -> dict[str, Any]:
    """Only the stats of the item's own type; the others stay NULL."""
    kind = item.type
    return {
        "key": item.key,
        "name": item.name,
        "type": kind.value,
        "tier": item.tier.value,
        "durability": item.durability,
        "price": item.price,
        "sell_price": item.sell_price,
        "rob_bonus": item.rob_bonus if kind is ItemType.WEAPON else None,
        "defense_bonus": item.defense_bonus if kind is ItemType.ARMOR else None,
        "insurance": item.insurance if kind is ItemType.HOUSING else None,
        "upkeep": item.upkeep if kind is ItemType.HOUSING else None,
        "daily_revenue": item.daily_revenue if kind is ItemType.BUSINESS else None,
        "operating_cost": item.operating_cost if kind is ItemType.BUSINESS else None,
    }


def _title_row(title: CrateTitle, rules: Rules) -> dict[str, Any]:
    value = rules.crates.title_duplicate_values[CRATE_TIERS.index(title.tier)]
    return {"name": title.name, "tier": title.tier.value, "duplicate_value": value}


async def _upsert(
    conn: asyncpg.Connection, table: str, rows: Sequence[Row]
) -> tuple[list[str], list[str], list[str]]:
    record = await conn.fetchrow(_UPSERT[table], json.dumps(list(rows)))
    assert record is not None
    return list(record["inserted"]), list(record["updated"]), list(record["deactivated"])


def _report(
    table: str,
    shipped: int,
    inserted: list[str],
    updated: list[str],
    deactivated: list[str],
) -> TableReport:
    return TableReport(
        table=table,
        inserted=len(inserted),
        updated=len(updated),
        unchanged=shipped - len(inserted) - len(updated),
        deactivated=len(deactivated),
        changed_keys=tuple(sorted({*inserted, *updated, *deactivated})),
    )


async def load_catalogues(
    conn: asyncpg.Connection, data: ContentData, *, rules: Rules = DEFAULT_RULES
) -> ContentReport:
    """Write ``data`` into the content tables in one transaction; see the module docstring."""
    _validate(data)
    tables: dict[str, Sequence[Row]] = {
        "items": [_item_row(item) for item in data.items],
        "crate_titles": [_title_row(title, rules) for title in data.crate_titles],
        "consumables": data.consumables,
        "factions": data.factions,
        "territories": data.territories,
        "achievements": data.achievements,
        "mission_templates": data.mission_templates,
        "reward_config": data.reward_config,
        "bot_config": data.bot_config,
        "heist_trivia_pool": data.trivia,
    }
    reports: list[TableReport] = []
    async with conn.transaction():
        await conn.execute(_LOCK, CONTENT_LOCK_KEY)
        for table, rows in tables.items():
            inserted, updated, deactivated = await _upsert(conn, table, rows)
            if table == "territories":
                # factions were written first; now that territories exist, link their homes
                homes = [
                    {"key": r["key"], "home_territory": r.get("home_territory")}
                    for r in data.factions
                ]
                linked = await conn.fetchval(_LINK_HOMES, json.dumps(homes))
                factions = next(i for i, r in enumerate(reports) if r.table == "factions")
                reports[factions] = _merge_linked(reports[factions], list(linked))
            reports.append(_report(table, len(rows), inserted, updated, deactivated))
    return ContentReport(tuple(reports))


def _merge_linked(report: TableReport, linked: list[str]) -> TableReport:
    """Count a faction whose home changed as updated, unless this load inserted it."""
    inserted_or_updated = set(report.changed_keys)
    newly = [key for key in linked if key not in inserted_or_updated]
    return TableReport(
        table=report.table,
        inserted=report.inserted,
        updated=report.updated + len(newly),
        unchanged=report.unchanged - len(newly),
        deactivated=report.deactivated,
        changed_keys=tuple(sorted({*report.changed_keys, *newly})),
    )


async def load_content(conn: asyncpg.Connection) -> ContentReport:
    """Load every packaged catalogue: what `kingpin db upgrade` does after the migrations."""
    return await load_catalogues(conn, read_content())
