"""Factions through the real pipeline: commands, scoring from each activity, buffs' effect sizes."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.repository import factions as repo
from bot.repository import reads
from game import ConsumableKind, CooldownKind
from tests.harness import Harness


async def _join(h: Harness, name: str, faction: str) -> int:
    await h.say(f"{name}: !checkin", f"streamer [broadcaster]: !givexp {name} 20000")
    h.advance(seconds=5)
    reply = (await h.say(f"{name}: !faction join {faction}"))[-1]
    assert "joined" in reply, reply
    return await h.user_id(name)


async def _give_control(h: Harness, faction_key: str, *territory_keys: str) -> None:
    factions = {f.key: f.faction_id for f in await repo.factions(h.pool)}
    owners = {t.territory_id: factions[faction_key] for t in await repo.territories(h.pool)
              if t.key in territory_keys}
    async with h.pool.acquire() as conn, conn.transaction():
        await repo.set_control(conn, owners, h.clock.now())


async def _scores(h: Harness, uid: int) -> dict[str, int]:
    row = await h.pool.fetchrow(
        """SELECT sum(s.messages) AS messages, sum(s.plays) AS plays, sum(s.robs) AS robs,
                  sum(s.checkins) AS checkins, sum(s.total_score) AS total
             FROM territory_scores s
             JOIN user_territory_assignments a ON a.territory_id = s.territory_id
             JOIN users u ON u.user_id = a.user_id AND u.faction_id = s.faction_id
            WHERE a.user_id = $1""",
        uid,
    )
    return {k: int(v or 0) for k, v in row.items()}


async def test_every_activity_scores_for_the_members_territory(h: Harness) -> None:
    uid = await _join(h, "ann", "circuit")  # the !checkin before joining scored nothing
    await h.say("bo: !checkin")
    h.advance(days=1)
    await h.say("ann: !checkin", "ann: hello chat", "ann: gg", "ann: !play")
    h.advance(minutes=10)
    await h.say("ann: !rob bo", "ann: one more line")
    scores = await _scores(h, uid)
    assert scores == {"messages": 3, "plays": 1, "robs": 1, "checkins": 1, "total": 3 + 10 + 20 + 15}
    reply = await h.say1("ann: !faction")
    assert "Dead Circuit" in reply and "48 points" in reply


async def test_map_and_faction_show_control_and_buffs(h: Harness) -> None:
    await _join(h, "cy", "kessler")
    await _give_control(h, "kessler_group", "chrome_heights", "freeport")
    reply = await h.say1("cy: !faction")
    assert "Chrome Heights" in reply and "Freeport" in reply and "Midtown" in reply
    assert "+10% XP" in reply and "+15% all rewards" in reply
    board = " ".join(await h.say("cy: !map"))
    assert "Chrome Heights [Kessler Group; +5% XP" in board


async def test_play_reads_carry_the_territory_buffs(h: Harness) -> None:
    uid = await _join(h, "di", "volkov")
    await _give_control(h, "volkov_bratva", "memorial_district", "freeport", "silicon_sprawl")
    async with h.pool.acquire() as conn:
        found = await reads.play_reads(conn, uid, h.clock.now(), CooldownKind.PLAY.value,
                                       ConsumableKind.CRATE_MAGNET.value)
    assert found.territory == {"wealth": 0.05, "all_rewards": 0.15, "crate_drop": 0.10,
                               "rob_success": 0.05}  # The Ports is Volkov's from the start


async def test_rob_chance_rises_by_the_territory_buff(h: Harness) -> None:
    await _join(h, "ed", "volkov")  # Volkov holds The Ports: +5 % rob success
    await h.say("fi: !checkin", "streamer [broadcaster]: !givexp fi 20000")
    # same level, no gear: base 60 % + 5 % territory
    h.advance(minutes=1)
    reply = (await h.say("ed: !rob fi"))[-1]
    assert "65%" in reply, reply


async def test_defence_buff_lowers_the_robbers_chance(h: Harness) -> None:
    await _join(h, "gus", "circuit")  # Dead Circuit holds The Hollows: +5 % defence
    await h.say("hal: !checkin", "streamer [broadcaster]: !givexp hal 20000")
    h.advance(minutes=1)
    reply = (await h.say("hal: !rob gus"))[-1]
    assert "55%" in reply, reply


async def test_shop_prices_drop_by_the_discount(h: Harness) -> None:
    await _join(h, "ivy", "kessler")
    await _give_control(h, "kessler_group", "black_bazaar")  # −5 % shop prices
    await h.say("streamer [broadcaster]: !givewealth ivy 5000000")
    h.advance(seconds=5)
    shop = await h.say1("ivy: !shop")
    listed = int(re.search(r"1\. .*? \$([\d,]+)", shop)[1].replace(",", ""))
    before = await h.wealth("ivy")
    h.advance(seconds=5)
    bought = await h.say1("ivy: !buy 1")
    paid = before - await h.wealth("ivy")
    assert paid == listed - int(listed * 0.05), (listed, paid, bought)
    assert f"${paid:,}" in bought


async def test_leaving_drops_buffs_at_once(h: Harness) -> None:
    uid = await _join(h, "jo", "volkov")
    h.advance(days=1, seconds=5)
    await h.say("jo: !faction leave")
    async with h.pool.acquire() as conn:
        found = await reads.play_reads(conn, uid, h.clock.now() + timedelta(seconds=1),
                                       CooldownKind.PLAY.value, ConsumableKind.CRATE_MAGNET.value)
    assert found.territory == {}
    assert "in no faction" in await h.say1("jo: !faction")
