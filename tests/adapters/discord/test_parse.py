from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.parse import (
    InvocationFacts,
    RoleConfig,
    chat_message,
    command_text,
    roles_for,
)
from bot.events import Platform, Role

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def facts(**overrides: object) -> InvocationFacts:
    base: dict[str, object] = {
        "interaction_id": "111",
        "user_id": "42",
        "login": "alice",
        "display_name": "Alice",
        "guild_id": "500",
        "channel_id": "600",
        "received_at": NOW,
    }
    base.update(overrides)
    return InvocationFacts(**base)  # type: ignore[arg-type]


def test_guild_invocation_becomes_a_chat_message() -> None:
    msg = chat_message(facts(), prefix="!", command="rob", args=("bob",))
    assert msg.platform is Platform.DISCORD
    assert msg.event_id == "111"
    assert msg.channel == "500"
    assert msg.subchannel == "600"
    assert msg.text == "!rob bob"
    assert msg.received_at == NOW
    assert (msg.sender.user_id, msg.sender.login, msg.sender.display_name) == (
        "42",
        "alice",
        "Alice",
    )
    assert msg.sender.roles == frozenset()


def test_dm_uses_the_dm_channel_and_no_roles() -> None:
    msg = chat_message(
        facts(guild_id=None, channel_id="800", permissions=frozenset({"administrator"})),
        prefix="!",
        command="balance",
    )
    assert msg.channel == "dm"
    assert msg.subchannel == "800"
    assert msg.sender.roles == frozenset()


def test_empty_and_none_args_are_dropped_and_whitespace_flattened() -> None:
    assert command_text("!", "lb", (None, "weekly", "", "  ")) == "!lb weekly"
    assert command_text("?", "equip", ("Golden\n  Gun\t\r",)) == "?equip Golden Gun"
    assert command_text("!", "givewealth", ("bob", 500)) == "!givewealth bob 500"


def test_owner_and_administrator_are_broadcasters() -> None:
    assert Role.BROADCASTER in roles_for(facts(is_owner=True), RoleConfig())
    assert Role.BROADCASTER in roles_for(
        facts(permissions=frozenset({"administrator"})), RoleConfig()
    )


def test_moderation_permissions_or_configured_role_make_a_moderator() -> None:
    for perm in ("manage_guild", "manage_messages", "moderate_members"):
        assert roles_for(facts(permissions=frozenset({perm})), RoleConfig()) == {Role.MODERATOR}
    by_id = facts(role_ids=frozenset({"77"}), role_names=frozenset({"Crew"}))
    assert roles_for(by_id, RoleConfig(moderator_role="77")) == {Role.MODERATOR}
    assert roles_for(by_id, RoleConfig(moderator_role="crew")) == {Role.MODERATOR}
    assert roles_for(by_id, RoleConfig(moderator_role="Mods")) == frozenset()
    assert roles_for(facts(permissions=frozenset({"send_messages"})), RoleConfig()) == frozenset()


def test_boosters_and_subscriber_role_are_subscribers() -> None:
    assert roles_for(facts(premium=True), RoleConfig()) == {Role.SUBSCRIBER}
    member = facts(role_names=frozenset({"Supporters"}))
    assert roles_for(member, RoleConfig(subscriber_role="supporters")) == {Role.SUBSCRIBER}
    assert roles_for(member, RoleConfig()) == frozenset()


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.sampled_from(["!", "?", "kp!"]),
    command=st.sampled_from(["rob", "equip", "kp-admin setchannel"]),
    args=st.lists(st.one_of(st.none(), st.text(), st.integers()), max_size=4),
)
def test_text_is_one_line_starting_with_the_prefix(
    prefix: str, command: str, args: list[object]
) -> None:
    text = command_text(prefix, command, args)
    assert text.startswith(f"{prefix}{command}")
    assert "\n" not in text and "\r" not in text
    assert text == text.strip()
    assert "  " not in text
