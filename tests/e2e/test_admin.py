"""Moderator commands through the console: grants, removals, jail, market, sessions, audit rows."""

from __future__ import annotations

import json
from typing import Any

from bot.events import ChatMessage, Platform, Role, Sender
from tests.harness import Harness

MOD = "carol [mod]"
BC = "carol [broadcaster]"  # value-creating commands are the broadcaster's (spec: `bc`)


async def _audits(h: Harness, action: str) -> list[dict[str, Any]]:
    rows = await h.pool.fetch(
        "SELECT actor_user_id, actor_platform, actor_platform_user_id, actor_name, action, target_user_id, "
        "before, after, reason, reference FROM audit_log WHERE action = $1 ORDER BY audit_id",
        action,
    )
    out = []
    for r in rows:
        row = dict(r)
        for key in ("before", "after"):
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
        out.append(row)
    return out


async def _ledger_ok(h: Harness, name: str) -> None:
    uid = await h.user_id(name)
    wealth, total = await h.pool.fetchrow(
        "SELECT wealth, (SELECT coalesce(sum(amount), 0) FROM wealth_ledger WHERE user_id = $1) FROM users "
        "WHERE user_id = $1",
        uid,
    )
    assert wealth == total


async def test_givewealth_moves_money_through_the_ledger_and_audits(h: Harness) -> None:
    await h.say("alice: hi")
    reply = await h.say1(f"{BC}: !givewealth alice 2.5k for the raffle")
    assert "gave alice $2,500" in reply and "$2,500" in reply
    assert await h.wealth("alice") == 2_500
    await _ledger_ok(h, "alice")
    uid = await h.user_id("alice")
    reason = await h.pool.fetchval("SELECT reason FROM wealth_ledger WHERE user_id = $1", uid)
    assert reason == "admin"
    [row] = await _audits(h, "givewealth")
    assert row["actor_user_id"] == await h.user_id("carol")
    assert row["actor_platform"] == "console" and row["actor_platform_user_id"] == "carol"
    assert row["target_user_id"] == uid
    assert row["before"] == {"wealth": 0}
    assert row["after"]["wealth"] == 2_500
    assert row["reason"] == "for the raffle"
    # the change is logged as a game event whose ledger rows match
    change = await h.pool.fetchval(
        "SELECT wealth_change FROM game_events WHERE user_id = $1 AND event_type = 'admin_givewealth'", uid
    )
    assert change == 2_500


async def test_takewealth_never_goes_below_zero(h: Harness) -> None:
    await h.say("alice: hi", f"{BC}: !givewealth alice 1000")
    h.advance(seconds=5)
    reply = await h.say1(f"{BC}: !takewealth alice 1m cheating")
    assert "took $1,000 from alice" in reply and "all they had" in reply
    assert await h.wealth("alice") == 0
    await _ledger_ok(h, "alice")
    h.advance(seconds=5)
    assert "nothing to take" in await h.say1(f"{BC}: !takewealth alice 5")
    rows = await _audits(h, "takewealth")
    assert [r["after"]["moved"] for r in rows] == [-1_000, 0]
    assert rows[0]["reason"] == "cheating"


async def test_bad_amounts_and_unknown_players(h: Harness) -> None:
    await h.say("alice: hi")
    for bad in ("-5", "0", "abc", "1.5", ""):
        h.advance(seconds=1)
        reply = await h.say1(f"{BC}: !givewealth alice {bad}".rstrip())
        assert "Usage: !givewealth <user> <amount> [reason]" in reply
    h.advance(seconds=1)
    assert "don't know a player called nobody" in await h.say1(f"{BC}: !givewealth nobody 50")
    assert await h.wealth("alice") == 0
    assert await h.pool.fetchval("SELECT count(*) FROM audit_log") == 0


async def test_non_moderators_change_nothing(h: Harness) -> None:
    await h.say("alice: hi", "mallory: hi")
    lines = [
        "mallory: !givewealth mallory 1m",
        "mallory: !takewealth alice 5",
        "mallory: !givexp mallory 100000",
        "mallory: !givecrate mallory legendary",
        "mallory: !giveitem mallory Rusty Knife",
        "mallory: !jail alice 60",
        "mallory: !release alice",
        "mallory: !rotatemarket",
        "mallory: !startsession hijack",
        "mallory: !endsession",
    ]
    for line in lines:
        h.advance(seconds=1)
        reply = await h.say1(line)
        assert "for moderators" in reply or "only the broadcaster" in reply
    h.advance(seconds=1)
    # a moderator cannot create value either
    assert "only the broadcaster" in await h.say1(f"{MOD}: !givewealth carol 1000")
    uid = await h.user_id("mallory")
    row = await h.pool.fetchrow("SELECT wealth, xp, jailed_until FROM users WHERE user_id = $1", uid)
    assert (row["wealth"], row["xp"], row["jailed_until"]) == (0, 0, None)
    for table in ("audit_log", "user_crates", "user_inventory", "black_market_inventory", "streaming_sessions"):
        assert await h.pool.fetchval(f"SELECT count(*) FROM {table}") == 0, table


