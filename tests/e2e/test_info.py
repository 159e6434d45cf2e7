"""Read-only commands through the console: profile, balance, level, tokens, cooldowns, boards, help.

Every test also checks the rule that makes them read-only: a run of these commands changes no
table except ``processed_events`` (one row per command).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta

from bot.periods import periods_for
from bot.sql import QUERIES
from game import DEFAULT_RULES, xp_progress, xp_to_reach
from tests.harness import Harness

_TABLES = """
SELECT quote_ident(table_name) FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'processed_events'
"""
_DIGEST = "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
# The pipeline creates a first-time sender before the handler runs: only older players count.
_USERS = (
    "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM users t "
    "WHERE user_id <= $1"
)


async def digests(h: Harness, known: int) -> dict[str, str]:
    """A digest of every table but processed_events (names quoted by the server)."""
    tables = [r[0] for r in await h.pool.fetch(_TABLES)]
    assert "users" in tables and "wealth_ledger" in tables
    found = {t: await h.pool.fetchval(_DIGEST.format(t)) for t in tables if t != "users"}
    found["users"] = await h.pool.fetchval(_USERS, known)
    return found


@asynccontextmanager
async def read_only(h: Harness, commands: int) -> AsyncIterator[None]:
    """Assert the block writes ``commands`` processed events and changes nothing else."""
    known = await h.pool.fetchval("SELECT coalesce(max(user_id), 0) FROM users")
    before = await digests(h, known)
    processed = await h.pool.fetchval("SELECT count(*) FROM processed_events")
    yield
    after = await digests(h, known)
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed == [], f"read-only commands changed {changed}"
    assert await h.pool.fetchval("SELECT count(*) FROM processed_events") == processed + commands


async def ask(h: Harness, line: str) -> str:
    """One command after the per-user throttle window (3 s) has passed."""
    h.advance(seconds=4)
    return await h.say1(line)


async def board(h: Harness, name: str, day: date, **deltas: int) -> None:
    """Add to a player's leaderboard counters for every period containing ``day``."""
    uid = await h.user_id(name)
    types, starts, ends = periods_for(day)
    cols = ("wealth", "xp", "plays", "robs", "rob_wins", "checkins", "crates")
    await h.pool.execute(
        QUERIES["leaderboard/add"], uid, types, starts, ends, *(deltas.get(c, 0) for c in cols)
    )


async def test_profile_shows_the_whole_character(h: Harness) -> None:
    await h.say("alice: !checkin")
    uid = await h.user_id("alice")
    xp = await h.pool.fetchval("SELECT xp FROM users WHERE user_id = $1", uid)
    into, needed = xp_progress(xp, DEFAULT_RULES.progression)
    h.advance(seconds=5)
    async with read_only(h, 2):
        own = await h.say1("alice: !profile")
        h.advance(seconds=5)
        alias = await h.say1("alice: !p")
    assert own == alias
    assert own.startswith("👤 alice · Punk · 💰 $200 · ")
    assert f"⭐ Lv 1 ({into:,}/{needed:,} XP)" in own
    assert "🔥 1-day streak" in own and "🎟️ 1/5 tokens" in own
    assert "jail" not in own and "🏴" not in own

    # a title, a faction and a jail sentence all show
    await h.pool.execute(
        "INSERT INTO user_titles (user_id, title, source, is_equipped) VALUES ($1, 'The Boss', 'admin', true)",
        uid,
    )
    faction = await h.pool.fetchval("SELECT faction_name FROM factions ORDER BY faction_id LIMIT 1")
    await h.pool.execute(
        "UPDATE users SET faction_id = (SELECT min(faction_id) FROM factions), joined_faction_at = $2, "
        "jailed_until = $2::timestamptz + interval '12 minutes' WHERE user_id = $1",
        uid,
        h.clock.now(),
    )
    h.advance(seconds=5)
    async with read_only(h, 1):
        jailed = await h.say1("alice: !stats")
    assert jailed.startswith("👤 alice [The Boss] · Punk")
    assert f"🏴 {faction}" in jailed
    assert "🚔 in jail (11m 54s left)" in jailed
    assert len(jailed) <= 500


