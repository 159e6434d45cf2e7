"""Text → Discord embeds within Discord's limits.

Limits (per message): 10 embeds and 6000 characters summed over every embed's title and
description; per embed: title 256, description 4096. Long text is split at the last newline,
else the last space, before a limit (``bot.format.boundary``, the rule of the one reply
splitter ``bot.format.split``); a piece that would go past ``max_messages`` messages is
cut and ends with an ellipsis. Mentions inside embeds never ping, and messages are sent with
``AllowedMentions.none()`` as well.
"""

from __future__ import annotations

import discord

from bot.format import boundary

__all__ = [
    "COLOURS",
    "DESCRIPTION_LIMIT",
    "EMBEDS_PER_MESSAGE",
    "MESSAGE_TOTAL_LIMIT",
    "TITLE_LIMIT",
    "embed_messages",
    "feed_embed",
]

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
MESSAGE_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
ELLIPSIS = "…"

PURPLE = 0x9146FF
GOLD = 0xFFD700
BLUE = 0x0099FF
ORANGE = 0xFF9900
RED = 0xFF0000
GREEN = 0x00FF00

# Feed colours by FeedItem.kind (spec 13 §5); anything else is purple.
COLOURS: dict[str, int] = {
    "legendary_drop": GOLD,
    "tier_up": GOLD,
    "tier_promotion": GOLD,
    "faction_winner": GOLD,
    "hall_of_fame": GOLD,
    "rare_drop": PURPLE,
    "achievement": PURPLE,
    "crown_change": PURPLE,
    "territory_capture": BLUE,
    "item_theft": ORANGE,
    "heist_win": ORANGE,
}




def _cut(text: str, limit: int) -> tuple[str, str]:
    """The longest clean head of ``text`` within ``limit`` characters, and the rest."""
    if len(text) <= limit:
        return text, ""
    cut = boundary(text, limit) or limit
    return text[:cut].rstrip(), text[cut:].lstrip()


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head, _ = _cut(text, limit - len(ELLIPSIS))
    return head + ELLIPSIS


def embed_messages(
    text: str, *, title: str = "", colour: int = PURPLE, max_messages: int = 3
) -> list[list[discord.Embed]]:
    """Embeds for ``text``, grouped per message; the title goes on the first embed only."""
    title = _truncate(" ".join(title.split()), TITLE_LIMIT)
    rest = text.strip() or ELLIPSIS
    messages: list[list[discord.Embed]] = []
    while rest and len(messages) < max_messages:
        budget = MESSAGE_TOTAL_LIMIT
        embeds: list[discord.Embed] = []
        while rest and len(embeds) < EMBEDS_PER_MESSAGE:
            head_title = title if not messages and not embeds else ""
            room = min(DESCRIPTION_LIMIT, budget - len(head_title))
            if room <= len(ELLIPSIS) or (
                embeds and len(rest) > room and not boundary(rest, room, lines_only="\n" in rest)
            ):
                break  # start the next message rather than cut a line (or word) short
            piece, rest = _cut(rest, room)
            embed = discord.Embed(description=piece, colour=colour)
            if head_title:
                embed.title = head_title
            embeds.append(embed)
            budget -= len(head_title) + len(piece)
        messages.append(embeds)
    if rest:
        final = messages[-1][-1]
        kept = final.description or ""
        final.description = _truncate(f"{kept}\n{rest}", len(kept))
    return messages


def feed_embed(title: str, text: str, kind: str) -> discord.Embed:
    """One feed embed (a feed item is short by construction; anything longer is cut)."""
    title = _truncate(" ".join(title.split()), TITLE_LIMIT)
    description = _truncate(
        text.strip(), min(DESCRIPTION_LIMIT, MESSAGE_TOTAL_LIMIT - len(title) - 20)
    )
    embed = discord.Embed(
        title=title or None, description=description or None, colour=COLOURS.get(kind, PURPLE)
    )
    embed.set_footer(text="Kingpin RPG")
    return embed
