"""One test per live requirement type: a real action reaches an achievement of that type, and it
pays once. Each starts the achievement one step short (``prime``) so a single real action — a play,
a rob, a check-in, a chat line — must be what completes it through the effects hook."""

from __future__ import annotations

from datetime import timedelta

from bot.goals import record
from bot.repository.progression import AchievementUnlocked
from game.counters import Counter
from tests.e2e.goals_driver import BC, MOD, achieved, make_victims, play_once, prime, rob_once
from tests.e2e.test_items import grant
from tests.harness import Harness


async def unlocked(h: Harness, name: str, achievement: str) -> int:
    """How many times the player was told they unlocked ``achievement`` (once per completion)."""
    return int(await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND notification_type = 'achievement'"
        " AND message LIKE $2 || ' (%'",
        await h.user_id(name), achievement,
    ))


async def _rewards(h: Harness, name: str) -> list[int]:
    return [r["amount"] for r in await h.pool.fetch(
        "SELECT amount FROM wealth_ledger WHERE user_id = $1 AND reason = 'achievement' ORDER BY ledger_id",
        await h.user_id(name),
    )]


async def test_achievement_play_count(h: Harness) -> None:
    await h.say("alice: hi")
    await prime(h, "alice", "activity_getting_active", 49)
    await play_once(h, "alice")
    assert await achieved(h, "alice", "activity_getting_active")
    assert 500 in await _rewards(h, "alice")
    await play_once(h, "alice")
    assert await unlocked(h, "alice", "Getting Active") == 1


async def test_achievement_total_wealth_earned(h: Harness) -> None:
    await h.say("alice: hi")
    await prime(h, "alice", "wealth_first_score", 999)
    await h.say("alice: !checkin")  # +$200 earned
    assert await achieved(h, "alice", "wealth_first_score")
    assert await _rewards(h, "alice") == [500]
    assert await h.wealth("alice") == 200 + 500


async def test_achievement_rob_wins(h: Harness) -> None:
    await h.say("alice: hi")
    await prime(h, "alice", "crime_petty_theft", 4)
    marks = await make_victims(h, 15)
    for mark in marks:
        reply = await rob_once(h, "alice", mark)
        if "robbed" in reply and "failed" not in reply:
            break
    assert await achieved(h, "alice", "crime_petty_theft")
    assert 500 in await _rewards(h, "alice") and await unlocked(h, "alice", "Petty Theft") == 1


async def test_achievement_rob_defenses(h: Harness) -> None:
    await h.say("bob: hi")
    await h.fund("bob", 10_000)
    await prime(h, "bob", "crime_iron_defense", 49)
    robbers = [f"thief{i}" for i in range(15)]
    for thief in robbers:
        await h.say(f"{thief}: hi")
        reply = await rob_once(h, thief, "bob")
        if "failed" in reply:
            break
    assert await achieved(h, "bob", "crime_iron_defense")
    assert 10_000 in await _rewards(h, "bob") and await unlocked(h, "bob", "Iron Defense") == 1


async def test_achievement_rob_win_streak(h: Harness) -> None:
    await h.say("alice: hi")
    marks = await make_victims(h, 15)
    uid = await h.user_id("alice")
    for mark in marks:
        await h.pool.execute("UPDATE users SET rob_win_streak = 9 WHERE user_id = $1", uid)
        reply = await rob_once(h, "alice", mark)
        if "failed" in reply:
            assert await h.pool.fetchval("SELECT rob_win_streak FROM users WHERE user_id = $1", uid) == 0
            continue
        break
    assert await achieved(h, "alice", "crime_hot_streak")
    assert await h.pool.fetchval("SELECT rob_win_streak FROM users WHERE user_id = $1", uid) == 10


async def test_achievement_checkin_streak(h: Harness) -> None:
    await h.say("alice: hi")
    yesterday = h.clock.now().date() - timedelta(days=1)
    await h.pool.execute(
        "UPDATE users SET checkin_streak = 6, longest_streak = 6, last_checkin_date = $2 WHERE user_id = $1",
        await h.user_id("alice"), yesterday,
    )
    reply = await h.say1("alice: !checkin")
    assert "day 7 streak" in reply
    assert await achieved(h, "alice", "dedication_showing_up")
    assert 1_000 in await _rewards(h, "alice")


