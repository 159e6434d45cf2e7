from __future__ import annotations

import asyncio
from types import SimpleNamespace

import discord
import pytest
from discord import app_commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.discord.cog import NOT_ALLOWED, NOTHING_TO_SHOW, SERVER_ONLY, TRY_AGAIN
from adapters.discord.parse import RoleConfig
from bot.events import ChatMessage, Platform, Reply, Role
from tests.adapters.discord.harness import Mounted, RecordingSink, mount
from tests.fakes.discord_interaction import (
    FakeMember,
    FakeRole,
    dm_interaction,
    guild_interaction,
)

OWNER = FakeMember(id=9999, name="owner", display_name="Owner")
ADMIN = discord.Permissions(administrator=True)


def choice(value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=value, value=value)


# (qualified command, options, expected chat text)
CASES: list[tuple[str, dict[str, object], str]] = [
    ("play", {}, "!play"),
    ("rob", {"target": "@bob"}, "!rob @bob"),
    ("bail", {}, "!bail"),
    ("checkin", {}, "!checkin"),
    ("give", {"target": "bob", "amount": 2500}, "!give bob 2500"),
    ("factions", {}, "!factions"),
    ("faction show", {}, "!faction"),
    ("faction join", {"name": "volkov"}, "!faction join volkov"),
    ("faction leave", {}, "!faction leave"),
    ("faction territory", {"territory": "Neon Mile"}, "!faction territory Neon Mile"),
    ("territories", {}, "!territories"),
    ("private", {"mode": choice("off")}, "!private off"),
    ("profile", {}, "!profile"),
    ("profile", {"player": "bob"}, "!profile bob"),
    ("balance", {"player": "bob"}, "!balance bob"),
    ("level", {}, "!level"),
    ("tokens", {}, "!tokens"),
    ("inventory", {}, "!inventory"),
    ("equip", {"item": "Golden Gun"}, "!equip Golden Gun"),
    ("unequip", {"slot": choice("armor")}, "!unequip armor"),
    ("sell", {"item": "3"}, "!sell 3"),
    ("crates", {}, "!crates"),
    ("claim", {"which": "all"}, "!claim all"),
    ("open", {}, "!open"),
    ("open", {"tier": choice("legendary")}, "!open legendary"),
    ("shop", {}, "!shop"),
    ("buy", {"item": "Brass Knuckles"}, "!buy Brass Knuckles"),
    ("reroll", {}, "!reroll"),
    ("market", {}, "!market"),
    ("collect", {}, "!collect"),
    ("insurance", {}, "!insurance"),
    ("insurance", {"policy": choice("premium")}, "!insurance premium"),
    ("cooldowns", {}, "!cooldowns"),
    ("lb", {}, "!lb"),
    ("lb", {"period": choice("weekly"), "metric": choice("xp")}, "!lb weekly xp"),
    ("lb", {"metric": choice("robs")}, "!lb robs"),
    ("rank", {"metric": choice("wealth")}, "!rank wealth"),
    ("help", {}, "!help"),
    ("help", {"command": "rob"}, "!help rob"),
    ("kingpin link", {}, "!link"),
    ("kingpin join", {"code": "K7Q2ZP"}, "!link K7Q2ZP"),
    ("juice", {}, "!juice"),
    ("juicehall", {}, "!juicehall"),
    ("heiststats", {"player": "bob"}, "!heiststats bob"),
    ("startsession", {"title": "Friday heists"}, "!startsession Friday heists"),
    ("endsession", {}, "!endsession"),
    ("jail", {"player": "bob"}, "!jail bob"),
    ("jail", {"player": "bob", "minutes": 30}, "!jail bob 30"),
    ("release", {"player": "bob"}, "!release bob"),
    ("givewealth", {"player": "bob", "amount": 5000}, "!givewealth bob 5000"),
    ("takewealth", {"player": "bob", "amount": 10}, "!takewealth bob 10"),
    ("givexp", {"player": "bob", "amount": 250}, "!givexp bob 250"),
    ("givecrate", {"player": "bob", "tier": choice("rare")}, "!givecrate bob rare"),
    ("giveitem", {"player": "bob", "item": "Tommy Gun"}, "!giveitem bob Tommy Gun"),
    ("rotatemarket", {}, "!rotatemarket"),
    ("kingpin-admin setchannel", {"kind": choice("feed")}, "!kp-admin setchannel feed"),
    (
        "kingpin-admin setchannel",
        {"kind": choice("commands"), "channel": SimpleNamespace(id=123)},
        "!kp-admin setchannel commands 123",
    ),
    ("kingpin-admin addchannel", {}, "!kp-admin addchannel activity"),
    (
        "kingpin-admin removechannel",
        {"channel": SimpleNamespace(id=9)},
        "!kp-admin removechannel activity 9",
    ),
    ("kingpin-admin listchannels", {}, "!kp-admin listchannels"),
    ("slots", {"amount": 500}, "!slots 500"),
    ("jackpot", {}, "!jackpot"),
    ("blackjack", {"amount": 200}, "!blackjack 200"),
    ("hit", {}, "!hit"),
    ("stand", {}, "!stand"),
    ("double", {}, "!double"),
    ("flip", {"amount": 500, "side": choice("heads")}, "!flip 500 heads"),
    ("accept", {"challenge": 7}, "!accept 7"),
    ("flips", {}, "!flips"),
    ("cancelflip", {}, "!cancelflip"),
    ("lottery", {"n1": 3, "n2": 7, "n3": 12}, "!lottery 3 7 12"),
    ("lotto", {}, "!lotto"),
    ("verify", {"what": choice("lottery"), "draw": 4}, "!verify lottery 4"),
    ("gamblestats", {}, "!gamblestats"),
    ("gamblers", {"order": choice("wagered")}, "!gamblers wagered"),
    ("odds", {"game": choice("slots")}, "!odds slots"),
    ("limit", {"amount": "5000"}, "!limit 5000"),
    ("supplies", {}, "!supplies"),
    ("buysupply", {"item": "xp_25"}, "!buysupply xp_25"),
    ("myitems", {}, "!myitems"),
    ("buffs", {}, "!buffs"),
    ("buytoken", {}, "!buytoken"),
    ("tokenboost", {}, "!tokenboost"),
    ("race", {}, "!race"),
    ("race", {"details": "start daily wagered 5000"}, "!race start daily wagered 5000"),
]

