"""Discord end to end: the real cog on the real pipeline and database, no gateway.

The cog is built as the composition root builds it (the harness's pipeline as the sink, the
database-backed autocomplete); commands are invoked through their registered callbacks with
interaction stand-ins (``tests/fakes/discord_interaction.py``) that record what was sent and
with which visibility. Every test asserts on those replies and on the database.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import discord
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from adapters.discord.client import DiscordFeedPublisher
from adapters.discord.cog import NOT_ALLOWED, SERVER_ONLY, KingpinCog
from adapters.discord.parse import RoleConfig
from bot.discord_links import DatabaseAutocomplete, DatabaseFeedChannels
from bot.events import ChatMessage, FeedItem, Platform, Sender
from bot.handlers import COMMANDS
from bot.outbox import OutboxDrain
from tests.fakes.discord_channel import FakeChannel, FakeChannels
from tests.fakes.discord_interaction import FakeGuild, FakeInteraction, FakeMember, FakeRole, Sent
from tests.harness import Harness, harness

GUILD = 500
OWNER_ID = 9999
MOD_ROLE = FakeRole(77, "Kingpin Mods")

DANA = FakeMember(id=1001, name="dana", display_name="Dana")
EVE = FakeMember(id=1002, name="eve", display_name="Eve")
FINN = FakeMember(id=1003, name="finn", display_name="Finn")
OWNER = FakeMember(id=OWNER_ID, name="owner", display_name="Owner")
MOD = FakeMember(id=1100, name="mona", display_name="Mona")  # has Manage Messages
ROLE_MOD = FakeMember(id=1101, name="rolf", display_name="Rolf", roles=[MOD_ROLE])
PLAIN = FakeMember(id=1102, name="pete", display_name="Pete")

MANAGE = discord.Permissions(manage_messages=True)
ADMIN = discord.Permissions(administrator=True)
_CODE = re.compile(r"link code is ([A-Z0-9]{8})")


def choice(value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=value, value=value)


@dataclass
class Rig:
    """The cog mounted on a bot that never connects, in front of the harness's app."""

    h: Harness
    bot: commands.Bot
    cog: KingpinCog

    def __post_init__(self) -> None:
        self._ids = itertools.count(900_001)

    @property
    def pool(self) -> Any:
        return self.h.pool

    def command(self, qualified: str) -> app_commands.Command[Any, ..., Any]:
        head, _, sub = qualified.partition(" ")
        found = self.bot.tree.get_command(head)
        if sub:
            assert isinstance(found, app_commands.Group), qualified
            found = found.get_command(sub)
        assert isinstance(found, app_commands.Command), qualified
        return found

    def interaction(
        self,
        member: FakeMember,
        *,
        permissions: discord.Permissions | None = None,
        dm: bool = False,
    ) -> FakeInteraction:
        self.h.advance(seconds=31)  # past every per-command throttle (30 s for /open)
        return FakeInteraction(
            id=next(self._ids),
            user=member,
            guild=None if dm else FakeGuild(id=GUILD, owner_id=OWNER_ID),
            channel_id=800 if dm else 600,
            permissions=permissions,
            created_at=self.h.clock.now(),
        )

    async def run(
        self,
        qualified: str,
        member: FakeMember,
        *,
        permissions: discord.Permissions | None = None,
        dm: bool = False,
        **options: object,
    ) -> Sent:
        """Invoke one slash command; returns its only message (most commands answer once)."""
        sent = await self.run_all(qualified, member, permissions=permissions, dm=dm, **options)
        assert len(sent) == 1, [s.text for s in sent]
        return sent[0]

    async def run_all(
        self,
        qualified: str,
        member: FakeMember,
        *,
        permissions: discord.Permissions | None = None,
        dm: bool = False,
        **options: object,
    ) -> list[Sent]:
        interaction = self.interaction(member, permissions=permissions, dm=dm)
        await self.command(qualified).callback(self.cog, interaction, **options)  # type: ignore[arg-type]
        assert interaction.response.is_done()
        assert interaction.response.kind == "message"  # answered inside the window, no deferral
        return interaction.sent

    async def complete(
        self, qualified: str, option: str, member: FakeMember, typed: str
    ) -> list[str]:
        """What Discord would show while ``member`` types ``typed`` into ``option``."""
        interaction = self.interaction(member)
        namespace = SimpleNamespace(**{option: typed})
        await self.command(qualified)._invoke_autocomplete(interaction, option, namespace)  # type: ignore[arg-type]
        assert interaction.response.kind == "autocomplete"
        choices = interaction.response.choices or []
        assert len(choices) <= 25 and all(c.name == c.value for c in choices)
        return [str(c.value) for c in choices]

    # -- database reads ----------------------------------------------------------------------

    async def uid(self, member: FakeMember) -> int:
        found = await self.pool.fetchval(
            "SELECT user_id FROM users WHERE discord_user_id = $1", str(member.id)
        )
        assert found is not None, member.name
        return int(found)

    async def wealth(self, member: FakeMember) -> int:
        """Cash held minus achievement and mission rewards (issue 16)."""
        return int(
            await self.pool.fetchval(
                "SELECT wealth - (SELECT coalesce(sum(amount), 0) FROM wealth_ledger l"
                " WHERE l.user_id = users.user_id AND l.reason IN ('achievement', 'mission'))"
                " FROM users WHERE discord_user_id = $1", str(member.id)
            )
        )

    async def tokens(self, member: FakeMember) -> int:
        return int(
            await self.pool.fetchval(
                "SELECT coalesce(balance, 0) FROM users LEFT JOIN heist_tokens USING (user_id) "
                "WHERE discord_user_id = $1",
                str(member.id),
            )
        )

    async def count(self, sql: str, *args: object) -> int:
        return int(await self.pool.fetchval(sql, *args))

    async def events(self, member: FakeMember, event_type: str) -> int:
        return await self.count(
            "SELECT count(*) FROM game_events WHERE user_id = $1 AND event_type = $2",
            await self.uid(member),
            event_type,
        )

    async def items(self, member: FakeMember) -> list[tuple[str, bool]]:
        rows = await self.pool.fetch(
            "SELECT i.item_name, v.is_equipped FROM user_inventory v JOIN items i USING (item_id) "
            "WHERE v.user_id = $1 ORDER BY v.inventory_id",
            await self.uid(member),
        )
        return [(r["item_name"], r["is_equipped"]) for r in rows]


