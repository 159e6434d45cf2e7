"""A fake Discord text channel that records sends, and a resolver over a set of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import discord

__all__ = ["FakeChannel", "FakeChannels", "Post", "http_error"]


def http_error(status: int, reason: str, code: int = 0) -> discord.HTTPException:
    """A real discord.py HTTP error for a given status (the library builds these from responses)."""
    response = SimpleNamespace(status=status, reason=reason)
    cls: type[discord.HTTPException] = {403: discord.Forbidden, 404: discord.NotFound}.get(
        status, discord.HTTPException
    )
    return cls(response, {"code": code, "message": reason})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Post:
    at: float
    embed: discord.Embed
    allowed_mentions: discord.AllowedMentions


@dataclass
class FakeChannel:
    id: int
    guild: SimpleNamespace | None = None
    clock: Callable[[], float] = lambda: 0.0
    fail_sends: int = 0  # the next N sends fail with 403 Missing Access
    posts: list[Post] = field(default_factory=list)

    async def send(
        self, *, embed: discord.Embed, allowed_mentions: discord.AllowedMentions
    ) -> None:
        if self.fail_sends:
            self.fail_sends -= 1
            raise http_error(403, "Missing Access", 50001)
        self.posts.append(Post(self.clock(), embed, allowed_mentions))


class FakeChannels:
    """A ``ChannelResolver``: known ids resolve, others raise 404 Unknown Channel."""

    def __init__(self, *channels: FakeChannel) -> None:
        self.by_id = {c.id: c for c in channels}
        self.resolved: list[int] = []

    async def __call__(self, channel_id: int) -> FakeChannel:
        self.resolved.append(channel_id)
        try:
            return self.by_id[channel_id]
        except KeyError:
            raise http_error(404, "Not Found", 10003) from None
