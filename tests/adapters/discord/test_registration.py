from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from adapters.discord.client import KingpinBot, bot_intents
from adapters.discord.cog import KingpinCog
from bot.handlers import COMMANDS
from tests.adapters.discord.harness import Mounted, RecordingSink

NAME = re.compile(r"^[a-z0-9_-]{1,32}$")
S, INT, CH = 3, 4, 7  # option types: string, integer, channel

# name → [(option, type, required, has_choices, autocomplete)]
SNAPSHOT: dict[str, list[tuple[str, int, bool, bool, bool]]] = {
    "play": [("boost", S, False, False, False)],
    "slots": [("amount", INT, True, False, False)],
    "jackpot": [],
    "blackjack": [("amount", INT, True, False, False)],
    "hit": [],
    "stand": [],
    "double": [],
    "flip": [("amount", INT, True, False, False), ("side", S, True, True, False)],
    "accept": [("challenge", INT, True, False, False)],
    "flips": [],
    "cancelflip": [],
    "lottery": [("n1", INT, True, False, False), ("n2", INT, True, False, False), ("n3", INT, True, False, False)],
    "lotto": [],
    "verify": [("what", S, True, True, False), ("draw", INT, True, False, False)],
    "gamblestats": [],
    "gamblers": [("order", S, False, True, False)],
    "odds": [("game", S, False, True, False)],
    "limit": [("amount", S, False, False, False)],
    "supplies": [("category", S, False, True, False)],
    "buysupply": [("item", S, True, False, False)],
    "myitems": [],
    "buffs": [],
    "buytoken": [],
    "tokenboost": [],
    "race": [("details", S, False, False, False)],
    "bail": [],
    "checkin": [],
    "tokens": [],
    "inventory": [],
    "crates": [],
    "claim": [("which", 3, False, False, False)],
    "shop": [],
    "reroll": [],
    "market": [],
    "collect": [],
    "cooldowns": [],
    "endsession": [],
    "rotatemarket": [],
    "juice": [],
    "juicehall": [],
    "heiststats": [("player", S, False, False, True)],
    "rob": [("target", S, True, False, True)],
    "give": [("target", S, True, False, True), ("amount", INT, True, False, False)],
    "factions": [],
    "faction show": [],
    "faction join": [("name", S, True, False, False)],
    "faction leave": [],
    "faction territory": [("territory", S, True, False, False)],
    "territories": [],
    "private": [("mode", S, False, True, False)],
    "profile": [("player", S, False, False, True)],
    "balance": [("player", S, False, False, True)],
    "level": [("player", S, False, False, True)],
    "equip": [("item", S, True, False, True)],
    "unequip": [("slot", S, True, True, False)],
    "sell": [("item", S, True, False, True)],
    "open": [("tier", S, False, True, False)],
    "buy": [("item", S, True, False, True)],
    "insurance": [("policy", S, False, True, False)],
    "lb": [("period", S, False, True, False), ("metric", S, False, True, False)],
    "rank": [("metric", S, False, True, False)],
    "help": [("command", S, False, False, False)],
    "startsession": [("title", S, False, False, False)],
    "jail": [("player", S, True, False, True), ("minutes", INT, True, False, False)],
    "release": [("player", S, True, False, True)],
    "givewealth": [("player", S, True, False, True), ("amount", INT, True, False, False)],
    "takewealth": [("player", S, True, False, True), ("amount", INT, True, False, False)],
    "givexp": [("player", S, True, False, True), ("amount", INT, True, False, False)],
    "givecrate": [("player", S, True, False, True), ("tier", S, True, True, False)],
    "giveitem": [("player", S, True, False, True), ("item", S, True, False, False)],
    "kingpin link": [],
    "kingpin join": [("code", S, True, False, False)],
    "kingpin-admin setchannel": [
        ("kind", S, True, True, False),
        ("channel", CH, False, False, False),
    ],
    "kingpin-admin addchannel": [("channel", CH, False, False, False)],
    "kingpin-admin removechannel": [("channel", CH, False, False, False)],
    "kingpin-admin listchannels": [],
}
GUILD_ONLY = {
    "startsession",
    "endsession",
    "jail",
    "release",
    "givewealth",
    "takewealth",
    "givexp",
    "givecrate",
    "giveitem",
    "rotatemarket",
    "kingpin-admin",
}