async def test_achievement_level(h: Harness) -> None:
    await h.say("alice: hi")
    await h.say(f"{BC}: !givexp alice 500")
    assert await h.pool.fetchval("SELECT level FROM users WHERE console_user_id = 'alice'") >= 5
    assert await achieved(h, "alice", "experience_rookie")
    assert await _rewards(h, "alice") == [500]


async def test_achievement_business_collections(h: Harness) -> None:
    await h.say("alice: hi")
    await grant(h, "alice", "Food Cart", equipped=True)
    h.advance(seconds=5)
    assert "collected" in await h.say1("alice: !collect")
    assert await achieved(h, "alice", "activity_open_for_business")


async def test_achievement_messages_sent(h: Harness) -> None:
    await h.say("alice: hi")  # 1 message
    await prime(h, "alice", "social_chatty", 99)
    await h.say("alice: gg everyone")
    assert await achieved(h, "alice", "social_chatty")
    assert await _rewards(h, "alice") == [500]
    await h.say("alice: !checkin")  # commands are not chat (DECISION 19)
    assert await h.pool.fetchval("SELECT messages_sent FROM users WHERE console_user_id = 'alice'") == 2


async def test_achievement_bust_count_and_bail_count(h: Harness) -> None:
    await h.say("alice: hi")
    await h.fund("alice", 2_000)
    for _ in range(300):
        h.advance(minutes=6)
        if "busted" in " ".join(await h.say("alice: !play")):
            break
    assert await achieved(h, "alice", "special_first_offense")
    h.advance(seconds=2)
    assert "bail" in (await h.say1("alice: !bail")).lower()
    assert await achieved(h, "alice", "special_posted_bail")


async def test_achievement_legendary_crate_item(h: Harness) -> None:
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    for _ in range(60):
        await h.pool.execute("DELETE FROM user_inventory WHERE user_id = $1", uid)  # room for the drop
        h.advance(seconds=2)
        await h.say(f"{BC}: !givecrate alice legendary")
        h.advance(seconds=31)
        await h.say("alice: !open legendary")
        if await achieved(h, "alice", "collection_jackpot"):
            break
    legendary = await h.pool.fetchval(
        "SELECT count(*) FROM crate_opens c JOIN items i USING (item_id) WHERE c.user_id = $1 AND i.tier = 'legendary'",
        uid,
    )
    assert legendary == 1 and await achieved(h, "alice", "collection_jackpot")


async def test_achievement_unique_items_owned(h: Harness) -> None:
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    items = h.app.pipeline.game.catalogue.items
    await h.pool.execute(
        "INSERT INTO user_item_discoveries (user_id, item_id) SELECT $1, item_id FROM items WHERE item_key = ANY($2)",
        uid, [i.key for i in items[:9]],
    )
    await h.say(f"{BC}: !giveitem alice {items[9].name}")
    assert await h.pool.fetchval("SELECT count(*) FROM user_item_discoveries WHERE user_id = $1", uid) == 10
    assert await achieved(h, "alice", "collection_collector")
    # selling and getting the same item again adds nothing
    h.advance(seconds=2)
    await h.say(f"{BC}: !giveitem alice {items[9].name}")
    assert await h.pool.fetchval("SELECT count(*) FROM user_item_discoveries WHERE user_id = $1", uid) == 10


async def test_achievement_early_adopter(h: Harness) -> None:
    await h.say("alice: hi")
    before = await h.say1("bob: !achievements")
    assert "Early Adopter" not in before.split("|")[0]
    reply = await h.say1("alice: !achievements")
    assert "unlocked Early Adopter" in reply and "[OG]" in reply
    assert await achieved(h, "alice", "secret_early_adopter")
    h.advance(seconds=5)
    again = await h.say1("alice: !achievements")
    assert "unlocked Early Adopter" not in again
    assert 50_000 in await _rewards(h, "alice") and await unlocked(h, "alice", "Early Adopter") == 1


async def test_every_system_feeds_its_achievements_and_the_producer_api_pays(h: Harness) -> None:
    await h.say("alice: hi")
    shown = await h.say1("alice: !ach")
    assert "some arrive with" not in shown  # the crown, the casino and factions all feed theirs
    # the producer API a new system uses (here from "a job"): one call per event
    async with h.pool.acquire() as conn, conn.transaction():
        game = h.app.pipeline.game
        moments = await record(conn, await h.user_id("alice"), Counter.GAMBLING_WINS, 10,
                               rules=game.rules, catalogue=game.catalogue, now=h.clock.now())
    assert [m.key for m in moments if isinstance(m, AchievementUnlocked)] == ["special_beginners_luck"]
    assert await achieved(h, "alice", "special_beginners_luck")