MODERATOR_ONLY = {"startsession", "endsession", "jail", "release"}
OWNER_ONLY = {"givewealth", "takewealth", "givexp", "givecrate", "giveitem", "rotatemarket"}
# Results worth seeing (and moderator actions, for transparency) are public; the rest private.
PUBLIC = (
    {
        "juice",
        "juicehall",
        "heiststats",
        "play",
        "rob",
        "bail",
        "checkin",
        "give",
        "factions",
        "faction show",
        "faction join",
        "faction leave",
        "faction territory",
        "territories",
        "profile",
        "balance",
        "level",
        "open",
        "market",
        "collect",
        "lb",
        "rank",
        "slots", "jackpot", "blackjack", "hit", "stand", "double", "flip", "accept", "flips",
        "cancelflip", "lottery", "lotto", "verify", "gamblers", "race",
    }
    | MODERATOR_ONLY
    | OWNER_ONLY
)


def test_cases_cover_every_registered_command(mounted: Mounted) -> None:
    registered = set()
    for cmd in mounted.bot.tree.get_commands():
        if isinstance(cmd, app_commands.Group):
            registered |= {f"{cmd.name} {sub.name}" for sub in cmd.commands}
        else:
            registered.add(cmd.name)
    assert registered == set(mounted.cog.shapes) == {case[0] for case in CASES}


