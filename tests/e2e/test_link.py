"""!link across platforms: one-time codes, the merge rule, refusals, and the audit staying clean."""

from __future__ import annotations

import itertools
import json
import re

from bot.audit import run_audit
from bot.events import ChatMessage, Platform, Sender
from tests.harness import Harness, goal_rewards

_ids = itertools.count(1)
_CODE = re.compile(r"link code is ([A-Z0-9]{8})")


async def _say(h: Harness, platform: Platform, user_id: str, login: str, text: str) -> list[str]:
    h.advance(seconds=5)  # past the per-command throttle
    event = ChatMessage(
        platform=platform,
        event_id=f"{platform.value}-{next(_ids)}",
        channel="chan",
        sender=Sender(user_id=user_id, login=login, display_name=login.capitalize()),
        text=text,
        received_at=h.clock.now(),
    )
    return [r.text for r in await h.app.pipeline(event)]


async def _twitch(h: Harness, text: str, user: str = "tw-bob", login: str = "bob_tw") -> str:
    [reply] = await _say(h, Platform.TWITCH, user, login, text)
    return reply


async def _code(h: Harness, line: str) -> str:
    found = _CODE.search(await h.say1(line))
    assert found, line
    return found[1]


async def _ledger_matches(h: Harness, uid: int) -> bool:
    wealth, total = await h.pool.fetchrow(
        "SELECT wealth, (SELECT coalesce(sum(amount), 0) FROM wealth_ledger WHERE user_id = $1) FROM users "
        "WHERE user_id = $1",
        uid,
    )
    return bool(wealth == total)


async def test_link_code_is_stored_and_replaces_older_ones(h: Harness) -> None:
    first = await _code(h, "alice: !link")
    h.advance(seconds=5)
    second = await _code(h, "alice: !link")
    assert first != second
    rows = await h.pool.fetch("SELECT code, user_id, platform, created_at, expires_at, used_at FROM link_codes")
    assert len(rows) == 1
    row = rows[0]
    assert row["code"] == second and row["user_id"] == await h.user_id("alice") and row["platform"] == "console"
    assert (row["expires_at"] - row["created_at"]).total_seconds() == 600 and row["used_at"] is None