async def test_profile_balance_and_level_of_someone_else(h: Harness) -> None:
    await h.say("bob: hello")
    await h.fund("bob", 12_345)
    await h.pool.execute(
        "UPDATE users SET xp = $1, level = 2 WHERE console_user_id = 'bob'",
        xp_to_reach(2, DEFAULT_RULES.progression) + 5,
    )
    into, needed = xp_progress(
        xp_to_reach(2, DEFAULT_RULES.progression) + 5, DEFAULT_RULES.progression
    )
    async with read_only(h, 7):
        profile = await ask(h, "alice: !profile @Bob")
        balance = await ask(h, "alice: !balance bob")
        money = await ask(h, "alice: !money @bob")
        level = await ask(h, "alice: !level BOB")
        own_balance = await ask(h, "carol: !bal")
        own_level = await ask(h, "carol: !lvl")
        xp_alias = await ask(h, "dave: !xp bob")
    assert profile.startswith("👤 bob · Punk · 💰 $12,345 · ⭐ Lv 2")
    assert balance == money == "💰 bob: $12,345"
    assert level == f"⭐ bob: Level 2 ({into}/{needed:,} XP – {into * 100 // needed}%) · Punk"
    assert xp_alias == level
    assert own_balance == "💰 carol: $0"
    assert own_level.startswith("⭐ carol: Level 1 (0/")


async def test_unknown_players_are_not_found(h: Harness) -> None:
    async with read_only(h, 4):
        assert await h.say1("alice: !profile nobody_here") == "❌ Player 'nobody_here' not found."
        assert await h.say1("alice: !balance @ghost") == "❌ Player 'ghost' not found."
        assert await h.say1("alice: !level ghost") == "❌ Player 'ghost' not found."
        weird = await h.say1("bob: !p '; DROP TABLE users; --")
    assert weird.startswith("❌ Player") and "not found" in weird
    assert await h.pool.fetchval("SELECT count(*) FROM users") == 2


async def test_level_at_the_cap(h: Harness) -> None:
    await h.say("alice: hi")
    top = DEFAULT_RULES.progression.max_level
    await h.pool.execute(
        "UPDATE users SET xp = $1, level = $2, status_tier = 'Kingpin' WHERE console_user_id = 'alice'",
        xp_to_reach(top, DEFAULT_RULES.progression) + 10,
        top,
    )
    async with read_only(h, 2):
        assert await h.say1("alice: !level") == f"⭐ alice: Level {top} (Kingpin), the top level!"
        assert f"⭐ Lv {top} (max)" in await h.say1("alice: !profile")


async def test_tokens_show_balance_cap_and_how_to_earn(h: Harness) -> None:
    await h.say("alice: !checkin")
    h.advance(seconds=5)
    async with read_only(h, 1):
        line = await h.say1("alice: !tokens")
    assert line == (
        "🎟️ alice: 1/5 heist tokens. A rob costs 1. Earn them with !checkin (+1) and by chatting "
        "(1 per 20 messages, up to 2 a day)."
    )
    await h.pool.execute(
        "UPDATE heist_tokens SET balance = 5, lifetime_earned = lifetime_spent + 5 "
        "WHERE user_id = $1",
        await h.user_id("alice"),
    )
    h.advance(seconds=5)
    async with read_only(h, 2):
        full = await h.say1("alice: !mytokens")
        none = await h.say1("bob: !token")
    assert full.startswith("🎟️ alice: 5/5 heist tokens.") and full.endswith(
        "spend one to earn more."
    )
    assert none.startswith("🎟️ bob: 0/5 heist tokens.")


