"""A simulated week: three factions' members act through the console, /advance runs the jobs."""

from __future__ import annotations

import io

import asyncpg
from pydantic import SecretStr

from bot.audit import run_audit
from bot.config import Settings
from bot.runner import parse_clock, run_console


def _plays(name: str, n: int) -> list[str]:
    lines: list[str] = []
    for _ in range(n):
        lines += [f"{name}: !play", f"streamer [broadcaster]: !release {name}", "/advance 6m"]
    return lines


async def test_a_week_of_faction_war(db_url: str) -> None:
    lines = ["/live Faction week"]
    for name, faction in (("ann", "volkov"), ("bob", "circuit"), ("cy", "kessler")):
        lines += [f"{name}: !checkin", f"streamer [broadcaster]: !givexp {name} 20000", "/advance 5s",
                  f"{name}: !faction join {faction}"]
    # Monday: ann outplays everyone on Chrome Heights (all three start there: it is first on the map)
    lines += _plays("ann", 12) + _plays("bob", 3) + _plays("cy", 10) + ["/advance 16h", "ann: !faction"]
    # Tuesday: bob takes it back with more plays; the others rest
    lines += _plays("bob", 14) + ["/advance 1d", "ann: !faction", "bob: !faction", "bob: !territories"]
    # the rest of the week passes: Monday 00:05 pays the week
    lines += ["/advance 6d", "ann: !faction"]
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=SecretStr(db_url))
    await run_console(settings, script=None, seed=7, clock=parse_clock("2026-01-05T09:00:00Z"),
                      out=out, lines=lines)
    text = out.getvalue()
    took = text.index("The Volkov Bratva took Chrome Heights")
    retaken = text.index("Dead Circuit took Chrome Heights from The Volkov Bratva")
    assert took < retaken
    assert "wins the week" in text
    # buffs followed control: ann had Chrome Heights' +5 % XP on Tuesday morning, bob after
    ann_mine = [ln for ln in text.splitlines() if ln.startswith("[kingpin → ann]") and "Buffs:" in ln]
    bob_mine = [ln for ln in text.splitlines() if ln.startswith("[kingpin → bob]") and "Buffs:" in ln]
    assert "Chrome Heights" in ann_mine[0] and "+5% XP" in ann_mine[0]
    assert "Chrome Heights" not in ann_mine[1].split("Buffs:")[0]
    assert "Chrome Heights" in bob_mine[0] and "+5% XP" in bob_mine[0]

    conn = await asyncpg.connect(db_url)
    try:
        paid = await conn.fetch(
            """SELECT u.username, count(*) AS n FROM wealth_ledger l JOIN users u USING (user_id)
                WHERE l.reason = 'faction_reward' GROUP BY u.username ORDER BY u.username"""
        )
        assert [(r["username"], r["n"]) for r in paid] == [("ann", 1), ("bob", 1), ("cy", 1)]
        report = await run_audit(conn)
        assert report.ok, report.lines()
    finally:
        await conn.close()