def mount(h: Harness) -> Rig:
    cog = KingpinCog(
        h.app.pipeline,
        commands=COMMANDS.slash_commands(),
        prefix="!",
        roles=RoleConfig(moderator_role=MOD_ROLE.name),
        autocomplete=DatabaseAutocomplete(h.pool),
        respond_within=5.0,  # a loaded CI box must not turn answers into deferrals
    )
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    return Rig(h, bot, cog)


@pytest_asyncio.fixture(loop_scope="session")
async def rig(db_url: str) -> AsyncIterator[Rig]:
    async with harness(db_url) as running:
        mounted = mount(running)
        await mounted.bot.add_cog(mounted.cog)
        yield mounted


def public(sent: Sent) -> str:
    assert not sent.ephemeral, sent.text
    assert sent.allowed_mentions is not None and sent.allowed_mentions.everyone is False
    return sent.text


def private(sent: Sent) -> str:
    assert sent.ephemeral, sent.text
    return sent.text


# -- player commands ---------------------------------------------------------------------------


async def test_checkin_rob_play_and_the_info_screens(rig: Rig) -> None:
    text = public(await rig.run("checkin", DANA))
    assert "Dana" in text and "day 1 streak" in text
    assert await rig.wealth(DANA) == 200 and await rig.tokens(DANA) == 1
    again = public(await rig.run("checkin", DANA))
    assert "already checked in" in again
    assert await rig.wealth(DANA) == 200
    assert (
        await rig.count(
            "SELECT count(*) FROM wealth_ledger WHERE user_id = $1", await rig.uid(DANA)
        )
        == 1
    )

    await rig.run("checkin", EVE)
    before = await rig.wealth(DANA) + await rig.wealth(EVE)
    robbed = public(await rig.run("rob", DANA, target="Eve"))
    assert "Dana" in robbed and "Eve" in robbed
    assert await rig.events(DANA, "rob") == 1 and await rig.tokens(DANA) == 0
    assert await rig.wealth(DANA) + await rig.wealth(EVE) <= before  # moved (or lost), never made

    await rig.run("checkin", FINN)
    no_token = public(await rig.run("rob", DANA, target="finn"))
    assert "need a heist token" in no_token
    assert await rig.events(DANA, "rob") == 1 and await rig.tokens(DANA) == 0

    wealth = await rig.wealth(DANA)
    played = public(await rig.run("play", DANA))
    assert "Dana" in played
    change = await rig.pool.fetchval(
        "SELECT wealth_change FROM game_events WHERE user_id = $1 AND event_type = 'play'",
        await rig.uid(DANA),
    )
    assert change != 0 and await rig.wealth(DANA) == wealth + change

    wealth = await rig.wealth(DANA)
    assert f"${wealth:,}" in public(await rig.run("balance", DANA))
    assert f"${wealth:,}" in public(await rig.run("profile", DANA))
    assert f"${await rig.wealth(EVE):,}" in public(await rig.run("balance", FINN, player="eve"))
    level = await rig.pool.fetchval(
        "SELECT level FROM users WHERE user_id = $1", await rig.uid(DANA)
    )
    assert f"Level {level}" in public(await rig.run("level", DANA))
    assert "0/5 heist tokens" in private(await rig.run("tokens", DANA))
    assert "rob" in private(await rig.run("cooldowns", DANA)).lower()
    board = public(await rig.run("lb", DANA, period=choice("daily"), metric=choice("wealth")))
    assert "Dana" in board and "Eve" in board and "Finn" in board
    assert "#" in public(await rig.run("rank", DANA, metric=choice("wealth")))
    assert "!rob" in private(await rig.run("help", DANA))
    assert "rob" in private(await rig.run("help", DANA, command="rob")).lower()
    # the throttle and the answers above touched nothing else
    assert await rig.events(DANA, "rob") == 1