@pytest.mark.parametrize(
    ("command", "options", "text"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES]
)
async def test_each_command_sends_its_chat_line_and_answers_with_the_right_visibility(
    mounted: Mounted, command: str, options: dict[str, object], text: str
) -> None:
    interaction = guild_interaction(id=31337, user=OWNER, permissions=ADMIN, owner_id=OWNER.id)
    await mounted.invoke(command, interaction, **options)

    [event] = mounted.sink.events
    assert event.text == text
    assert (event.event_id, event.channel, event.subchannel) == ("31337", "500", "600")
    assert event.sender.user_id == "9999"
    assert Role.BROADCASTER in event.sender.roles
    [sent] = interaction.sent
    assert sent.via == "response"
    assert sent.text == f"ok {text}"
    assert sent.ephemeral is (command not in PUBLIC)
    assert sent.allowed_mentions is not None and sent.allowed_mentions.everyone is False


async def test_private_reply_on_a_public_command_is_ephemeral() -> None:
    def answer(event: ChatMessage) -> list[Reply]:
        return [
            Reply(
                platform=Platform.DISCORD,
                channel=event.channel,
                text="🚔 You're in jail",
                private=True,
            ),
            Reply(
                platform=Platform.DISCORD, channel=event.channel, text="Alice robbed Bob for $50"
            ),
        ]

    mounted = await mount(RecordingSink(answer=answer))
    interaction = guild_interaction()
    await mounted.invoke("rob", interaction, target="bob")
    assert [(s.via, s.ephemeral, s.text) for s in interaction.sent] == [
        ("response", True, "🚔 You're in jail"),
        ("followup", False, "Alice robbed Bob for $50"),
    ]


@pytest.mark.parametrize("command", sorted(MODERATOR_ONLY))
async def test_viewer_is_refused_moderator_commands_without_reaching_the_game(command: str) -> None:
    mounted = await mount()
    options = {"player": "bob"} if command in {"jail", "release"} else {}
    interaction = guild_interaction(permissions=discord.Permissions(send_messages=True))
    await mounted.invoke(command, interaction, **options)
    assert mounted.sink.events == []
    [sent] = interaction.sent
    assert (sent.ephemeral, sent.content) == (True, NOT_ALLOWED["moderator"])


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("givewealth", {"player": "bob", "amount": 5}),
        ("givecrate", {"player": "bob", "tier": choice("common")}),
        ("rotatemarket", {}),
        ("kingpin-admin listchannels", {}),
    ],
)
async def test_moderator_is_refused_owner_commands(
    command: str, options: dict[str, object]
) -> None:
    mounted = await mount()
    interaction = guild_interaction(permissions=discord.Permissions(manage_messages=True))
    await mounted.invoke(command, interaction, **options)
    assert mounted.sink.events == []
    assert [(s.ephemeral, s.content) for s in interaction.sent] == [(True, NOT_ALLOWED["broadcaster"])]


async def test_configured_moderator_role_may_jail() -> None:
    mounted = await mount(roles=RoleConfig(moderator_role="Kingpin Mods"))
    member = FakeMember(roles=[FakeRole(5, "Kingpin Mods")])
    interaction = guild_interaction(user=member)
    await mounted.invoke("jail", interaction, player="bob", minutes=5)
    [event] = mounted.sink.events
    assert event.text == "!jail bob 5"
    assert event.sender.roles == {Role.MODERATOR}


async def test_boosters_arrive_as_subscribers(mounted: Mounted) -> None:
    booster = FakeMember(premium_since=discord.utils.utcnow())
    await mounted.invoke("play", guild_interaction(user=booster))
    assert mounted.sink.events[0].sender.roles == {Role.SUBSCRIBER}


@pytest.mark.parametrize(
    "command", ["jail", "givewealth", "kingpin-admin listchannels", "startsession"]
)
async def test_server_commands_are_refused_in_dms(mounted: Mounted, command: str) -> None:
    options: dict[str, object] = {
        "jail": {"player": "bob"},
        "givewealth": {"player": "bob", "amount": 1},
    }.get(command, {})
    interaction = dm_interaction()
    await mounted.invoke(command, interaction, **options)
    assert mounted.sink.events == []
    assert [(s.ephemeral, s.content) for s in interaction.sent] == [(True, SERVER_ONLY)]