async def test_cooldowns_list_every_running_timer(h: Harness) -> None:
    async with read_only(h, 1):
        assert await h.say1("alice: !cooldowns") == "✅ alice: no cooldowns, you're free to go."
    await h.say("alice: !checkin", "bob: hi")
    await h.fund("bob", 10_000)
    h.advance(seconds=5)
    await h.say("alice: !rob bob")  # success or not, it starts a 24 h cooldown on bob
    h.advance(seconds=5)
    await h.say("alice: !play")  # offline: the 5-minute play cooldown
    uid = await h.user_id("alice")
    busted = await h.pool.fetchval(
        "SELECT jailed_until > $2 FROM users WHERE user_id = $1", uid, h.clock.now()
    )
    await h.pool.execute(
        "INSERT INTO cooldowns (user_id, command_type, expires_at) VALUES ($1, 'crate_open', $2)",
        uid,
        h.clock.now() + timedelta(seconds=20),
    )
    h.advance(seconds=60)
    async with read_only(h, 1):
        line = await h.say1("alice: !cd")
    assert line.startswith("⏰ alice: ")
    assert "🎰 !play 3m 5" in line  # 300 s minus the 61 s since
    assert "🔫 !rob bob 23h 58m" in line
    assert "!open" not in line  # that one ran out
    assert ("🚔 jail" in line) == bool(busted)

    # jail shows first; while a stream is live the play cooldown does not hold
    await h.pool.execute(
        "UPDATE users SET jailed_until = $2 WHERE user_id = $1",
        uid,
        h.clock.now() + timedelta(minutes=30),
    )
    await h.say("/live Friday")
    h.advance(seconds=5)
    async with read_only(h, 1):
        live = await h.say1("alice: !cds")
    assert live.startswith("⏰ alice: 🚔 jail 29m 53s · 🔫 !rob bob")
    assert "!play" not in live


async def test_leaderboard_defaults_to_daily_wealth(h: Harness) -> None:
    async with read_only(h, 2):
        empty = await h.say1("alice: !lb")
        lifetime_empty = await h.say1("bob: !top lifetime")
    assert empty == "🏆 Daily Wealth Earned: nobody on the board yet. Be the first!"
    assert (
        lifetime_empty == "🏆 Lifetime Wealth (cash held): nobody on the board yet. Be the first!"
    )

    await h.say("alice: !checkin", "bob: !checkin")  # both earn $200 today: a tie
    h.advance(seconds=5)
    async with read_only(h, 2):
        tie = await h.say1("alice: !lb")
        same = await h.say1("bob: !leaderboard daily wealth")
    assert tie == same == "🏆 Daily Wealth Earned: 👑 alice $200 · 👑 bob $200"


async def test_leaderboard_periods_metrics_and_length(h: Harness) -> None:
    today = h.clock.now().date()  # a Monday
    names = ["alice", "bob", "carol", "dave", "erin", "frank"]
    await h.say(*(f"{n}: hi" for n in names))
    for i, n in enumerate(names):
        await board(h, n, today, wealth=1_000 * (i + 1), xp=10 * (i + 1), plays=i)
    h.advance(days=1)  # Tuesday, same week and month
    await board(h, "alice", h.clock.now().date(), wealth=50_000, robs=3, rob_wins=2)
    await h.fund("carol", 7_777)
    await h.fund("bob", 100)
    async with read_only(h, 8):
        daily = await ask(h, "alice: !lb")
        weekly = await ask(h, "alice: !lb weekly")
        monthly_xp = await ask(h, "bob: !lb xp month")
        plays = await ask(h, "carol: !top weekly plays")
        robs = await ask(h, "dave: !lb robs annual")
        richest = await ask(h, "erin: !lb lifetime")
        earned = await ask(h, "frank: !lb lifetime xp")
        crates = await ask(h, "alice [mod]: !top crates")
    assert daily == "🏆 Daily Wealth Earned: 👑 alice $50,000"
    assert weekly == (
        "🏆 Weekly Wealth Earned: 👑 alice $51,000 · 2. frank $6,000 · 3. erin $5,000 · "
        "4. dave $4,000 · 5. carol $3,000"
    )
    assert monthly_xp.startswith("🏆 Monthly XP Earned: 👑 frank 60 XP · 2. erin 50 XP")
    assert plays.startswith("🏆 Weekly Grinders: 👑 frank 5 plays · 2. erin 4 plays")
    assert plays.endswith("5. bob 1 play")  # alice played 0 times: hidden
    assert robs == "🏆 Annual Rob Masters: 👑 alice 2 robs"
    assert richest == "🏆 Lifetime Wealth (cash held): 👑 carol $7,777 · 2. bob $100"
    assert earned.startswith("🏆 Lifetime XP Earned: 👑 frank 60 XP")
    assert crates == "🏆 Daily Crates Opened: nobody on the board yet. Be the first!"
    for line in (daily, weekly, monthly_xp, plays, robs, richest, earned):
        assert len(line) <= 500


