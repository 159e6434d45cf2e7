"""Twitch on twitchio 3: EventSub WebSocket in, Helix Send Chat Message out (docs/twitch.md)."""

from adapters.twitch.adapter import TwitchAdapter
from adapters.twitch.auth import TwitchAuthError, login_flow

__all__ = ["TwitchAdapter", "TwitchAuthError", "login_flow"]