async def test_player_commands_work_in_dms(mounted: Mounted) -> None:
    interaction = dm_interaction()
    await mounted.invoke("inventory", interaction)
    [event] = mounted.sink.events
    assert (event.channel, event.subchannel, event.sender.roles) == ("dm", "800", frozenset())
    assert interaction.sent[0].ephemeral is True


async def test_slow_pipeline_is_deferred_then_answered_by_followup() -> None:
    gate = asyncio.Event()
    mounted = await mount(RecordingSink(gate=gate), respond_within=0.01)
    interaction = guild_interaction()
    task = asyncio.create_task(mounted.invoke("open", interaction))
    await interaction.response.answered.wait()
    assert (interaction.response.kind, interaction.response.deferred_ephemeral) == ("defer", False)
    assert interaction.sent == []
    gate.set()
    await task
    [sent] = interaction.sent
    assert (sent.via, sent.ephemeral, sent.text) == ("followup", False, "ok !open")
    assert interaction.deleted_original == 0


async def test_slow_private_answer_after_public_defer_removes_the_public_placeholder() -> None:
    gate = asyncio.Event()
    gate.set()

    def answer(event: ChatMessage) -> list[Reply]:
        return [
            Reply(
                platform=Platform.DISCORD, channel=event.channel, text="⏰ 20s left", private=True
            )
        ]

    mounted = await mount(RecordingSink(answer=answer, gate=gate), respond_within=0.0001)
    gate.clear()
    interaction = guild_interaction()
    task = asyncio.create_task(mounted.invoke("rob", interaction, target="bob"))
    await interaction.response.answered.wait()
    gate.set()
    await task
    assert interaction.deleted_original == 1
    assert [(s.via, s.ephemeral) for s in interaction.sent] == [("followup", True)]


async def test_infrastructure_failure_answers_try_again_privately() -> None:
    mounted = await mount(RecordingSink(fail=ConnectionError("database down")))
    interaction = guild_interaction()
    await mounted.invoke("play", interaction)
    assert [(s.ephemeral, s.content) for s in interaction.sent] == [(True, TRY_AGAIN)]


async def test_no_reply_still_answers_the_interaction() -> None:
    mounted = await mount(RecordingSink(answer=lambda event: []))
    interaction = guild_interaction()
    await mounted.invoke("checkin", interaction)
    assert [(s.ephemeral, s.content) for s in interaction.sent] == [(True, NOTHING_TO_SHOW)]


async def test_long_reply_is_split_across_embeds_within_limits() -> None:
    long = "\n".join(f"{i}. Player{i} — $1,000,000" for i in range(600))
    mounted = await mount(
        RecordingSink(
            answer=lambda e: [Reply(platform=Platform.DISCORD, channel=e.channel, text=long)]
        )
    )
    interaction = guild_interaction()
    await mounted.invoke("lb", interaction)
    assert len(interaction.sent) >= 2
    for sent in interaction.sent:
        assert sent.content is None
        assert sum(len(e) for e in sent.embeds) <= 6000
    assert "\n".join(e.description or "" for s in interaction.sent for e in s.embeds) == long


_texts = st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=120)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(
        ["rob", "equip", "sell", "buy", "profile", "help", "kingpin join", "giveitem"]
    ),
    value=_texts,
    prefix=st.sampled_from(["!", "?", "kp!"]),
)
async def test_any_option_value_gives_one_line_starting_with_the_prefix(
    command: str, value: str, prefix: str
) -> None:
    mounted = await mount(prefix=prefix)
    key = {"rob": "target", "help": "command", "kingpin join": "code", "profile": "player"}.get(
        command, "item"
    )
    options: dict[str, object] = {key: value}
    if command == "giveitem":
        options["player"] = value
    interaction = guild_interaction(user=OWNER, permissions=ADMIN, owner_id=OWNER.id)
    await mounted.invoke(command, interaction, **options)
    [event] = mounted.sink.events
    chat = mounted.cog.shapes[command].chat
    assert event.text.startswith(f"{prefix}{chat}")
    assert "\n" not in event.text and "\r" not in event.text
    assert len(interaction.sent) == 1