async def test_jail_then_bail(rig: Rig) -> None:
    await rig.run("checkin", EVE)
    assert "not in jail" in public(await rig.run("bail", EVE))
    await rig.run("givewealth", OWNER, permissions=ADMIN, player="eve", amount=50_000)
    jailed = public(await rig.run("jail", MOD, permissions=MANAGE, player="Eve", minutes=30))
    assert "Eve" in jailed
    until = await rig.pool.fetchval(
        "SELECT jailed_until FROM users WHERE user_id = $1", await rig.uid(EVE)
    )
    assert until is not None and until > rig.h.clock.now()
    wealth = await rig.wealth(EVE)
    bailed = await rig.run("bail", EVE)
    assert "Eve" in bailed.text
    row = await rig.pool.fetchrow(
        "SELECT jailed_until, wealth FROM users WHERE user_id = $1", await rig.uid(EVE)
    )
    assert row["jailed_until"] is None or row["jailed_until"] <= rig.h.clock.now()
    assert row["wealth"] < wealth


async def test_shop_items_crates_and_business(rig: Rig) -> None:
    await rig.run("checkin", DANA)
    shop = private(await rig.run("shop", DANA))
    stocked = await rig.pool.fetch(
        "SELECT i.item_name, s.price FROM player_shop_inventory s JOIN items i USING (item_id) "
        "WHERE s.user_id = $1 ORDER BY s.shop_item_id",
        await rig.uid(DANA),
    )
    assert stocked and all(r["item_name"] in shop for r in stocked)
    first = stocked[0]
    refused = private(await rig.run("buy", DANA, item=first["item_name"]))
    assert "afford" in refused
    assert await rig.wealth(DANA) == 200 and await rig.items(DANA) == []

    assert "no 'Golden Toothpick'" in private(await rig.run("equip", DANA, item="Golden Toothpick"))
    assert "no 'Golden Toothpick'" in private(await rig.run("sell", DANA, item="Golden Toothpick"))
    assert "nothing is equipped" in private(await rig.run("unequip", DANA, slot=choice("armor")))
    assert "no crate" in public(await rig.run("open", DANA))
    assert await rig.count("SELECT count(*) FROM outbox") == 0

    await rig.run("givewealth", OWNER, permissions=ADMIN, player="Dana", amount=1_000_000)
    bought = private(await rig.run("buy", DANA, item=first["item_name"]))
    assert "bought" in bought and first["item_name"] in bought
    assert await rig.items(DANA) == [(first["item_name"], False)]
    assert await rig.wealth(DANA) == 1_000_200 - first["price"]
    assert first["item_name"] in private(await rig.run("inventory", DANA))

    equipped = private(await rig.run("equip", DANA, item=first["item_name"]))
    assert first["item_name"] in equipped
    assert await rig.items(DANA) == [(first["item_name"], True)]
    slot = await rig.pool.fetchval(
        "SELECT slot FROM user_inventory WHERE user_id = $1", await rig.uid(DANA)
    )
    private(await rig.run("unequip", DANA, slot=choice(slot)))
    assert await rig.items(DANA) == [(first["item_name"], False)]
    wealth = await rig.wealth(DANA)
    sold = private(await rig.run("sell", DANA, item=first["item_name"]))
    assert first["item_name"] in sold
    assert await rig.items(DANA) == [] and await rig.wealth(DANA) > wealth

    old_stock = {r["item_name"] for r in stocked}
    private(await rig.run("reroll", DANA))
    new_stock = await rig.pool.fetch(
        "SELECT i.item_name FROM player_shop_inventory s JOIN items i USING (item_id) WHERE s.user_id = $1",
        await rig.uid(DANA),
    )
    assert new_stock and {r["item_name"] for r in new_stock} != old_stock

    market = public(await rig.run("market", DANA))
    assert "Black market" in market
    assert await rig.count("SELECT count(*) FROM black_market_inventory") > 0

    # a business, equipped, earns revenue that /collect pays out
    assert "no business" in public(await rig.run("collect", DANA))
    business = await rig.pool.fetchval(
        "SELECT item_name FROM items WHERE item_type = 'business' AND tier = 'common' ORDER BY item_id LIMIT 1"
    )
    given = public(
        await rig.run("giveitem", OWNER, permissions=ADMIN, player="dana", item=business)
    )
    assert business in given
    private(await rig.run("equip", DANA, item=business))
    rig.h.advance(hours=12)
    wealth = await rig.wealth(DANA)
    collected = public(await rig.run("collect", DANA))
    revenue = await rig.pool.fetchval(
        "SELECT wealth_change FROM game_events WHERE user_id = $1 AND event_type = 'business_collect'",
        await rig.uid(DANA),
    )
    assert revenue > 0 and f"${revenue:,}" in collected
    assert await rig.wealth(DANA) == wealth + revenue

    insurance = private(await rig.run("insurance", DANA))
    assert "no policy" in insurance
    wealth = await rig.wealth(DANA)
    private(await rig.run("insurance", DANA, policy=choice("basic")))
    assert (
        await rig.count(
            "SELECT count(*) FROM insurance_policies WHERE user_id = $1 AND status = 'active'",
            await rig.uid(DANA),
        )
        == 1
    )
    assert await rig.wealth(DANA) < wealth

    assert "no crates" in private(await rig.run("crates", DANA))
    public(
        await rig.run("givecrate", OWNER, permissions=ADMIN, player="dana", tier=choice("common"))
    )
    assert "common" in private(await rig.run("crates", DANA)).lower()
    opened = public(await rig.run("open", DANA))
    assert "opened" in opened
    assert (
        await rig.count("SELECT count(*) FROM user_crates WHERE user_id = $1", await rig.uid(DANA))
        == 0
    )
    assert await rig.count("SELECT count(*) FROM crate_opens") == 1


