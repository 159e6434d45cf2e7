from __future__ import annotations

import asyncio
from collections.abc import Sequence

from discord import app_commands

from adapters.discord.cog import KingpinCog
from tests.adapters.discord.harness import RecordingSink, mount
from tests.fakes.discord_autocomplete import MemoryAutocomplete
from tests.fakes.discord_interaction import FakeMember, dm_interaction, guild_interaction

MANY = [f"player{i:02d}" for i in range(40)] + ["Alice", "alfred", "ALICE", "Bob", ""]


def values(choices: list[app_commands.Choice[str]]) -> list[str]:
    assert all(c.name == c.value for c in choices)
    return [c.value for c in choices]


async def test_players_prefix_match_case_insensitive_deduplicated() -> None:
    mounted = await mount(autocomplete=MemoryAutocomplete(player_names={"500": MANY}))
    choices = await mounted.cog.players_autocomplete(guild_interaction(), "al")  # type: ignore[arg-type]
    assert values(choices) == ["Alice", "alfred"]
    assert mounted.autocomplete.calls == [("players", "500", "al")]


async def test_at_most_25_choices_and_at_sign_ignored() -> None:
    mounted = await mount(autocomplete=MemoryAutocomplete(player_names={"500": MANY}))
    choices = await mounted.cog.players_autocomplete(guild_interaction(), "@PLAY")  # type: ignore[arg-type]
    assert values(choices) == [f"player{i:02d}" for i in range(25)]
    everything = await mounted.cog.players_autocomplete(guild_interaction(), "")  # type: ignore[arg-type]
    assert len(everything) == 25


async def test_players_in_dms_ask_for_the_dm_scope() -> None:
    mounted = await mount(autocomplete=MemoryAutocomplete(player_names={"dm": ["Zed"]}))
    assert values(await mounted.cog.players_autocomplete(dm_interaction(), "z")) == ["Zed"]  # type: ignore[arg-type]


async def test_owned_items_are_the_callers_and_shop_items_for_buy() -> None:
    provider = MemoryAutocomplete(
        owned={"1001": ["Golden Gun", "Gold Chain", "Kevlar Vest"]},
        shop={"1001": ["Brass Knuckles", "Bulletproof Car"]},
    )
    mounted = await mount(autocomplete=provider)
    interaction = guild_interaction(user=FakeMember(id=1001))
    assert values(await mounted.cog.owned_items_autocomplete(interaction, "gol")) == [  # type: ignore[arg-type]
        "Golden Gun",
        "Gold Chain",
    ]
    shop = await mounted.cog.shop_items_autocomplete(interaction, "bu")  # type: ignore[arg-type]
    assert values(shop) == ["Bulletproof Car"]
    stranger = guild_interaction(user=FakeMember(id=2002))
    assert values(await mounted.cog.owned_items_autocomplete(stranger, "")) == []  # type: ignore[arg-type]


async def test_long_names_are_cut_to_discords_100_characters() -> None:
    mounted = await mount(autocomplete=MemoryAutocomplete(owned={"1001": ["x" * 150]}))
    [choice] = await mounted.cog.owned_items_autocomplete(guild_interaction(), "x")  # type: ignore[arg-type]
    assert len(choice.name) == 100


class _Broken:
    async def players(self, guild: str, prefix: str, /) -> Sequence[str]:
        raise ConnectionError("database down")

    async def owned_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        await asyncio.sleep(10)
        return ["never"]

    async def shop_items(self, user_id: str, prefix: str, /) -> Sequence[str]:
        return ()


async def test_failing_or_slow_provider_suggests_nothing() -> None:
    cog = KingpinCog(RecordingSink(), commands=(), prefix="!", autocomplete=_Broken(), respond_within=0.01)
    assert await cog.players_autocomplete(guild_interaction(), "a") == []  # type: ignore[arg-type]
    assert await cog.owned_items_autocomplete(guild_interaction(), "a") == []  # type: ignore[arg-type]


async def test_autocomplete_is_wired_to_the_right_options() -> None:
    mounted = await mount()
    wired = {
        (name, param.name): param.autocomplete.__name__  # type: ignore[union-attr]
        for name in ("rob", "profile", "equip", "sell", "buy", "jail", "givewealth")
        for param in mounted.command(name)._params.values()
        if param.autocomplete is not None
    }
    assert wired == {
        ("rob", "target"): "players_autocomplete",
        ("profile", "player"): "players_autocomplete",
        ("equip", "item"): "owned_items_autocomplete",
        ("sell", "item"): "owned_items_autocomplete",
        ("buy", "item"): "shop_items_autocomplete",
        ("jail", "player"): "players_autocomplete",
        ("givewealth", "player"): "players_autocomplete",
    }
