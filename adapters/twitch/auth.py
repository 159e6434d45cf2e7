"""``kingpin twitch login``: the OAuth device-code flow through twitchio's ``OAuth`` helpers.

Device code, not twitchio's redirect flow (``get_authorization_url`` + its web adapter on
:4343): the streamer runs this once on whatever machine hosts the bot, often headless, and the
device code needs no redirect URL, open port or browser on that machine. twitchio's own
``Client.login_dcf`` is not used either: it refuses a client secret and keeps the token in the
client (we save it to ``platform_tokens`` through the ``TokenStore``). Token upkeep after login
(validation, refresh, saving refreshed tokens) is twitchio's, in ``transport.TwitchClient``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import twitchio
from twitchio.authentication import OAuth, Scopes

from adapters.twitch.transport import in_order, point_twitchio_at
from bot.config import TwitchSettings
from bot.errors import KingpinError
from bot.events import Platform
from bot.ports import OAuthToken, TokenStore

__all__ = ["BOT_SCOPES", "BROADCASTER_SCOPES", "TwitchAuthError", "login_flow"]

BOT_SCOPES: tuple[str, ...] = ("user:read:chat", "user:write:chat", "user:bot")
BROADCASTER_SCOPES: tuple[str, ...] = ("channel:bot", "channel:read:redemptions")

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TwitchAuthError(KingpinError, RuntimeError):
    """A token is missing, revoked or cannot be refreshed; the streamer must log in again."""

    def __init__(self, account: str, reason: str) -> None:
        super().__init__(
            f"Twitch token for account {account or '?'}: {reason}. "
            "Run `kingpin twitch login` to authorise again."
        )
        self.account = account
        self.reason = reason


async def login_flow(
    settings: TwitchSettings,
    token_store: TokenStore,
    *,
    out: Callable[[str], None] = print,
    broadcaster: bool = False,
    clock: Clock = _utcnow,
) -> OAuthToken:
    """Walk a streamer through the device-code flow and save the resulting token.

    ``broadcaster=False`` authorises the bot account (log in to Twitch *as the bot* in the
    browser); ``broadcaster=True`` authorises a channel owner for redemptions and ``channel:bot``.
    """
    if not settings.client_id:
        raise TwitchAuthError("", "TWITCH__CLIENT_ID is not set")
    point_twitchio_at(settings)
    scopes = BROADCASTER_SCOPES if broadcaster else BOT_SCOPES
    oauth = OAuth(
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value() or None,
        scopes=Scopes(scopes),
    )
    try:
        device = await oauth.device_code_flow()
        who = "the channel owner" if broadcaster else "the BOT account"
        out(
            f"Open {device['verification_uri']} signed in as {who} and enter the code "
            f"{device['user_code']}."
        )
        out(f"Scopes requested: {' '.join(scopes)}")
        try:
            async with asyncio.timeout(float(device.get("expires_in") or 1800)):
                grant = await oauth.device_code_authorization(
                    device_code=str(device["device_code"]),
                    interval=device.get("interval") or 5,
                )
        except TimeoutError as exc:
            raise TwitchAuthError("", "the code expired before it was entered") from exc
        except twitchio.HTTPException as exc:
            reason = str(exc.extra.get("message") or f"HTTP {exc.status}")
            raise TwitchAuthError("", f"authorisation failed: {reason}") from exc
        except ValueError as exc:  # twitchio 3.3.2: a refusal it has no enum member for
            raise TwitchAuthError("", "authorisation was refused") from exc
        try:
            info = await oauth.validate_token(grant["access_token"])
        except twitchio.HTTPException as exc:
            raise TwitchAuthError("", "Twitch refused the new token") from exc
        user_id = info.user_id or ""
        token = OAuthToken(
            platform=Platform.TWITCH,
            account=user_id,
            access_token=grant["access_token"],
            refresh_token=grant["refresh_token"],
            scopes=in_order(info.scopes or grant.get("scope") or scopes, scopes),
            expires_at=clock() + timedelta(seconds=info.expires_in) if info.expires_in else None,
        )
        await token_store.save(token)
        out(f"Saved the Twitch token for {info.login} (user id {user_id}).")
        if not broadcaster and settings.bot_user_id and settings.bot_user_id != user_id:
            out(
                f"Warning: TWITCH__BOT_USER_ID is {settings.bot_user_id}, but you logged in as "
                f"user id {user_id}. Set TWITCH__BOT_USER_ID={user_id}."
            )
        if broadcaster and user_id not in settings.channels:
            out(f"Note: add {user_id} to TWITCH__CHANNELS to serve this channel.")
        return token
    finally:
        await oauth.close()