async def test_chatters_and_donations_boards_default_to_the_week(h: Harness) -> None:
    await h.say("bob: hello there", "bob: still here", "carol: hey")
    await h.say("/as dave", "/tip 12.50")
    h.advance(days=2)  # Wednesday: the week's boards still count Monday
    async with read_only(h, 4):
        chatters = await ask(h, "alice: !lb chatters")
        today = await ask(h, "alice: !lb daily chatters")
        donations = await ask(h, "bob: !lb donations")
        lifetime = await ask(h, "bob: !lb lifetime donations")
    assert chatters == "🏆 Weekly Top Chatters: 👑 bob 2 msgs · 2. carol 1 msg"
    assert today == "🏆 Daily Top Chatters: nobody on the board yet. Be the first!"
    assert donations == "🏆 Weekly Top Contributors: 👑 dave $12.50"
    assert lifetime == "🏆 Lifetime Top Contributors: 👑 dave $12.50"


async def test_bad_boards_get_the_usage_line(h: Harness) -> None:
    async with read_only(h, 0):  # a usage reply rolls back: not even a processed event
        bad_period = await h.say1("alice: !lb forever")
        bad_metric = await h.say1("bob: !lb daily vibes")
        twice = await h.say1("carol: !lb daily weekly")
        rank = await h.say1("dave: !rank vibes")
    assert bad_period.startswith(
        "ℹ️ Unknown board 'forever'. Periods: daily, weekly, monthly, annual, lifetime;"
    )
    assert "metrics: wealth, xp, plays, robs, chatters, donations" in bad_period
    assert bad_period.endswith("Usage: !lb [daily|weekly|monthly|annual|lifetime] [wealth|xp|plays|robs|chatters|donations|checkins|crates]")
    assert bad_metric.startswith("ℹ️ Unknown board 'vibes'.")
    assert twice.startswith("ℹ️ Unknown board 'weekly'.")
    assert (
        rank.startswith("ℹ️ Unknown board 'vibes'. Metrics: wealth, xp,") and "Usage: !rank" in rank
    )


async def test_rank_shows_every_period(h: Harness) -> None:
    await h.say("alice: !checkin", "bob: !checkin", "carol: hi")
    await h.fund("bob", 1_000)
    h.advance(days=1)
    await h.say("bob: !checkin")
    h.advance(seconds=5)
    async with read_only(h, 4):
        alice = await ask(h, "alice: !rank")
        bob = await ask(h, "bob: !myrank wealth")
        carol = await ask(h, "carol: !rank")
        xp = await ask(h, "bob: !rank weekly xp")
    # bob's second check-in pays day-2 money; alice did not check in today
    bob_today = await h.pool.fetchval(
        "SELECT wealth_earned FROM leaderboard_snapshots l JOIN users u USING (user_id) "
        "WHERE u.console_user_id = 'bob' AND period_type = 'daily' AND period_start = $1",
        h.clock.now().date(),
    )
    bob_wealth = await h.wealth("bob")
    assert alice == (
        "📊 alice's wealth ranks: Daily — | Weekly #2/2 ($200) | Monthly #2/2 ($200) | "
        "Annual #2/2 ($200) | Lifetime #2/2 ($200 held)"
    )
    assert bob.startswith(f"📊 bob's wealth ranks: Daily #1/1 (${bob_today:,}) | Weekly #1/2 (")
    assert bob.endswith(f"Lifetime #1/2 (${bob_wealth:,} held)")
    assert carol == "📊 carol, you're not on the wealth boards yet."
    assert xp.startswith("📊 bob's xp ranks: Daily #1/1 (") and " XP) | Weekly #1/2 (" in xp