async def test_gold_is_announced_in_chat_and_platinum_goes_to_the_feed(h: Harness) -> None:
    await h.say("alice: hi")
    await prime(h, "alice", "wealth_millionaire", 999_900)  # gold, +100 bonds
    await prime(h, "alice", "wealth_made_it", 9_999_900)  # platinum, title Tycoon
    reply = await h.say1("alice: !checkin")
    assert "🥇 alice unlocked Millionaire (Gold)" in reply
    assert "💎 alice unlocked Made It (Platinum)" in reply and "[Tycoon]" in reply
    assert await h.pool.fetchval("SELECT bonds FROM users WHERE console_user_id = 'alice'") == 350
    feed = await h.pool.fetch("SELECT payload FROM outbox WHERE kind = 'feed' ORDER BY outbox_id")
    texts = [str(r["payload"]) for r in feed]
    assert any("Made It" in t for t in texts) and not any("Millionaire" in t for t in texts)
    titles = await h.say1("alice: !titles")
    assert "Tycoon" in titles


async def test_titles_wear_show_and_clear(h: Harness) -> None:
    await h.say("alice: hi")
    uid = await h.user_id("alice")
    await h.pool.execute("INSERT INTO user_titles (user_id, title, source) VALUES ($1, 'The Boss', 'crate')", uid)
    assert "wearing none" in (await h.say1("alice: !titles")).lower()
    h.advance(seconds=4)
    assert "now wears [The Boss]" in await h.say1("alice: !title the boss")
    await h.say("alice: !checkin")
    h.advance(seconds=4)
    assert (await h.say1("alice: !profile")).startswith("👤 [The Boss] alice")
    assert "[The Boss] alice" in await h.say1("alice: !lb weekly")
    h.advance(seconds=4)
    assert "don't own" in await h.say1("alice: !title Kingpin")
    h.advance(seconds=4)
    assert "took off [The Boss]" in await h.say1("alice: !title none")
    h.advance(seconds=4)
    assert (await h.say1("alice: !profile")).startswith("👤 alice")


async def test_hall_of_fame_records_change_hands_with_an_announcement(h: Harness) -> None:
    await h.say("alice: !checkin")
    h.advance(seconds=4)
    assert "Longest check-in streak: 1 day by alice" in await h.say1("bob: !hof")
    uid = await h.user_id("bob")
    yesterday = h.clock.now().date() - timedelta(days=1)
    await h.pool.execute(
        "UPDATE users SET checkin_streak = 4, longest_streak = 4, last_checkin_date = $2 WHERE user_id = $1",
        uid, yesterday,
    )
    reply = await h.say1("bob: !checkin")
    assert "NEW RECORD — Longest check-in streak: bob 5 days (was 1 day by alice)" in reply
    h.advance(seconds=4)
    one = await h.say1("alice: !hof streak")
    assert "bob" in one and "before: alice 1 day" in one
    feed = [str(r["payload"]) for r in await h.pool.fetch("SELECT payload FROM outbox WHERE kind = 'feed'")]
    assert any("Longest check-in streak" in t for t in feed)


async def test_notifications_hint_once_per_window_and_inbox_marks_seen(h: Harness) -> None:
    await h.say("alice: hi")
    await h.say(f"{BC}: !givexp alice 500")  # level-ups + Rookie: notifications for alice
    first = await h.say1("alice: !balance")
    assert "unseen notification" in first
    h.advance(minutes=5)
    assert "unseen notification" not in await h.say1("alice: !balance")
    h.advance(minutes=6)
    assert "unseen notification" in await h.say1("alice: !balance")
    h.advance(seconds=4)
    inbox = await h.say1("alice: !inbox")
    assert "Achievement unlocked! Rookie (Bronze)" in inbox and "Level up!" in inbox
    h.advance(minutes=11)
    assert "unseen notification" not in await h.say1("alice: !balance")
    h.advance(seconds=4)
    assert "no new notifications" in await h.say1("alice: !notifs")


