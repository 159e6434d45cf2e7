"""The schema enforces the money and once-only rules itself, against a real PostgreSQL.

Each test gets its own copy of the migrated, content-loaded template database (the shared
``conn`` fixture of ``tests/conftest.py``) and makes its own users (random platform ids).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest

SPEC_TABLES = {
    "users",
    "items",
    "user_inventory",
    "user_crates",
    "crate_opens",
    "crate_titles",
    "game_events",
    "cooldowns",
    "factions",
    "territories",
    "territory_scores",
    "user_territory_assignments",
    "achievements",
    "user_achievements",
    "user_titles",
    "leaderboard_snapshots",
    "hall_of_fame_records",
    "mission_templates",
    "user_missions",
    "mission_completions",
    "streaming_sessions",
    "session_contributions",
    "juicernaut_winners",
    "juicernaut_crown_changes",
    "monetization_events",
    "reward_config",
    "active_buffs",
    "black_market_inventory",
    "black_market_purchases",
    "player_shop_inventory",
    "heist_events",
    "heist_schedule",
    "heist_trivia_pool",
    "heist_recent_events",
    "user_notifications",
    "event_batch_queue",
    "discord_server_config",
    "discord_activity_channels",
    "bot_config",
}
ADDED_TABLES = {
    "wealth_ledger",
    "faction_week_results",
    "job_runs",
    "leaderboard_snapshots_archive",
    "processed_events",
    "audit_log",
    "outbox",
    "insurance_policies",
    "heist_tokens",
    "rng_seeds",
    "platform_tokens",
    "link_codes",
    "consumables",
    "user_consumables",
    "chat_counts",  # 0009 (issue 21): chat counters no command locks
    # 0007_casino (issue 18)
    "casino_jackpot",
    "blackjack_hands",
    "flip_challenges",
    "lottery_draws",
    "lottery_tickets",
    "gamble_stats",
    "gamble_daily",
    "gamble_limits",
    "token_purchases",
    "races",
    "race_results",
    "inventory_listings",  # 0002: the numbers of each player's last !inventory
}


def _uid() -> str:
    return uuid.uuid4().hex[:16]


async def _user(conn: asyncpg.Connection, *, wealth: int = 0) -> int:
    """A fresh user; any starting wealth is paid in through the ledger in the same transaction."""
    async with conn.transaction():
        user_id = await conn.fetchval(
            "INSERT INTO users (username, twitch_user_id) VALUES ($1, $2) RETURNING user_id",
            "player_" + _uid()[:8],
            _uid(),
        )
        if wealth:
            await _change_wealth(conn, user_id, wealth, "test.seed")
    return user_id


async def _change_wealth(
    conn: asyncpg.Connection, user_id: int, amount: int, reason: str
) -> int | None:
    """The one-statement wallet write the repository is expected to use."""
    return await conn.fetchval(
        """
        WITH changed AS (
            UPDATE users SET wealth = wealth + $2
             WHERE user_id = $1 AND wealth + $2 >= 0
            RETURNING user_id, wealth - $2 AS before, wealth AS after
        )
        INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason)
        SELECT user_id, $2, before, after, $3 FROM changed
        RETURNING balance_after
        """,
        user_id,
        amount,
        reason,
    )


async def _item(
    conn: asyncpg.Connection, *, item_type: str = "weapon", tier: str = "common"
) -> int:
    return await conn.fetchval(
        """
        INSERT INTO items (item_key, item_name, item_type, tier, rob_bonus, defense_bonus,
                           purchase_price, sell_price)
        VALUES ('test-' || gen_random_uuid(), $1, $2, $3, 0.05, 0.05, 1000, 500)
        RETURNING item_id
        """,
        "Test Item " + _uid(),
        item_type,
        tier,
    )


# --- the schema exists ------------------------------------------------------------------


async def test_migration_creates_every_table(conn: asyncpg.Connection) -> None:
    rows = await conn.fetch(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    tables = {r["table_name"] for r in rows}
    assert tables >= SPEC_TABLES, SPEC_TABLES - tables
    assert tables >= ADDED_TABLES, ADDED_TABLES - tables
    assert len(SPEC_TABLES) == 39
    # the migration runner's own bookkeeping table may sit beside ours
    assert tables - SPEC_TABLES - ADDED_TABLES <= {"schema_migrations"}


async def test_no_timestamp_without_time_zone(conn: asyncpg.Connection) -> None:
    naive = await conn.fetch(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type = 'timestamp without time zone'"
    )
    assert naive == []


async def test_hot_path_lookups_are_indexed(conn: asyncpg.Connection) -> None:
    rows = await conn.fetch("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'")
    defs = [r["indexdef"] for r in rows]

    def has(fragment: str) -> bool:
        return any(fragment in d for d in defs)

    for column in ("kick_user_id", "twitch_user_id", "discord_user_id", "console_user_id"):
        assert has(f"UNIQUE INDEX users_{column}_key ON public.users USING btree ({column})")
    assert has("ON public.cooldowns USING btree (user_id, command_type, target_identifier)")
    assert has(
        "ON public.outbox USING btree (available_at, outbox_id) WHERE (delivered_at IS NULL)"
    )
    assert has("ON public.game_events USING btree (user_id, created_at DESC)")
    assert has(
        "ON public.leaderboard_snapshots USING btree (period_type, period_start, wealth_earned DESC)"
    )


# --- money ---------------------------------------------------------------------------


async def test_negative_wealth_is_rejected(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn, wealth=100)
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("UPDATE users SET wealth = -1 WHERE user_id = $1", user_id)
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "INSERT INTO users (username, kick_user_id, wealth) VALUES ('x', $1, -5)", _uid()
        )
    # the conditional write refuses an overdraft by touching no row
    assert await _change_wealth(conn, user_id, -101, "shop.buy") is None
    assert await conn.fetchval("SELECT wealth FROM users WHERE user_id = $1", user_id) == 100


async def test_ledger_tracks_every_change(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    for amount in (500, -200, 1_000, -1_300):
        async with conn.transaction():
            assert await _change_wealth(conn, user_id, amount, "play.win") is not None
    wealth, total, rows = await conn.fetchrow(
        "SELECT u.wealth, sum(l.amount), count(l.*) FROM users u "
        "JOIN wealth_ledger l USING (user_id) WHERE u.user_id = $1 GROUP BY u.wealth",
        user_id,
    )
    assert (wealth, total, rows) == (0, 0, 4)


async def test_inconsistent_ledger_row_is_rejected(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    with pytest.raises(asyncpg.CheckViolationError, match="wealth_ledger_arithmetic"):
        await conn.execute(
            "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
            "VALUES ($1, 100, 0, 150, 'admin.give')",
            user_id,
        )
    with pytest.raises(asyncpg.CheckViolationError, match="wealth_ledger_after_nonnegative"):
        await conn.execute(
            "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
            "VALUES ($1, -50, 0, -50, 'admin.take')",
            user_id,
        )
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
            "VALUES ($1, 100, 0, 100, 'Not A Reason!')",
            user_id,
        )


async def test_ledger_chain_must_continue(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn, wealth=300)
    with pytest.raises(asyncpg.CheckViolationError, match="chain broken"):
        async with conn.transaction():
            await conn.execute("UPDATE users SET wealth = 400 WHERE user_id = $1", user_id)
            await conn.execute(
                "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
                "VALUES ($1, 400, 0, 400, 'admin.give')",
                user_id,
            )


async def test_wealth_change_without_ledger_row_fails_at_commit(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn, wealth=300)
    with pytest.raises(asyncpg.CheckViolationError, match="ledger says 300"):
        async with conn.transaction():
            await conn.execute("UPDATE users SET wealth = wealth + 50 WHERE user_id = $1", user_id)
    with pytest.raises(asyncpg.CheckViolationError, match="ledger says 350"):
        async with conn.transaction():
            await conn.execute(
                "INSERT INTO wealth_ledger (user_id, amount, balance_before, balance_after, reason) "
                "VALUES ($1, 50, 300, 350, 'admin.give')",
                user_id,
            )
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "INSERT INTO users (username, kick_user_id, wealth) VALUES ('rich', $1, 1000)", _uid()
        )
    assert await conn.fetchval("SELECT wealth FROM users WHERE user_id = $1", user_id) == 300


async def test_ledger_is_append_only(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn, wealth=100)
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await conn.execute("UPDATE wealth_ledger SET amount = 0 WHERE user_id = $1", user_id)
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await conn.execute("DELETE FROM wealth_ledger WHERE user_id = $1", user_id)
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await conn.execute("DELETE FROM users WHERE user_id = $1", user_id)


async def test_audit_log_is_append_only(conn: asyncpg.Connection) -> None:
    target = await _user(conn)
    audit_id = await conn.fetchval(
        "INSERT INTO audit_log (actor_platform, actor_platform_user_id, action, target_user_id, "
        "before, after, reason) VALUES ('twitch', 'mod1', 'wealth.set', $1, $2, $3, 'refund') "
        "RETURNING audit_id",
        target,
        '{"wealth": 0}',
        '{"wealth": 100}',
    )
    with pytest.raises(asyncpg.RestrictViolationError):
        await conn.execute("UPDATE audit_log SET reason = 'x' WHERE audit_id = $1", audit_id)
    with pytest.raises(asyncpg.RestrictViolationError):
        await conn.execute("DELETE FROM audit_log WHERE audit_id = $1", audit_id)


# --- exactly once --------------------------------------------------------------------


async def test_duplicate_processed_event_is_rejected(conn: asyncpg.Connection) -> None:
    event_id = _uid()
    digest = hashlib.sha256(event_id.encode()).digest()
    insert = "INSERT INTO processed_events (platform, event_id, payload_hash) VALUES ($1, $2, $3)"
    await conn.execute(insert, "twitch", event_id, None)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(insert, "twitch", event_id, None)
    # the same id on another platform is another event
    await conn.execute(insert, "kick", event_id, digest)
    # Kick resending the same payload under a new id is caught by the hash
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(insert, "kick", _uid(), digest)
    # the idiom the pipeline uses: the row count decides
    again = await conn.fetchval(
        "INSERT INTO processed_events (platform, event_id) VALUES ('twitch', $1) "
        "ON CONFLICT DO NOTHING RETURNING event_id",
        event_id,
    )
    assert again is None


async def test_duplicate_monetization_event_is_rejected(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    insert = (
        "INSERT INTO monetization_events (user_id, platform, external_event_id, event_type, "
        "quantity, amount_cents) VALUES ($1, 'twitch', $2, 'bits', 500, 500)"
    )
    external = _uid()
    await conn.execute(insert, user_id, external)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(insert, user_id, external)


async def _mission_template(conn: asyncpg.Connection) -> str:
    template_id = "D-TEST-" + str(uuid.uuid4().int % 100).zfill(2)
    await conn.execute(
        "INSERT INTO mission_templates (template_id, mission_type, category, difficulty, name, "
        "description, objective_type, objective_base_value, reward_wealth, reward_xp) "
        "VALUES ($1, 'daily', 'chat', 'easy', 'Talk', 'Say things', 'messages_sent', 15, 500, 50) "
        "ON CONFLICT DO NOTHING",
        template_id,
    )
    return template_id


async def test_duplicate_mission_assignment_and_completion_are_rejected(
    conn: asyncpg.Connection,
) -> None:
    user_id = await _user(conn)
    template_id = await _mission_template(conn)
    today = date(2026, 3, 2)
    assign = (
        "INSERT INTO user_missions (user_id, template_id, mission_type, objective_type, "
        "period_start, assigned_tier, tier_multiplier, objective_value, reward_wealth, "
        "reward_xp, expires_at) VALUES ($1, $2, 'daily', 'messages_sent', $3, 'Punk', 1.0, 15, "
        "500, 50, now() + interval '1 day') RETURNING user_mission_id"
    )
    mission_id = await conn.fetchval(assign, user_id, template_id, today)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.fetchval(assign, user_id, template_id, today)
    await conn.fetchval(assign, user_id, template_id, today + timedelta(days=1))

    complete = (
        "INSERT INTO mission_completions (user_id, completion_type, period_start, completed_date, "
        "mission_ids, total_wealth, total_xp, bonus_wealth, bonus_xp, player_tier) "
        "VALUES ($1, 'daily', $2, $2, $3, 500, 50, 500, 50, 'Punk')"
    )
    await conn.execute(complete, user_id, today, [mission_id])
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(complete, user_id, today, [mission_id])


async def test_mission_progress_is_capped(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    template_id = await _mission_template(conn)
    with pytest.raises(asyncpg.CheckViolationError, match="progress_capped"):
        await conn.execute(
            "INSERT INTO user_missions (user_id, template_id, mission_type, objective_type, "
            "period_start, assigned_tier, tier_multiplier, objective_value, reward_wealth, "
            "reward_xp, expires_at, current_progress) VALUES ($1, $2, 'daily', 'messages_sent', "
            "'2026-03-09', 'Punk', 1.0, 15, 500, 50, now() + interval '1 day', 16)",
            user_id,
            template_id,
        )


async def test_duplicate_achievement_unlock_is_rejected(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    achievement_id = await conn.fetchval(
        "INSERT INTO achievements (achievement_key, achievement_name, description, category, "
        "tier, requirement_type, requirement_value) VALUES ($1, $2, 'earn', 'wealth', 'bronze', "
        "'total_wealth_earned', 1000) RETURNING achievement_id",
        "test_" + _uid(),
        "Test " + _uid(),
    )
    unlock = (
        "INSERT INTO user_achievements (user_id, achievement_id, current_progress, is_completed, "
        "completed_at) VALUES ($1, $2, 1000, true, now())"
    )
    await conn.execute(unlock, user_id, achievement_id)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(unlock, user_id, achievement_id)
    # completion is a one-way conditional write: a second attempt changes nothing
    status = await conn.execute(
        "UPDATE user_achievements SET is_completed = true, completed_at = now() "
        "WHERE user_id = $1 AND achievement_id = $2 AND NOT is_completed",
        user_id,
        achievement_id,
    )
    assert status == "UPDATE 0"


async def test_duplicate_title_is_rejected_and_one_equipped(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    grant = (
        "INSERT INTO user_titles (user_id, title, source, is_equipped) VALUES ($1, $2, 'crate', $3)"
    )
    await conn.execute(grant, user_id, "Street Rat", True)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(grant, user_id, "Street Rat", False)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(grant, user_id, "Ghost", True)


async def _session(conn: asyncpg.Connection) -> int:
    await conn.execute(
        "UPDATE streaming_sessions SET is_active = false, ended_at = now() WHERE is_active"
    )
    return await conn.fetchval(
        "INSERT INTO streaming_sessions (platform, session_title) VALUES ('twitch', 'test') "
        "RETURNING session_id"
    )


async def test_duplicate_juicernaut_winner_is_rejected(conn: asyncpg.Connection) -> None:
    first, second = await _user(conn), await _user(conn)
    session_id = await _session(conn)
    crown = (
        "INSERT INTO juicernaut_winners (session_id, user_id, total_contributed_cents, "
        "contributions_count) VALUES ($1, $2, 2500, 3)"
    )
    await conn.execute(crown, session_id, first)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(crown, session_id, second)


async def test_only_one_active_session(conn: asyncpg.Connection) -> None:
    await _session(conn)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute("INSERT INTO streaming_sessions (platform) VALUES ('kick')")


async def test_one_open_heist_and_one_winner(conn: asyncpg.Connection) -> None:
    winner, late = await _user(conn), await _user(conn)
    session_id = await _session(conn)
    start = (
        "INSERT INTO heist_events (session_id, event_type, difficulty, prompt, correct_answer, "
        "started_at, time_limit_seconds) VALUES ($1, 'trivia', 'medium', 'Q?', 'A', now(), 90) "
        "RETURNING heist_id"
    )
    heist_id = await conn.fetchval(start, session_id)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.fetchval(start, session_id)
    claim = (
        "UPDATE heist_events SET status = 'won', ended_at = now(), winner_user_id = $2, "
        "winner_platform = 'twitch', winning_answer = 'a', response_time_ms = 1200 "
        "WHERE heist_id = $1 AND status = 'open' AND winner_user_id IS NULL"
    )
    assert await conn.execute(claim, heist_id, winner) == "UPDATE 1"
    assert await conn.execute(claim, heist_id, late) == "UPDATE 0"


async def test_crate_opens_once(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    crate_id = await conn.fetchval(
        "INSERT INTO user_crates (user_id, crate_tier, source) VALUES ($1, 'rare', 'play') "
        "RETURNING crate_id",
        user_id,
    )
    record = (
        "INSERT INTO crate_opens (crate_id, user_id, crate_tier, drop_type, wealth_amount) "
        "VALUES ($1, $2, 'rare', 'wealth', 5000)"
    )
    await conn.execute(record, crate_id, user_id)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(record, crate_id, user_id)
    with pytest.raises(asyncpg.CheckViolationError, match="crate_opens_item_drop"):
        await conn.execute(
            "INSERT INTO crate_opens (crate_id, user_id, crate_tier, drop_type) "
            "VALUES ($1, $2, 'rare', 'weapon')",
            crate_id + 1_000_000,
            user_id,
        )


# --- bounds and closed sets ----------------------------------------------------------


async def test_durability_out_of_bounds_is_rejected(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    item_id = await _item(conn)
    give = (
        "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability) "
        "VALUES ($1, $2, 'weapon', $3, 100) RETURNING inventory_id"
    )
    inventory_id = await conn.fetchval(give, user_id, item_id, 100)
    for bad in (-1, 101):
        with pytest.raises(asyncpg.CheckViolationError, match="durability_bounds"):
            await conn.fetchval(give, user_id, item_id, bad)
    with pytest.raises(asyncpg.CheckViolationError, match="durability_bounds"):
        await conn.execute(
            "UPDATE user_inventory SET durability = durability - 101 WHERE inventory_id = $1",
            inventory_id,
        )


async def test_one_equipped_item_per_slot(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    item_id = await _item(conn)
    give = (
        "INSERT INTO user_inventory (user_id, item_id, slot, durability, max_durability, "
        "is_equipped, equipped_at) VALUES ($1, $2, 'weapon', 100, 100, true, now())"
    )
    await conn.execute(give, user_id, item_id)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(give, user_id, item_id)


@pytest.mark.parametrize(
    ("statement", "value"),
    [
        (
            "INSERT INTO items (item_key, item_name, item_type, tier, rob_bonus, purchase_price, "
            "sell_price) VALUES ('test-' || gen_random_uuid(), 'Bad Tier ' || gen_random_uuid(), 'weapon', $1, 0.05, 10, 5)",
            "epic",
        ),
        (
            "INSERT INTO items (item_key, item_name, item_type, tier, purchase_price, sell_price) "
            "VALUES ('test-' || gen_random_uuid(), 'Bad Type ' || gen_random_uuid(), $1, 'common', 10, 5)",
            "consumable",
        ),
        (
            "INSERT INTO users (username, kick_user_id, status_tier) "
            "VALUES ('x', gen_random_uuid()::text, $1)",
            "Rookie",
        ),
        (
            "INSERT INTO crate_titles (title_name, crate_tier, duplicate_value) "
            "VALUES ('Bad ' || gen_random_uuid(), $1, 500)",
            "mythic",
        ),
        (
            "INSERT INTO leaderboard_snapshots (period_type, period_start, period_end, user_id) "
            "SELECT $1, current_date, current_date, min(user_id) FROM users",
            "hourly",
        ),
    ],
)
async def test_values_outside_closed_sets_are_rejected(
    conn: asyncpg.Connection, statement: str, value: str
) -> None:
    await _user(conn)
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(statement, value)


async def test_rates_are_fractions_not_percents(conn: asyncpg.Connection) -> None:
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "INSERT INTO items (item_key, item_name, item_type, tier, rob_bonus, purchase_price, "
            "sell_price) VALUES ('test-' || gen_random_uuid(), $1, 'weapon', 'common', 5, 500, 250)",
            "Percent Knife " + _uid(),
        )
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "INSERT INTO items (item_key, item_name, item_type, tier, purchase_price, sell_price) "
            "VALUES ('test-' || gen_random_uuid(), $1, 'housing', 'common', 500, 250)",
            "Statless Flat " + _uid(),
        )


async def test_heist_tokens_cannot_go_negative(conn: asyncpg.Connection) -> None:
    user_id = await _user(conn)
    await conn.execute(
        "INSERT INTO heist_tokens (user_id, balance, lifetime_earned, last_earned_at) "
        "VALUES ($1, 2, 2, now())",
        user_id,
    )
    spend = (
        "UPDATE heist_tokens SET balance = balance - 1, lifetime_spent = lifetime_spent + 1, "
        "last_spent_at = now() WHERE user_id = $1 AND balance >= 1"
    )
    assert await conn.execute(spend, user_id) == "UPDATE 1"
    assert await conn.execute(spend, user_id) == "UPDATE 1"
    assert await conn.execute(spend, user_id) == "UPDATE 0"
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("UPDATE heist_tokens SET balance = -1 WHERE user_id = $1", user_id)


# --- randomness, cooldowns, counters ----------------------------------------------------


async def test_one_active_seed_with_a_true_hash(conn: asyncpg.Connection) -> None:
    seed = os.urandom(32)
    insert = (
        "INSERT INTO rng_seeds (server_seed, server_seed_hash, client_seed) "
        "VALUES ($1, $2, 'kingpin') RETURNING seed_id"
    )
    with pytest.raises(asyncpg.CheckViolationError, match="hash_is_sha256"):
        await conn.fetchval(insert, seed, hashlib.sha256(b"other").digest())
    await conn.execute("UPDATE rng_seeds SET rotated_at = now() WHERE rotated_at IS NULL")
    seed_id = await conn.fetchval(insert, seed, hashlib.sha256(seed).digest())
    other = os.urandom(32)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.fetchval(insert, other, hashlib.sha256(other).digest())
    with pytest.raises(asyncpg.CheckViolationError, match="reveal_after_rotation"):
        await conn.execute("UPDATE rng_seeds SET revealed_at = now() WHERE seed_id = $1", seed_id)
    nonce = await conn.fetchval(
        "UPDATE rng_seeds SET next_nonce = next_nonce + 1 WHERE rotated_at IS NULL "
        "RETURNING next_nonce - 1"
    )
    assert nonce == 0
    hidden = await conn.fetchval(
        "SELECT server_seed FROM rng_seeds_public WHERE seed_id = $1", seed_id
    )
    assert hidden is None
    await conn.execute(
        "UPDATE rng_seeds SET rotated_at = now(), revealed_at = now() WHERE seed_id = $1", seed_id
    )
    shown = await conn.fetchval(
        "SELECT server_seed FROM rng_seeds_public WHERE seed_id = $1", seed_id
    )
    assert shown == seed


async def test_cooldown_upsert_keeps_one_row(conn: asyncpg.Connection) -> None:
    attacker, target = await _user(conn), await _user(conn)
    upsert = (
        "INSERT INTO cooldowns (user_id, command_type, target_identifier, expires_at) "
        "VALUES ($1, 'rob_target', $2, $3) ON CONFLICT (user_id, command_type, target_identifier) "
        "DO UPDATE SET expires_at = EXCLUDED.expires_at"
    )
    later = datetime.now(UTC) + timedelta(hours=24)
    await conn.execute(upsert, attacker, str(target), later - timedelta(hours=1))
    await conn.execute(upsert, attacker, str(target), later)
    rows = await conn.fetch("SELECT expires_at FROM cooldowns WHERE user_id = $1", attacker)
    assert [r["expires_at"] for r in rows] == [later]


async def test_chat_counters_upsert_in_one_statement(conn: asyncpg.Connection) -> None:
    users = [await _user(conn) for _ in range(3)]
    batch = """
        INSERT INTO leaderboard_snapshots (period_type, period_start, period_end, user_id,
                                           messages_sent)
        SELECT p.period_type, p.period_start, p.period_end, b.user_id, b.messages
          FROM unnest($1::bigint[], $2::bigint[]) AS b(user_id, messages)
         CROSS JOIN unnest($3::text[], $4::date[], $5::date[])
               AS p(period_type, period_start, period_end)
        ON CONFLICT (period_type, period_start, user_id)
        DO UPDATE SET messages_sent = leaderboard_snapshots.messages_sent + EXCLUDED.messages_sent,
                      updated_at = now()
    """
    day = date(2026, 3, 4)
    periods = (
        ["daily", "weekly", "lifetime"],
        [day, date(2026, 3, 2), date(2025, 1, 1)],
        [day, date(2026, 3, 8), date(2099, 12, 31)],
    )
    await conn.execute(batch, users, [1, 2, 3], *periods)
    await conn.execute(batch, users, [4, 0, 1], *periods)
    rows = await conn.fetch(
        "SELECT user_id, period_type, messages_sent FROM leaderboard_snapshots "
        "WHERE user_id = ANY($1::bigint[]) ORDER BY user_id, period_type",
        users,
    )
    totals = {(r["user_id"], r["period_type"]): r["messages_sent"] for r in rows}
    assert len(totals) == 9
    for user_id, expected in zip(users, (5, 2, 4), strict=True):
        for period in ("daily", "weekly", "lifetime"):
            assert totals[(user_id, period)] == expected


async def test_outbox_undelivered_rows_are_claimable(conn: asyncpg.Connection) -> None:
    kind = "discord.feed"
    key = "feed:" + _uid()
    await conn.execute(
        "INSERT INTO outbox (kind, payload, dedupe_key) VALUES ($1, $2, $3)", kind, "{}", key
    )
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(
            "INSERT INTO outbox (kind, payload, dedupe_key) VALUES ($1, $2, $3)", kind, "{}", key
        )
    async with conn.transaction():
        claimed = await conn.fetch(
            "SELECT outbox_id FROM outbox WHERE delivered_at IS NULL AND available_at <= now() "
            "ORDER BY available_at, outbox_id FOR UPDATE SKIP LOCKED LIMIT 10"
        )
        assert claimed
        await conn.execute(
            "UPDATE outbox SET delivered_at = now(), attempts = attempts + 1 "
            "WHERE outbox_id = ANY($1::bigint[])",
            [r["outbox_id"] for r in claimed],
        )
    left = await conn.fetchval("SELECT count(*) FROM outbox WHERE delivered_at IS NULL")
    assert left == 0


async def test_platform_identity_belongs_to_one_user(conn: asyncpg.Connection) -> None:
    kick_id = _uid()
    await conn.execute(
        "INSERT INTO users (username, kick_user_id, twitch_user_id) VALUES ('a', $1, $2)",
        kick_id,
        _uid(),
    )
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute("INSERT INTO users (username, kick_user_id) VALUES ('b', $1)", kick_id)
    with pytest.raises(asyncpg.CheckViolationError, match="users_has_identity"):
        await conn.execute("INSERT INTO users (username) VALUES ('nobody')")