# -- moderator commands ------------------------------------------------------------------------


async def audit_actions(rig: Rig) -> list[tuple[str, str, str | None]]:
    rows = await rig.pool.fetch(
        "SELECT action, actor_platform, actor_platform_user_id FROM audit_log ORDER BY audit_id"
    )
    return [(r["action"], r["actor_platform"], r["actor_platform_user_id"]) for r in rows]


async def test_moderators_by_permission_or_configured_role(rig: Rig) -> None:
    await rig.run("checkin", EVE)
    eve = await rig.uid(EVE)
    jailed = public(await rig.run("jail", MOD, permissions=MANAGE, player="eve", minutes=15))
    assert "Mona" in jailed and "Eve" in jailed
    until = await rig.pool.fetchval("SELECT jailed_until FROM users WHERE user_id = $1", eve)
    assert until is not None and until > rig.h.clock.now()

    started = public(await rig.run("startsession", ROLE_MOD, title="Friday heists"))
    assert "Friday heists" in started
    session = await rig.pool.fetchrow(
        "SELECT session_title, platform, is_active FROM streaming_sessions"
    )
    assert tuple(session) == ("Friday heists", "discord", True)
    public(await rig.run("release", ROLE_MOD, player="Eve"))
    until = await rig.pool.fetchval("SELECT jailed_until FROM users WHERE user_id = $1", eve)
    assert until is None or until <= rig.h.clock.now()

    # money is an owner command on Discord (spec: `bc`): the server owner or an Administrator
    public(await rig.run("givewealth", OWNER, player="Eve", amount=1_000))
    public(await rig.run("givewealth", MOD, permissions=ADMIN, player="Eve", amount=500))
    assert await rig.wealth(EVE) == 200 + 1_000 + 500
    assert await audit_actions(rig) == [
        ("jail", "discord", "1100"),
        ("startsession", "discord", "1101"),
        ("release", "discord", "1101"),
        ("givewealth", "discord", str(OWNER_ID)),
        ("givewealth", "discord", "1100"),
    ]


