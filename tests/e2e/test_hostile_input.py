"""Chat is untrusted: NUL and broken text, inputs that can never succeed, amounts past the cap."""

from __future__ import annotations

from datetime import datetime

from bot.events import ChatMessage, Platform, Role, Sender
from game.rules import Rules
from tests.harness import Harness

CAP = Rules().limits.wealth_cap


def _twitch(text: str, *, user: str = "666", name: str = "evil", event: str = "", at: datetime) -> ChatMessage:
    return ChatMessage(
        platform=Platform.TWITCH, event_id=event or f"ev-{user}-{text[:20]!r}-{at.timestamp()}",
        channel="22222", sender=Sender(user_id=user, login=name, display_name=name), text=text,
        received_at=at,
    )


async def test_nul_in_name_and_message_keeps_chat_counting(h: Harness) -> None:
    now = h.clock.now()
    assert await h.app.pipeline(_twitch("hi\x00 there \ud800", name="ev\x00il", at=now)) == ()
    await h.app.activity.flush()
    assert await h.app.pipeline(_twitch("hello", user="777", name="friend", at=now)) == ()
    await h.app.activity.flush()
    counted = await h.pool.fetch(
        "SELECT display_name AS name, messages_sent FROM users WHERE twitch_user_id IN ('666', '777') ORDER BY 1"
    )
    assert [(r["name"], r["messages_sent"]) for r in counted] == [("evil", 1), ("friend", 1)]
    assert h.app.activity.pending_messages == 0


async def test_nul_in_a_command_is_answered_not_retried(h: Harness) -> None:
    now = h.clock.now()
    replies = await h.app.pipeline(_twitch("!bal\x00ance", name="nul\x00guy", at=now))
    assert len(replies) == 1 and "nulguy" in replies[0].text and "try again" not in replies[0].text


async def test_a_write_past_the_wealth_cap_is_answered_once_and_acknowledged(h: Harness) -> None:
    await h.say("alice: !balance")
    await h.fund("alice", CAP - 10)
    boss = Sender(user_id="1", login="boss", display_name="boss", roles=frozenset({Role.BROADCASTER}))
    event = ChatMessage(
        platform=Platform.TWITCH, event_id="cap-1", channel="22222", sender=boss,
        text="!givewealth alice 11", received_at=h.clock.now(),
    )
    # alice exists on the console; link the name for the Twitch broadcaster's lookup
    replies = await h.app.pipeline(event)
    assert len(replies) == 1, replies
    text = replies[0].text
    assert "wealth cap" in text and f"${CAP:,}" in text and "try again" not in text
    assert await h.wealth("alice") == CAP - 10
    # acknowledged: a redelivery of the same event is a silent duplicate
    assert await h.app.pipeline(event) == ()


async def test_amount_arguments_past_the_cap_are_refused_clearly(h: Harness) -> None:
    await h.say("alice: !balance")
    for command in ("givewealth", "takewealth", "givexp"):
        reply = await h.say1(f"boss [broadcaster]: !{command} alice {CAP + 1}")
        assert f"${CAP:,}" in reply and "wealth cap" in reply, reply
        reply = await h.say1(f"boss [broadcaster]: !{command} alice 99999999999999999999999999")
        assert f"${CAP:,}" in reply, reply
    assert await h.wealth("alice") == 0
    reply = await h.say1(f"boss [broadcaster]: !givewealth alice {CAP}")
    assert "alice" in reply and await h.wealth("alice") == CAP
    reply = await h.say1("boss [broadcaster]: !givewealth alice 1")
    assert "wealth cap" in reply and await h.wealth("alice") == CAP
    reply = await h.say1(f"boss [broadcaster]: !takewealth alice {CAP}")
    assert await h.wealth("alice") == 0, reply


async def test_selling_past_the_cap_is_refused_and_keeps_the_item(h: Harness) -> None:
    await h.say("alice: !balance", "boss [broadcaster]: !giveitem alice Brass Knuckles")
    await h.fund("alice", CAP)
    items_before = await h.pool.fetchval(
        "SELECT count(*) FROM user_inventory WHERE user_id = $1", await h.user_id("alice")
    )
    reply = await h.say1("alice: !sell brass knuckles")
    assert "wealth cap" in reply, reply
    assert await h.wealth("alice") == CAP
    assert await h.pool.fetchval(
        "SELECT count(*) FROM user_inventory WHERE user_id = $1", await h.user_id("alice")
    ) == items_before


async def test_buy_and_sell_by_huge_numbers_are_answered(h: Harness) -> None:
    await h.say("alice: !balance")
    await h.fund("alice", CAP)
    for line in ("alice: !buy 99999999999999999999999", "alice: !sell 99999999999999999999999",
                 "alice: !equip #99999999999999999999", "alice: !buy -1", "alice: !open 1e99"):
        replies = await h.say(line)
        assert replies and all("try again" not in r and "not processed" not in r for r in replies), (line, replies)
    assert await h.wealth("alice") == CAP


async def test_bail_at_the_cap_still_pays(h: Harness) -> None:
    """Bail only debits: a wallet at the cap can always pay it."""
    await h.say("alice: !balance", "boss [broadcaster]: !jail alice 30")
    await h.fund("alice", CAP)
    reply = await h.say1("alice: !bail")
    assert "wealth cap" not in reply and "try again" not in reply, reply
    assert await h.wealth("alice") < CAP