def flatten(payloads: list[dict]) -> dict[str, list[tuple[str, int, bool, bool, bool]]]:  # type: ignore[type-arg]
    found: dict[str, list[tuple[str, int, bool, bool, bool]]] = {}
    for payload in payloads:
        subs = [o for o in payload.get("options", []) if o["type"] == 1]
        for entry, prefix in [(s, f"{payload['name']} ") for s in subs] or [(payload, "")]:
            found[prefix + entry["name"]] = [
                (
                    o["name"],
                    o["type"],
                    o.get("required", False),
                    bool(o.get("choices")),
                    o.get("autocomplete", False),
                )
                for o in entry.get("options", [])
            ]
    return found


def walk(payloads: list[dict]):  # type: ignore[no-untyped-def,type-arg]
    for payload in payloads:
        yield payload
        yield from payload.get("options", [])


async def test_command_tree_snapshot(mounted: Mounted) -> None:
    payloads = [c.to_dict(mounted.bot.tree) for c in mounted.bot.tree.get_commands()]
    assert flatten(payloads) == SNAPSHOT
    for entry in walk(payloads):
        assert NAME.match(entry["name"]), entry["name"]
        assert 1 <= len(entry["description"]) <= 100, entry["name"]
    for payload in payloads:
        guild_only = payload["dm_permission"] is False
        assert guild_only is (payload["name"] in GUILD_ONLY), payload["name"]
        if payload["name"] in GUILD_ONLY:
            # a UI hint only; the cog checks again at run time
            assert payload["default_member_permissions"] is not None


async def test_amounts_are_positive_integers(mounted: Mounted) -> None:
    payload = mounted.command("givewealth").to_dict(mounted.bot.tree)
    amount = next(o for o in payload["options"] if o["name"] == "amount")
    assert amount["min_value"] == 1


class RecordedSync:
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.calls: list[tuple[int | None, list[str]]] = []

    async def __call__(
        self, *, guild: discord.abc.Snowflake | None = None
    ) -> list[app_commands.AppCommand]:
        names = [c.name for c in self.bot.tree.get_commands(guild=guild)]
        self.calls.append((guild.id if guild else None, names))
        return []


async def test_setup_hook_adds_the_cog_and_syncs_configured_guilds_only() -> None:
    bot = KingpinBot(KingpinCog(RecordingSink(), commands=COMMANDS.slash_commands(), prefix="!"), guild_ids=["11", "12"])
    recorder = RecordedSync(bot)
    bot.tree.sync = recorder  # type: ignore[method-assign]
    await bot.setup_hook()
    assert bot.get_cog("KingpinCog") is not None
    assert [guild for guild, _ in recorder.calls] == [11, 12]
    assert all("rob" in names and "kingpin-admin" in names for _, names in recorder.calls)


async def test_global_sync_when_asked_clears_guild_copies() -> None:
    bot = KingpinBot(KingpinCog(RecordingSink(), commands=COMMANDS.slash_commands(), prefix="!"), guild_ids=["11"], sync_global=True)
    recorder = RecordedSync(bot)
    bot.tree.sync = recorder  # type: ignore[method-assign]
    await bot.setup_hook()
    assert recorder.calls[0][0] is None and "rob" in recorder.calls[0][1]
    assert recorder.calls[1] == (11, [])


def test_no_privileged_intents() -> None:
    intents = bot_intents()
    assert intents.guilds
    assert not (intents.members or intents.presences or intents.message_content)


async def test_the_tree_is_generated_from_the_command_declarations(mounted: Mounted) -> None:
    """Every registered slash command matches its declaration: options, types, choices, who."""
    payloads = [c.to_dict(mounted.bot.tree) for c in mounted.bot.tree.get_commands()]
    tree = flatten(payloads)
    shapes = {s.name: s for s in COMMANDS.slash_commands()}
    assert set(tree) == set(shapes)
    kinds = {"string": S, "integer": INT, "channel": CH}
    for name, options in tree.items():
        shape = shapes[name]
        assert [(o[0], o[1], o[2], o[3], o[4]) for o in options] == [
            (o.name, kinds[o.kind.value], o.required, bool(o.choices), bool(o.autocomplete))
            for o in sorted(shape.options, key=lambda o: not o.required)
        ], name
        chat = COMMANDS.parse("!" + shape.chat, "!")
        assert chat is not None and shape.chat.startswith(chat.command.name), name
        assert shape.description == (chat.command.description or chat.command.help)[:100] or " " in name
    for payload in payloads:
        subs = [o for o in payload.get("options", []) if o["type"] == 1]
        for entry, prefix in [(s, f"{payload['name']} ") for s in subs] or [(payload, "")]:
            declared = {o.name: o for o in shapes[prefix + entry["name"]].options}
            for option in entry.get("options", []):
                assert [c["value"] for c in option.get("choices", [])] == list(declared[option["name"]].choices)
                assert option.get("max_value") == (
                    declared[option["name"]].max_value if option["type"] == INT else None
                )