async def test_moderator_commands_refused_for_members_and_in_dms(rig: Rig) -> None:
    await rig.run("checkin", EVE)

    async def state() -> tuple[object, ...]:
        return (
            await rig.pool.fetchrow(
                "SELECT wealth, jailed_until FROM users WHERE discord_user_id = '1002'"
            ),
            await rig.count("SELECT count(*) FROM audit_log"),
            await rig.count("SELECT count(*) FROM streaming_sessions"),
            await rig.count("SELECT count(*) FROM game_events"),
            await rig.count("SELECT count(*) FROM processed_events"),
            await rig.count("SELECT count(*) FROM discord_server_config"),
        )

    before = await state()
    mod_commands: list[tuple[str, dict[str, object]]] = [
        ("jail", {"player": "eve", "minutes": 30}),
        ("startsession", {"title": "mine"}),
    ]
    owner_commands: list[tuple[str, dict[str, object]]] = [
        ("givewealth", {"player": "eve", "amount": 1_000_000}),
        ("kingpin-admin setchannel", {"kind": choice("feed")}),
    ]
    for qualified, options in mod_commands:
        assert private(await rig.run(qualified, PLAIN, **options)) == NOT_ALLOWED["moderator"]
    for qualified, options in owner_commands:
        assert private(await rig.run(qualified, PLAIN, **options)) == NOT_ALLOWED["broadcaster"]
        assert (
            private(await rig.run(qualified, MOD, permissions=MANAGE, **options)) == NOT_ALLOWED["broadcaster"]
        )
        assert private(await rig.run(qualified, ROLE_MOD, **options)) == NOT_ALLOWED["broadcaster"]
    for qualified, options in mod_commands + owner_commands:
        # in a DM there is no server to hold the role, whatever the permissions say
        assert (
            private(await rig.run(qualified, OWNER, permissions=ADMIN, dm=True, **options))
            == SERVER_ONLY
        )
    assert SERVER_ONLY.startswith("🚫") and all(t.startswith("🚫") for t in NOT_ALLOWED.values())
    assert await state() == before
    assert await audit_actions(rig) == []