async def test_givexp_levels_up_through_the_engine(h: Harness) -> None:
    await h.say("alice: hi")
    reply = await h.say1(f"{BC}: !givexp alice 1m")
    assert "gave alice 1,000,000 XP" in reply and "Level" in reply
    row = await h.pool.fetchrow("SELECT xp, level, status_tier FROM users WHERE console_user_id = 'alice'")
    assert row["xp"] == 1_000_000 and row["level"] > 1
    [audit] = await _audits(h, "givexp")
    assert audit["before"]["level"] == 1 and audit["after"]["level"] == row["level"]
    assert audit["after"]["tier"] == row["status_tier"]


async def test_givecrate_holds_then_escrows(h: Harness) -> None:
    await h.say("alice: hi")
    assert "received a Rare crate" in await h.say1(f"{BC}: !givecrate alice RARE birthday")
    uid = await h.user_id("alice")
    crate = await h.pool.fetchrow("SELECT crate_tier, is_escrowed FROM user_crates WHERE user_id = $1", uid)
    assert (crate["crate_tier"], crate["is_escrowed"]) == ("rare", False)
    h.advance(seconds=1)
    assert "Usage" in await h.say1(f"{BC}: !givecrate alice shiny")
    # fill the held slots, then the next one goes to escrow
    cap = h.app.pipeline.game.rules.crates.held_cap
    for _ in range(cap - 1):
        h.advance(seconds=1)
        await h.say(f"{BC}: !givecrate alice common")
    h.advance(seconds=1)
    assert "in escrow" in await h.say1(f"{BC}: !givecrate alice common")
    assert await h.pool.fetchval("SELECT count(*) FROM user_crates WHERE user_id = $1 AND is_escrowed", uid) == 1
    rows = await _audits(h, "givecrate")
    assert rows[0]["reason"] == "birthday" and rows[-1]["after"]["placement"] == "escrow"


async def test_giveitem_by_name(h: Harness) -> None:
    await h.say("alice: hi")
    item = h.app.pipeline.game.catalogue.items[0]
    reply = await h.say1(f"{BC}: !giveitem alice {item.name.upper()}")
    assert f"alice received {item.name}" in reply
    uid = await h.user_id("alice")
    key = await h.pool.fetchval(
        "SELECT i.item_key FROM user_inventory ui JOIN items i USING (item_id) WHERE ui.user_id = $1", uid
    )
    assert key == item.key
    h.advance(seconds=1)
    assert "no item called" in await h.say1(f"{BC}: !giveitem alice zzqqxx")
    [audit] = await _audits(h, "giveitem")
    assert audit["after"]["item"] == item.key


async def test_jail_and_release(h: Harness) -> None:
    await h.say("alice: hi")
    assert "jailed alice for 30m" in await h.say1(f"{MOD}: !jail alice 30 spamming")
    h.advance(seconds=5)
    assert "in jail" in await h.say1("alice: !play")
    for bad in ("0", "1441", "ten"):
        h.advance(seconds=1)
        assert "1 to 1440" in await h.say1(f"{MOD}: !jail alice {bad}")
    h.advance(seconds=1)
    assert "released alice" in await h.say1(f"{MOD}: !release alice served")
    assert await h.pool.fetchval("SELECT jailed_until FROM users WHERE console_user_id = 'alice'") is None
    h.advance(seconds=1)
    assert "isn't in jail" in await h.say1(f"{MOD}: !release alice")
    [jailed] = await _audits(h, "jail")
    assert jailed["reason"] == "spamming" and jailed["after"]["minutes"] == 30
    [released] = await _audits(h, "release")
    assert released["after"] == {"jailed_until": None} and released["reason"] == "served"


