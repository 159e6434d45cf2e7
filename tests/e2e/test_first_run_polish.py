"""What a new user met first: wording, console identity, sell by a stable reference, hints."""

from __future__ import annotations

from bot.answers.info import Metric
from bot.format import article
from bot.handlers import COMMANDS
from bot.periods import Period
from tests.harness import Harness


async def test_as_and_mod_say_who_you_are_now(h: Harness) -> None:
    out = h._out  # the console's transcript, notices included
    await h.chat.handle_line("/as bob")
    await h.chat.handle_line("/mod")
    await h.chat.handle_line("/broadcaster")
    await h.chat.handle_line("/as carol")
    lines = out.getvalue().splitlines()[-4:]
    assert lines == [
        "[console] you are now bob (viewer, no roles)",
        "[console] you are now bob (moderator)",
        "[console] you are now bob (broadcaster, moderator)",
        "[console] you are now carol (viewer, no roles)",
    ]


def test_articles() -> None:
    assert [f"{article(w)} {w}" for w in ("Uncommon", "Rare", "Legendary", "Common", "uncommon")] == [
        "an Uncommon", "a Rare", "a Legendary", "a Common", "an uncommon",
    ]


def test_lb_usage_lists_every_period_and_metric() -> None:
    usage = COMMANDS["lb"].usage
    for word in [p.value for p in Period] + [m.value for m in Metric]:
        assert word in usage, word


async def test_a_loss_at_zero_wallet_never_says_plus_zero(h: Harness) -> None:
    """Play until a negative event lands on an empty wallet; it must not render "+$0"."""
    seen_loss = False
    for _ in range(120):
        replies = await h.say("pauper: !play")
        h.advance(minutes=30)
        text = " ".join(replies)
        assert "+$0 " not in text and not text.endswith("+$0"), text
        if "Nothing to lose" in text:
            seen_loss = True
            break
        wealth = await h.wealth("pauper")
        if wealth:
            await h.fund("pauper", -wealth)
    assert seen_loss


def test_failed_rob_says_what_the_chance_is_of() -> None:
    from datetime import UTC, datetime

    from bot.answers.core import RobAnswer
    from bot.render import View, render
    from game.effects import Resolved
    from game.rob import RobResult

    answer = RobAnswer("robber", "victim", Resolved(RobResult(success=False, chance=0.61, xp=5), ()))
    text = render(answer, View(now=datetime(2026, 1, 1, tzinfo=UTC), prefix="!"))
    assert "(61% chance to succeed)" in text, text


async def test_sell_by_number_is_stable_and_names_the_item(h: Harness) -> None:
    await h.say(
        "alice: !balance",
        "boss [broadcaster]: !giveitem alice Brass Knuckles",
        "boss [broadcaster]: !giveitem alice Brass Knuckles",
    )
    listing = await h.say1("alice: !inventory")
    assert "Brass Knuckles" in listing, listing
    h.advance(seconds=5)
    first = await h.say1("alice: !sell 1")
    assert "sold" in first and "Brass Knuckles" in first, first
    h.advance(seconds=5)
    again = await h.say1("alice: !sell 1")  # #1 of the last !inventory is gone: nothing else sold
    assert "#1" in again and "gone" in again, again
    uid = await h.user_id("alice")
    assert await h.pool.fetchval("SELECT count(*) FROM user_inventory WHERE user_id = $1", uid) == 1
    h.advance(seconds=5)
    second = await h.say1("alice: !sell 2")
    assert "Brass Knuckles" in second and "sold" in second, second
    assert await h.pool.fetchval("SELECT count(*) FROM user_inventory WHERE user_id = $1", uid) == 0


async def test_buy_with_a_wrong_name_points_at_both_lists(h: Harness) -> None:
    reply = await h.say1("alice: !buy definitely not an item")
    assert "!shop" in reply and "!market" in reply, reply