# -- autocomplete ------------------------------------------------------------------------------


async def test_autocomplete_from_the_database(rig: Rig) -> None:
    await rig.run("checkin", DANA)
    await rig.run("checkin", EVE)
    for n in range(30):
        await rig.h.say(f"crew{n:02d}: hi")
    assert await rig.complete("rob", "target", DANA, "e") == ["Eve"]
    assert await rig.complete("rob", "target", DANA, "@EV") == ["Eve"]
    crew = await rig.complete("rob", "target", DANA, "crew")
    assert len(crew) == 25 and all(name.startswith("crew") for name in crew)
    everyone = await rig.complete("rob", "target", DANA, "")
    assert len(everyone) == 25
    assert sorted(everyone[:2]) == ["Dana", "Eve"]  # players seen on Discord come first
    assert await rig.complete("rob", "target", DANA, "zz") == []

    await rig.run("shop", DANA)
    shop = await rig.pool.fetch(
        "SELECT i.item_name, s.price FROM player_shop_inventory s JOIN items i USING (item_id) "
        "WHERE s.user_id = $1 ORDER BY s.shop_item_id",
        await rig.uid(DANA),
    )
    names = [r["item_name"] for r in shop]
    assert await rig.complete("buy", "item", DANA, "") == names
    assert await rig.complete("buy", "item", DANA, names[1][:4].upper()) == [
        n for n in names if n.lower().startswith(names[1][:4].lower())
    ]
    assert await rig.complete("equip", "item", DANA, "") == []

    await rig.run("givewealth", OWNER, permissions=ADMIN, player="dana", amount=shop[1]["price"])
    assert "bought" in private(await rig.run("buy", DANA, item=names[1]))
    typed = names[1][:3].lower()
    assert await rig.complete("equip", "item", DANA, typed) == [names[1]]
    assert await rig.complete("sell", "item", DANA, typed) == [names[1]]
    assert names[1] not in await rig.complete("buy", "item", DANA, "")  # sold out of her shop
    assert await rig.complete("equip", "item", EVE, "") == []  # only the caller's items
    private(await rig.run("equip", DANA, item=names[1]))
    assert await rig.complete("equip", "item", DANA, "") == [names[1]]


# -- linking -----------------------------------------------------------------------------------

_twitch_ids = itertools.count(1)


async def twitch_says(rig: Rig, user_id: str, login: str, text: str) -> str:
    """One Twitch chat line through the real pipeline; its single reply."""
    rig.h.advance(seconds=5)
    event = ChatMessage(
        platform=Platform.TWITCH,
        event_id=f"tw-{next(_twitch_ids)}",
        channel="kingpin_channel",
        sender=Sender(user_id=user_id, login=login, display_name=login),
        text=text,
        received_at=rig.h.clock.now(),
    )
    [reply] = await rig.h.app.pipeline(event)
    return reply.text