async def test_rotatemarket_replaces_the_rotation(h: Harness) -> None:
    reply = await h.say1(f"{BC}: !rotatemarket")
    assert "Black market rotated" in reply
    first = await h.pool.fetchval("SELECT max(rotation_id) FROM black_market_inventory")
    h.advance(minutes=5)
    await h.say(f"{BC}: !rotatemarket")
    now = h.clock.now()
    live = await h.pool.fetch(
        "SELECT DISTINCT rotation_id FROM black_market_inventory WHERE available_from <= $1 AND available_until > $1",
        now,
    )
    assert [r["rotation_id"] for r in live] == [first + 1]
    rows = await _audits(h, "rotatemarket")
    assert len(rows) == 2 and rows[1]["after"]["rng_seed_id"] is not None


async def test_sessions_start_once_and_end(h: Harness) -> None:
    assert "started: Friday night" in await h.say1(f"{MOD}: !startsession Friday night")
    h.advance(seconds=1)
    # Starting while one runs ends the old one normally first.
    again = await h.say1(f"{MOD}: !startsession again")
    assert "Session #1 ended" in again and "started: again" in again
    assert await h.pool.fetchval("SELECT count(*) FROM streaming_sessions") == 2
    h.advance(minutes=30)
    assert "ended" in await h.say1(f"{MOD}: !endsession")
    h.advance(seconds=1)
    assert "no active session" in await h.say1(f"{MOD}: !endsession")
    rows = await h.pool.fetch("SELECT is_active, started_by_user_id FROM streaming_sessions")
    carol = await h.user_id("carol")
    assert all(r["is_active"] is False and r["started_by_user_id"] == carol for r in rows)
    assert len(await _audits(h, "startsession")) == 2 and len(await _audits(h, "endsession")) == 1


async def _discord(h: Harness, text: str, *, admin: bool = True, guild: str = "111", channel: str = "222") -> str:
    h.advance(seconds=1)
    event = ChatMessage(
        platform=Platform.DISCORD,
        event_id=f"dc-{h.clock.now().timestamp()}",
        channel=guild,
        subchannel=channel,
        sender=Sender(
            user_id="dc-owner", login="owner", display_name="Owner",
            roles=frozenset({Role.BROADCASTER}) if admin else frozenset({Role.MODERATOR}),
        ),
        text=text,
        received_at=h.clock.now(),
    )
    [reply] = await h.app.pipeline(event)
    return reply.text


async def test_kp_admin_configures_discord_channels(h: Harness) -> None:
    assert "Commands channel set to <#222>" in await _discord(h, "!kp-admin setchannel commands")
    assert "Feed channel set to <#333>" in await _discord(h, "!kp-admin setchannel feed 333")
    assert "now counts as activity" in await _discord(h, "!kp-admin addchannel activity")
    assert "already counts" in await _discord(h, "!kp-admin addchannel activity 222")
    assert "now counts as activity" in await _discord(h, "!kp-admin addchannel activity <#444>")
    assert "no longer counts" in await _discord(h, "!kp-admin removechannel activity 444")
    listing = await _discord(h, "!kp-admin listchannels")
    assert listing == "⚙️ Commands: <#222> | Feed: <#333> | Activity: <#222>"
    row = await h.pool.fetchrow("SELECT commands_channel_id, feed_channel_id FROM discord_server_config WHERE discord_guild_id = '111'")
    assert (row["commands_channel_id"], row["feed_channel_id"]) == ("222", "333")
    activity = await h.pool.fetch("SELECT discord_channel_id, added_by_discord_user_id FROM discord_activity_channels")
    assert [(r["discord_channel_id"], r["added_by_discord_user_id"]) for r in activity] == [("222", "dc-owner")]
    assert await h.pool.fetchval("SELECT count(*) FROM audit_log WHERE action LIKE 'discord.%'") == 5
    assert "Usage: !kp-admin" in await _discord(h, "!kp-admin setchannel lobby")
    assert "Usage: !kp-admin" in await _discord(h, "!kp-admin setchannel feed general")


async def test_kp_admin_is_for_server_admins_on_discord_only(h: Harness) -> None:
    assert "Only the server owner" in await _discord(h, "!kp-admin setchannel feed", admin=False)
    assert "only in a server" in await _discord(h, "!kp-admin listchannels", guild="dm")
    assert "only on Discord" in await h.say1("carol [broadcaster]: !kp-admin setchannel feed 1")
    assert await h.pool.fetchval("SELECT count(*) FROM discord_server_config") == 0
    assert await h.pool.fetchval("SELECT count(*) FROM discord_activity_channels") == 0
