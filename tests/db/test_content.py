"""Game content loading against a real PostgreSQL, and every SQL statement file.

The ``conn`` fixture is a copy of the template database, which ``upgrade_all`` already loaded
once; these tests load again, load edited catalogues and check what changed.
"""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import Any

import asyncpg
import pytest

from bot.cli import upgrade_database
from bot.content import ContentData, ContentReport, load_catalogues, load_content, read_content
from bot.sql import QUERIES
from game.catalogue import ContentError

# file → (table, how many rows it ships); counted straight from the JSON, not via the loader
_FILES = {
    "items.json": ("items", "items"),
    "crate_titles.json": ("crate_titles", "titles"),
    "consumables.json": ("consumables", "rows"),
    "factions.json": ("factions", "rows"),
    "territories.json": ("territories", "rows"),
    "achievements.json": ("achievements", "rows"),
    "mission_templates.json": ("mission_templates", "rows"),
    "reward_config.json": ("reward_config", "rows"),
    "bot_config.json": ("bot_config", "rows"),
    "trivia.json": ("heist_trivia_pool", "rows"),
}

# A fingerprint of every row version (xmin changes on any UPDATE, even a no-op one).
_CHECKSUMS = """
SELECT
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.item_id)) FROM items t)
    AS items,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.title_id)) FROM crate_titles t)
    AS crate_titles,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.consumable_key))
     FROM consumables t) AS consumables,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.faction_id)) FROM factions t)
    AS factions,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.territory_id))
     FROM territories t) AS territories,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.achievement_id))
     FROM achievements t) AS achievements,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.template_id))
     FROM mission_templates t) AS mission_templates,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.platform, t.event_type))
     FROM reward_config t) AS reward_config,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.config_key)) FROM bot_config t)
    AS bot_config,
  (SELECT md5(string_agg(t.xmin::text || t::text, '|' ORDER BY t.trivia_id))
     FROM heist_trivia_pool t) AS heist_trivia_pool
"""


def _shipped() -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, (table, field) in _FILES.items():
        data = json.loads(resources.files("game.content").joinpath(name).read_text("utf-8"))
        counts[table] = len(data[field])
    return counts


async def _checksums(conn: asyncpg.Connection) -> dict[str, str]:
    return dict(await conn.fetchrow(_CHECKSUMS))


async def _counts(conn: asyncpg.Connection) -> dict[str, tuple[int, int]]:
    rows = await conn.fetch(QUERIES["content/count_content_rows"])
    return {r["table_name"]: (r["total"], r["active"]) for r in rows}


def _assert_nothing_changed(report: ContentReport, shipped: dict[str, int]) -> None:
    assert not report.changed
    for table in report.tables:
        assert (table.inserted, table.updated, table.deactivated) == (0, 0, 0), table
        assert table.unchanged == shipped[table.table], table


def _replace_row(rows: tuple[Any, ...], key: str, **changes: Any) -> tuple[Any, ...]:
    return tuple({**row, **changes} if row["key"] == key else row for row in rows)


# --- the shipped catalogues ------------------------------------------------------------


async def test_content_counts_match_the_files(conn: asyncpg.Connection) -> None:
    shipped = _shipped()
    counts = await _counts(conn)
    assert counts == {table: (n, n) for table, n in shipped.items()}
    # the spec's figures, as a cross-check of the files themselves
    assert counts["territories"] == (12, 12)
    assert counts["factions"] == (3, 3)
    assert counts["heist_trivia_pool"][0] >= 150


async def test_second_load_reports_unchanged_and_changes_no_row(conn: asyncpg.Connection) -> None:
    before = await _checksums(conn)
    report = await load_content(conn)
    _assert_nothing_changed(report, _shipped())
    assert await _checksums(conn) == before