async def test_link_code_from_discord_joins_a_twitch_chatter(rig: Rig) -> None:
    await rig.run("checkin", DANA)
    assert "day 1 streak" in await twitch_says(rig, "tw-77", "dana_tw", "!checkin")
    twitch_uid = await rig.pool.fetchval("SELECT user_id FROM users WHERE twitch_user_id = 'tw-77'")
    dana = await rig.uid(DANA)
    assert twitch_uid != dana

    shown = private(await rig.run("kingpin link", DANA))
    found = _CODE.search(shown)
    assert found, shown
    code = found[1]
    row = await rig.pool.fetchrow(
        "SELECT user_id, platform, used_at FROM link_codes WHERE code = $1", code
    )
    assert tuple(row) == (dana, "discord", None)

    assert "Linked!" in await twitch_says(rig, "tw-77", "dana_tw", f"!link {code}")
    balance = public(await rig.run("balance", DANA))
    assert "$400" in balance
    assert (
        await rig.pool.fetchval("SELECT twitch_user_id FROM users WHERE user_id = $1", dana)
        == "tw-77"
    )
    merged = await rig.pool.fetchrow(
        "SELECT wealth, merged_into_user_id FROM users WHERE user_id = $1", twitch_uid
    )
    assert tuple(merged) == (0, dana)
    assert await rig.count("SELECT count(*) FROM audit_log WHERE action = 'link_merge'") == 1
    # one wallet: money earned on Twitch shows on Discord, and the old name is gone from suggestions
    rig.h.advance(days=1)
    assert "day 2 streak" in await twitch_says(rig, "tw-77", "dana_tw", "!checkin")
    assert f"${await rig.wealth(DANA):,}" in public(await rig.run("balance", DANA))
    assert await rig.wealth(DANA) > 400
    # (the character shows the name it was last seen with; the absorbed row is never suggested)
    survivor_name = await rig.pool.fetchval(
        "SELECT display_name FROM users WHERE user_id = $1", dana
    )
    assert await rig.complete("rob", "target", EVE, "dana") == [survivor_name]


async def test_link_code_from_the_console_joined_on_discord(rig: Rig) -> None:
    await rig.h.say("alice: !checkin", "carol [broadcaster]: !givewealth alice 700")
    await rig.run("checkin", FINN)
    assert "doesn't exist" in private(await rig.run("kingpin join", FINN, code="ZZZZ9999"))
    found = _CODE.search(await rig.h.say1("alice: !link"))
    assert found
    joined = private(await rig.run("kingpin join", FINN, code=found[1].lower()))
    assert "Linked!" in joined
    alice = await rig.h.user_id("alice")
    assert await rig.pool.fetchval(
        "SELECT discord_user_id FROM users WHERE user_id = $1", alice
    ) == str(FINN.id)
    assert await rig.wealth(FINN) == 200 + 700 + 200
    balance = public(await rig.run("balance", FINN))
    assert "$1,100" in balance
    assert await rig.h.say1("alice: !balance") == "💰 alice: $1,100"
    assert await rig.count("SELECT count(*) FROM users WHERE merged_into_user_id = $1", alice) == 1
    used = await rig.pool.fetchrow(
        "SELECT used_by_platform, used_by_platform_user_id FROM link_codes"
    )
    assert tuple(used) == ("discord", str(FINN.id))


# -- the feed ----------------------------------------------------------------------------------


class PostsThenCrashes:
    """Posts through ``inner``, then raises once: the process died before the row was marked."""

    def __init__(self, inner: DiscordFeedPublisher) -> None:
        self.inner = inner
        self.crashed = False

    async def publish(self, item: FeedItem, /) -> None:
        await self.inner.publish(item)
        if not self.crashed:
            self.crashed = True
            raise RuntimeError("killed before marking the row delivered")


async def legendary_feed(rig: Rig, channel: FakeChannel) -> list[Any]:
    """Admin sets the feed channel; the owner gives Dana a legendary crate; she opens it."""
    await rig.run("checkin", DANA)
    setchannel = private(
        await rig.run("kingpin-admin setchannel", OWNER, kind=choice("feed"), channel=channel)
    )
    assert str(channel.id) in setchannel
    config = await rig.pool.fetchrow(
        "SELECT discord_guild_id, feed_channel_id FROM discord_server_config"
    )
    assert tuple(config) == (str(GUILD), str(channel.id))
    public(await rig.run("givecrate", OWNER, player="Dana", tier=choice("legendary")))
    opened = public(await rig.run("open", DANA, tier=choice("legendary")))
    assert "Legendary crate" in opened
    rows = await rig.pool.fetch(
        "SELECT outbox_id, payload, delivered_at FROM outbox WHERE kind = 'feed' ORDER BY outbox_id"
    )
    assert [r["payload"]["kind"] for r in rows] == ["legendary_crate", "legendary_drop"]
    assert all(r["delivered_at"] is None for r in rows)
    return rows