async def test_merging_two_characters_with_progress(h: Harness) -> None:
    await h.say("alice: hi")
    await _twitch(h, "!checkin")  # bob on Twitch: wealth, XP and a heist token
    await h.say("carol [broadcaster]: !givewealth alice 1000", "carol [broadcaster]: !givecrate bob_tw rare")
    h.advance(seconds=5)
    await h.say("carol [broadcaster]: !givexp bob_tw 5000")
    alice = await h.user_id("alice")
    bob = await h.pool.fetchval("SELECT user_id FROM users WHERE twitch_user_id = 'tw-bob'")
    bob_before = await h.pool.fetchrow("SELECT wealth, xp FROM users WHERE user_id = $1", bob)
    assert bob_before["wealth"] > 0
    total = 1_000 + bob_before["wealth"]

    code = await _code(h, "alice: !link")
    reply = await _twitch(h, f"!link {code.lower()}")
    assert "Linked!" in reply and "1 crate" in reply and "1 token" in reply

    survivor = await h.pool.fetchrow(
        "SELECT wealth, xp, level, console_user_id, twitch_user_id, twitch_linked_at, merged_into_user_id "
        "FROM users WHERE user_id = $1",
        alice,
    )
    # the merged XP reaches level achievements, which pay on top (issue 16)
    assert survivor["wealth"] - await goal_rewards(h.pool, alice) == total and survivor["xp"] >= bob_before["xp"]
    assert survivor["console_user_id"] == "alice" and survivor["twitch_user_id"] == "tw-bob"
    assert survivor["twitch_linked_at"] is not None and survivor["merged_into_user_id"] is None
    absorbed = await h.pool.fetchrow(
        "SELECT wealth, twitch_user_id, merged_into_user_id, merged_at FROM users WHERE user_id = $1", bob
    )
    assert absorbed["wealth"] == 0 and absorbed["twitch_user_id"] is None
    assert absorbed["merged_into_user_id"] == alice and absorbed["merged_at"] is not None
    # money moved through the ledger, none created
    assert await _ledger_matches(h, alice) and await _ledger_matches(h, bob)
    moves = await h.pool.fetch("SELECT user_id, amount FROM wealth_ledger WHERE reason = 'link_merge' ORDER BY ledger_id")
    assert [(r["user_id"], r["amount"]) for r in moves] == [(bob, -bob_before["wealth"]), (alice, bob_before["wealth"])]
    assert await h.pool.fetchval("SELECT count(*) FROM user_crates WHERE user_id = $1", alice) == 1
    assert await h.pool.fetchval("SELECT balance FROM heist_tokens WHERE user_id = $1", alice) == 1
    assert await h.pool.fetchval("SELECT balance FROM heist_tokens WHERE user_id = $1", bob) == 0
    # the code is spent and the merge audited
    used = await h.pool.fetchrow("SELECT used_at, used_by_platform, used_by_platform_user_id FROM link_codes")
    assert used["used_by_platform"] == "twitch" and used["used_by_platform_user_id"] == "tw-bob"
    audit = await h.pool.fetchrow("SELECT actor_user_id, target_user_id, before, after FROM audit_log WHERE action = 'link_merge'")
    assert audit["actor_user_id"] == bob and audit["target_user_id"] == alice
    after = json.loads(audit["after"]) if isinstance(audit["after"], str) else audit["after"]
    assert after["survivor"]["wealth"] >= total and after["folded"] is False  # + level achievements
    # one wallet: the Twitch identity now plays as alice (the identity cache forgot bob)
    h.advance(days=1)
    await _twitch(h, "!checkin")
    assert await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", alice) > total
    assert await h.pool.fetchval("SELECT wealth FROM users WHERE user_id = $1", bob) == 0
    async with h.pool.acquire() as conn:
        report = await run_audit(conn)
    assert report.ok, report.problems


async def test_a_fresh_identity_is_simply_folded_in(h: Harness) -> None:
    await h.say("alice: hi", "carol [broadcaster]: !givewealth alice 700")
    code = await _code(h, "alice: !link")
    [reply] = await _say(h, Platform.DISCORD, "dc-alice", "alice_dc", f"!link {code}")
    assert "One wallet everywhere" in reply
    alice = await h.user_id("alice")
    assert await h.pool.fetchval("SELECT discord_user_id FROM users WHERE user_id = $1", alice) == "dc-alice"
    assert await h.pool.fetchval("SELECT count(*) FROM wealth_ledger WHERE reason = 'link_merge'") == 0
    assert await h.wealth("alice") == 700


async def test_refusals(h: Harness) -> None:
    await h.say("alice: hi", "dave: hi")
    assert "doesn't exist" in await _twitch(h, "!link ZZZZ9999")
    assert "doesn't exist" in await _twitch(h, "!link not-a-code!")
    code = await _code(h, "alice: !link")
    h.advance(seconds=5)
    assert "type it on a different platform" in await h.say1(f"dave: !link {code}")
    h.advance(minutes=11)
    assert "expired" in await _twitch(h, f"!link {code}")

    code = await _code(h, "alice: !link")
    assert "Linked!" in await _twitch(h, f"!link {code}")
    assert "already used" in await _twitch(h, f"!link {code}", user="tw-eve", login="eve")
    # alice now owns a Twitch identity: another Twitch character cannot be joined to her
    code = await _code(h, "alice: !link")
    assert "already has a Twitch account" in await _twitch(h, f"!link {code}", user="tw-eve", login="eve")
    # codes are never shown in public Twitch/Kick chat
    assert "only shown privately" in await _twitch(h, "!link")
    # a code typed by the same character on another of its platforms
    h.advance(seconds=5)
    own = await _code(h, "alice: !link")
    assert "already linked" in await _twitch(h, f"!link {own}")
    assert await h.pool.fetchval("SELECT count(*) FROM users WHERE merged_into_user_id IS NOT NULL") == 1
    assert await h.pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'link_merge'") == 1