async def test_loaded_rows_carry_the_files_values(conn: asyncpg.Connection) -> None:
    data = read_content()
    knife = next(i for i in data.items if i.key == "rusty-knife")
    row = await conn.fetchrow(
        "SELECT item_name, purchase_price, sell_price, rob_bonus, defense_bonus, insurance_rate "
        "FROM items WHERE item_key = $1",
        knife.key,
    )
    assert (row["item_name"], row["purchase_price"], row["sell_price"]) == (
        knife.name,
        knife.price,
        knife.sell_price,
    )
    assert float(row["rob_bonus"]) == knife.rob_bonus
    assert row["defense_bonus"] is None and row["insurance_rate"] is None

    ports = await conn.fetchrow(
        "SELECT t.buff_rate, f.faction_key, h.territory_key AS home "
        "FROM territories t JOIN factions f ON f.faction_id = t.controlling_faction_id "
        "JOIN territories h ON h.territory_id = f.home_territory_id "
        "WHERE t.territory_key = 'the_ports'"
    )
    assert (float(ports["buff_rate"]), ports["faction_key"], ports["home"]) == (
        0.05,
        "volkov_bratva",
        "the_ports",
    )
    first = data.trivia[0]
    trivia = await conn.fetchrow(
        "SELECT difficulty, question, answer, alt_answers, times_used FROM heist_trivia_pool "
        "WHERE trivia_key = $1",
        first["key"],
    )
    assert dict(trivia) == {
        "difficulty": first["difficulty"],
        "question": first["question"],
        "answer": first["answer"],
        "alt_answers": first["alternatives"],
        "times_used": 0,
    }
    setting = data.bot_config[0]
    value = await conn.fetchval(
        "SELECT config_value FROM bot_config WHERE config_key = $1", setting["key"]
    )
    assert json.loads(value) == setting["config_value"]
    duplicate_values = await conn.fetch(
        "SELECT crate_tier, min(duplicate_value) AS lo, max(duplicate_value) AS hi "
        "FROM crate_titles GROUP BY crate_tier"
    )
    assert {r["crate_tier"]: (r["lo"], r["hi"]) for r in duplicate_values} == {
        "common": (500, 500),
        "uncommon": (1_500, 1_500),
        "rare": (5_000, 5_000),
        "legendary": (15_000, 15_000),
    }


# --- changed catalogues ------------------------------------------------------------------


async def test_changed_item_price_updates_one_row(conn: asyncpg.Connection) -> None:
    data = read_content()
    target = data.items[5]
    changed = dataclasses.replace(target, price=target.price + 1)
    items = tuple(changed if i.key == target.key else i for i in data.items)
    item_id = await conn.fetchval("SELECT item_id FROM items WHERE item_key = $1", target.key)

    report = await load_catalogues(conn, dataclasses.replace(data, items=items))

    assert report["items"].updated == 1
    assert report["items"].changed_keys == (target.key,)
    assert report["items"].unchanged == len(data.items) - 1
    assert [t.table for t in report.tables if t.changed] == ["items"]
    row = await conn.fetchrow(
        "SELECT item_id, purchase_price FROM items WHERE item_key = $1", target.key
    )
    assert (row["item_id"], row["purchase_price"]) == (item_id, target.price + 1)
    assert await conn.fetchval("SELECT count(*) FROM items") == len(data.items)

    # the shipped file puts it back
    report = await load_content(conn)
    assert report["items"].updated == 1
    assert (
        await conn.fetchval("SELECT purchase_price FROM items WHERE item_key = $1", target.key)
        == target.price
    )


async def test_removed_rows_are_retired_then_revived(conn: asyncpg.Connection) -> None:
    data = read_content()
    gone_item, gone_trivia = data.items[-1], data.trivia[-1]["key"]
    smaller = dataclasses.replace(data, items=data.items[:-1], trivia=data.trivia[:-1])

    report = await load_catalogues(conn, smaller)
    assert (report["items"].deactivated, report["items"].changed_keys) == (1, (gone_item.key,))
    assert report["heist_trivia_pool"].changed_keys == (gone_trivia,)
    assert (
        await conn.fetchval("SELECT is_active FROM items WHERE item_key = $1", gone_item.key)
        is False
    )
    counts = await _counts(conn)
    assert counts["items"] == (len(data.items), len(data.items) - 1)

    report = await load_content(conn)
    assert report["items"].updated == 1 and report["items"].deactivated == 0
    assert report["heist_trivia_pool"].updated == 1
    assert (await _counts(conn))["items"] == (len(data.items), len(data.items))


async def test_new_rows_are_inserted_alongside(conn: asyncpg.Connection) -> None:
    data = read_content()
    extra = {
        "key": "general_999",
        "category": "general",
        "difficulty": "hard",
        "question": "Which test added this question?",
        "answer": "test_content",
        "alternatives": [],
    }
    report = await load_catalogues(conn, dataclasses.replace(data, trivia=(*data.trivia, extra)))
    pool = report["heist_trivia_pool"]
    assert (pool.inserted, pool.updated, pool.unchanged) == (1, 0, len(data.trivia))
    assert await conn.fetchval("SELECT count(*) FROM heist_trivia_pool") == len(data.trivia) + 1