def posted(channel: FakeChannel) -> list[tuple[str | None, str | None]]:
    return [(p.embed.title, p.embed.description) for p in channel.posts]


async def test_feed_posts_once_when_the_drain_dies_after_posting(rig: Rig) -> None:
    channel = FakeChannel(4242, guild=SimpleNamespace(id=GUILD))
    rows = await legendary_feed(rig, channel)
    publisher = DiscordFeedPublisher(
        FakeChannels(channel), provider=DatabaseFeedChannels(rig.pool), window_seconds=0.0
    )
    first = OutboxDrain(rig.pool, PostsThenCrashes(publisher), batch=1, backoff=0.0)
    assert await first.run_once() == 0  # posted, then died before the mark
    assert len(channel.posts) == 1
    restarted = OutboxDrain(rig.pool, publisher, batch=10, backoff=0.0)
    assert await restarted.drain() == 2
    assert await restarted.drain() == 0
    expected = [(r["payload"]["title"], r["payload"]["text"]) for r in rows]
    assert posted(channel) == expected  # each moment exactly once, in order
    assert channel.posts[0].embed.description == "Dana got a legendary crate as a gift!"
    assert "Dana cracked open a legendary crate" in (channel.posts[1].embed.description or "")
    assert all(p.allowed_mentions.everyone is False for p in channel.posts)
    marked = await rig.pool.fetch("SELECT delivered_at, attempts FROM outbox ORDER BY outbox_id")
    assert all(r["delivered_at"] is not None for r in marked)
    assert [r["attempts"] for r in marked] == [1, 0]


async def test_feed_posts_once_from_a_fresh_process_after_a_crash_before_posting(rig: Rig) -> None:
    channel = FakeChannel(4243, guild=SimpleNamespace(id=GUILD))
    rows = await legendary_feed(rig, channel)
    dead = OutboxDrain(
        rig.pool,
        DiscordFeedPublisher(FakeChannels(channel), provider=DatabaseFeedChannels(rig.pool)),
        batch=10,
        lease=0.3,
    )
    assert len(await dead.claim()) == 2  # ... and the process dies before posting anything
    assert channel.posts == []
    fresh = DiscordFeedPublisher(
        FakeChannels(channel), provider=DatabaseFeedChannels(rig.pool), window_seconds=0.0
    )
    survivor = OutboxDrain(rig.pool, fresh, batch=10, lease=0.3)
    assert await survivor.run_once() == 0  # still leased to the dead process
    await asyncio.sleep(0.35)
    assert await survivor.drain() == 2
    assert await survivor.drain() == 0
    assert posted(channel) == [(r["payload"]["title"], r["payload"]["text"]) for r in rows]


# -- a slow answer -----------------------------------------------------------------------------


async def test_slow_answers_are_deferred_with_the_commands_visibility(rig: Rig) -> None:
    impatient = KingpinCog(rig.h.app.pipeline, commands=COMMANDS.slash_commands(), prefix="!", respond_within=0.0)
    await rig.run("checkin", DANA)
    await rig.run("checkin", EVE)

    async def invoke(qualified: str, member: FakeMember, **options: object) -> FakeInteraction:
        interaction = rig.interaction(member)
        await rig.command(qualified).callback(impatient, interaction, **options)  # type: ignore[arg-type]
        return interaction

    inventory = await invoke("inventory", DANA)
    assert inventory.response.kind == "defer" and inventory.response.deferred_ephemeral is True
    [answer] = inventory.sent
    assert answer.via == "followup" and answer.ephemeral and "inventory is empty" in answer.text

    rob = await invoke("rob", DANA, target="Eve")
    assert rob.response.kind == "defer" and rob.response.deferred_ephemeral is False
    [answer] = rob.sent
    assert answer.via == "followup" and not answer.ephemeral and "Eve" in answer.text
    assert await rig.events(DANA, "rob") == 1 and await rig.tokens(DANA) == 0