async def test_help_lists_commands_by_role(h: Harness) -> None:
    async with read_only(h, 3):
        viewer = await h.say1("alice: !help")
        mod = await h.say1("bob [mod]: !commands")
        boss = await h.say1("carol [broadcaster]: !kphelp")
    assert viewer.startswith("📖 Commands: !play !rob !bail !checkin !profile")
    assert "!lb !rank !help" in viewer and viewer.endswith("!help <command> explains one.")
    assert "!givewealth" not in viewer and "Mods" not in viewer
    # Grouped by who may use them: broadcaster-only commands are never listed under "Mods".
    assert "🛡️ Mods: !jail !release !startsession !endsession · !help" in mod
    assert "!givewealth" not in mod and "Broadcaster" not in mod
    assert (
        "🛡️ Mods: !jail !release !startsession !endsession · 👑 Broadcaster: !givewealth !takewealth "
        "!givexp !givecrate !giveitem !rotatemarket · !help <command> explains one."
    ) in boss
    assert boss.startswith(viewer.removesuffix(" · !help <command> explains one."))
    assert "!kp-admin" not in boss  # Discord-only: not listed on the console
    assert len(boss) <= 500


async def test_help_explains_one_command(h: Harness) -> None:
    async with read_only(h, 10):
        rob = await h.say1("alice: !help rob")
        bal = await h.say1("bob: !help !bal")
        lb = await h.say1("carol: !help TOP")
        hidden = await h.say1("dave: !help givewealth")
        not_mod = await h.say1("erin [mod]: !help addwealth")
        unknown = await h.say1("frank: !help fly")
        weird = await h.say1("gina: !help !!!")
        shown = await h.say1("carol [broadcaster]: !help addwealth")
        jail = await h.say1("erin [mod]: !help jail")
        no_jail = await h.say1("dave: !help jail")
    assert rob == "ℹ️ !rob <user> — Try to rob another player (costs 1 heist token)."
    assert bal == "ℹ️ !balance [user] — How much cash someone holds. Aliases: !bal, !money, !wealth."
    assert lb.startswith("ℹ️ !lb [daily|weekly|monthly|annual|lifetime] [wealth|xp|plays|robs|chatters|donations|checkins|crates] — Leaderboards.")
    assert hidden == "🚫 !givewealth is for the broadcaster."
    assert not_mod == "🚫 !givewealth is for the broadcaster."
    assert shown == (
        "ℹ️ !givewealth <user> <amount> [reason] (broadcaster) — Give cash. Aliases: !addwealth."
    )
    assert jail == "ℹ️ !jail <user> <minutes> [reason] (moderators) — Jail a player."
    assert no_jail == "🚫 !jail is for moderators."
    assert unknown == "❓ No command 'fly'. !help lists them."
    assert weird == "❓ No command '!!'. !help lists them."


async def test_help_topics_list_the_rest(h: Harness) -> None:
    async with read_only(h, 5):
        main = await h.say1("alice: !help")
        casino = await h.say1("bob: !help casino")
        items = await h.say1("carol: !help ITEMS")
        factions = await h.say1("dave: !help factions")
        faction = await h.say1("erin: !help faction")
    assert "More: !help items | !help social | !help factions | !help casino | !help live" in main
    assert "!slots" not in main and "!inventory" not in main
    assert casino.startswith("📖 Casino: !slots !blackjack !flip")
    assert "!inventory" in items and "!open" in items and "!shop" in items
    assert factions.startswith("📖 Factions: !factions !faction !territories")
    assert faction.startswith("ℹ️ !faction")  # a command's own help still wins for its name
    assert max(len(x) for x in (main, casino, items, factions)) <= 500