async def test_notifications_hint_window_holds_on_commands_that_lock_the_player(h: Harness) -> None:
    # !play locks the player and may skip the hint statement from its locked row: same window
    await h.say("alice: hi")
    await h.say(f"{BC}: !givexp alice 500")
    assert "unseen notification" in await h.say1("alice: !balance")
    h.advance(minutes=5, seconds=10)
    assert "unseen notification" not in await h.say1("alice: !play")
    h.advance(minutes=5, seconds=10)
    assert "unseen notification" in await h.say1("alice: !play")
    h.advance(minutes=5, seconds=10)
    assert "unseen notification" not in await h.say1("alice: !play")


async def test_notifications_hint_counts_a_notice_written_by_the_command_itself(h: Harness) -> None:
    # !missions expires the old sets after locking the player (writing "Missions expired!"),
    # then assigns new ones through the resolution path: the reply must still tell of the notices
    await h.say("alice: hi")
    h.advance(seconds=4)
    assert "unseen notification" not in await h.say1("alice: !missions")
    h.advance(days=8)
    reply = await h.say1("alice: !missions")
    assert "unseen notification" in reply
    expired = await h.pool.fetchval(
        "SELECT count(*) FROM user_notifications WHERE user_id = $1 AND notification_type = 'mission_expired'",
        await h.user_id("alice"),
    )
    assert expired == 2


async def test_hidden_achievements_show_as_question_marks(h: Harness) -> None:
    await h.say("alice: hi")
    reply = await h.say1("alice: !achievements")
    assert "Jailbird" not in reply and "First Offense" not in reply and "???" in reply
    assert "0/62" in reply or "/62 achievements" in reply
    other = await h.say1(f"{MOD}: !achievements alice")
    assert other.startswith("🏅 alice:")


async def test_achievement_session_and_lifetime_contribution(h: Harness) -> None:
    await h.say("/live Friday")
    await h.say("/as dave", "/tip 100.00")  # $100 in this session (cents)
    assert await achieved(h, "dave", "juicernaut_big_spender")
    assert not await achieved(h, "dave", "juicernaut_whale")
    await prime(h, "dave", "juicernaut_big_contributor", 95_000)
    h.advance(seconds=2)
    await h.say("/tip 50.00")
    assert await achieved(h, "dave", "juicernaut_big_contributor")  # $1,000 lifetime
    assert await unlocked(h, "dave", "Big Spender") == 1
    top = await h.say1("dave: !hof donation")
    assert "Biggest single donation: $100.00 by dave" in top


async def test_goals_completed_by_chat_are_announced_through_the_outbox(h: Harness) -> None:
    await h.say("alice: hi")
    await prime(h, "alice", "social_community_pillar", 9_999)  # gold: a chat line
    assert await h.say("alice: one more message") == []  # plain chat gets no reply
    assert await achieved(h, "alice", "social_community_pillar")
    rows = await h.pool.fetch("SELECT payload FROM outbox WHERE kind = 'announce'")
    assert [r["payload"]["text"] for r in rows] == [
        "🥇 alice unlocked Community Pillar (Gold): +$10,000, +1,000 XP."
    ]
    await h.say("alice: and another")
    assert await h.pool.fetchval("SELECT count(*) FROM outbox WHERE kind = 'announce'") == 1


async def test_linking_keeps_achievements_of_both_characters(h: Harness) -> None:
    from tests.e2e.test_link import _code, _twitch

    await h.say("alice: hi")
    await _twitch(h, "!checkin")  # bob on Twitch
    bob = await h.pool.fetchval("SELECT user_id FROM users WHERE twitch_user_id = 'tw-bob'")
    await h.pool.execute(
        "INSERT INTO user_achievements (user_id, achievement_id, current_progress, is_completed, completed_at)"
        " SELECT $1, achievement_id, 5, true, now() FROM achievements WHERE achievement_key = 'crime_petty_theft'",
        bob,
    )
    await prime(h, "alice", "activity_getting_active", 10)
    await h.pool.execute(
        "INSERT INTO user_achievements (user_id, achievement_id, current_progress)"
        " SELECT $1, achievement_id, 30 FROM achievements WHERE achievement_key = 'activity_getting_active'",
        bob,
    )
    code = await _code(h, "alice: !link")
    assert "Linked!" in await _twitch(h, f"!link {code.lower()}")
    assert await achieved(h, "alice", "crime_petty_theft")
    progress = await h.pool.fetchval(
        "SELECT current_progress FROM user_achievements JOIN achievements USING (achievement_id)"
        " WHERE user_id = $1 AND achievement_key = 'activity_getting_active'", await h.user_id("alice"),
    )
    assert progress == 30