async def test_live_state_survives_a_reload(conn: asyncpg.Connection) -> None:
    data = read_content()
    setting = data.bot_config[0]["key"]
    await conn.execute(
        "UPDATE bot_config SET config_value = '\"admin edit\"' WHERE config_key = $1", setting
    )
    await conn.execute(
        "UPDATE territories SET controlling_faction_id = "
        "(SELECT faction_id FROM factions WHERE faction_key = 'dead_circuit') "
        "WHERE territory_key = 'the_ports'"
    )
    trivia = data.trivia[0]["key"]
    await conn.execute(
        "UPDATE heist_trivia_pool SET times_used = 7, last_used_at = now() WHERE trivia_key = $1",
        trivia,
    )
    # the file changes the setting's description and the trivia answer
    edited = dataclasses.replace(
        data,
        bot_config=_replace_row(data.bot_config, setting, description="New words."),
        trivia=_replace_row(data.trivia, trivia, answer="Lazarus"),
    )

    report = await load_catalogues(conn, edited)

    assert report["bot_config"].changed_keys == (setting,)
    assert report["heist_trivia_pool"].changed_keys == (trivia,)
    assert not report["territories"].changed
    config = await conn.fetchrow(
        "SELECT config_value, description FROM bot_config WHERE config_key = $1", setting
    )
    assert dict(config) == {"config_value": '"admin edit"', "description": "New words."}
    owner = await conn.fetchval(
        "SELECT f.faction_key FROM territories t JOIN factions f "
        "ON f.faction_id = t.controlling_faction_id WHERE t.territory_key = 'the_ports'"
    )
    assert owner == "dead_circuit"
    used = await conn.fetchrow(
        "SELECT times_used, last_used_at, answer FROM heist_trivia_pool WHERE trivia_key = $1",
        trivia,
    )
    assert (used["times_used"], used["last_used_at"] is not None, used["answer"]) == (
        7,
        True,
        "Lazarus",
    )


async def test_a_bad_catalogue_changes_nothing(conn: asyncpg.Connection) -> None:
    data = read_content()
    before = await _checksums(conn)
    cheaper = tuple(dataclasses.replace(i, price=i.price + 1) for i in data.items)
    # trivia loads last; its refusal must undo the items written before it
    bad_trivia = _replace_row(data.trivia, data.trivia[0]["key"], difficulty="extreme")
    with pytest.raises(asyncpg.CheckViolationError):
        await load_catalogues(conn, dataclasses.replace(data, items=cheaper, trivia=bad_trivia))
    assert await _checksums(conn) == before


@pytest.mark.parametrize(
    "broken",
    [
        lambda d: dataclasses.replace(
            d, territories=_replace_row(d.territories, "midtown", starting_faction="nobody")
        ),
        lambda d: dataclasses.replace(
            d, factions=_replace_row(d.factions, "dead_circuit", home_territory="atlantis")
        ),
        lambda d: dataclasses.replace(d, achievements=(*d.achievements, d.achievements[0])),
    ],
    ids=["unknown-faction", "unknown-territory", "duplicate-key"],
)
async def test_inconsistent_content_is_refused(conn: asyncpg.Connection, broken: Any) -> None:
    before = await _checksums(conn)
    data: ContentData = broken(read_content())
    with pytest.raises(ContentError):
        await load_catalogues(conn, data)
    assert await _checksums(conn) == before


# --- the CLI's view ------------------------------------------------------------------------


async def test_upgrade_database_prints_the_content_report(conn: asyncpg.Connection) -> None:
    lines: list[str] = []
    await upgrade_database(conn, lines.append)
    assert lines[0] == "schema is up to date"
    assert lines[1] == "content is up to date:"
    shipped = _shipped()
    assert f"  items: 0 inserted, 0 updated, {shipped['items']} unchanged" in lines
    assert len(lines) == 2 + len(shipped)


# --- every statement file --------------------------------------------------------------------


async def test_every_sql_statement_prepares(conn: asyncpg.Connection) -> None:
    assert "content/upsert_items" in QUERIES and "content/count_content_rows" in QUERIES
    problems: list[str] = []
    for name, sql in sorted(QUERIES.items()):
        if not sql.lstrip().startswith("--"):
            problems.append(f"sql/queries/{name}.sql: no header comment")
        try:
            await conn.prepare(sql)
        except asyncpg.PostgresError as exc:
            problems.append(f"sql/queries/{name}.sql: {type(exc).__name__}: {exc}")
    assert not problems, "\n".join(problems)
