"""Settings: lists from the environment, secrets kept out of reprs, defaults that run."""

from __future__ import annotations

import pytest

from bot.config import KickMode, Settings


def test_id_lists_accept_commas_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWITCH__CHANNELS", "123, 456")
    monkeypatch.setenv("KICK__CHANNELS", '["789"]')
    monkeypatch.setenv("KICK__MODE", "pusher")
    settings = Settings(_env_file=None)
    assert settings.twitch.channels == ["123", "456"]
    assert settings.kick.channels == ["789"]
    assert settings.kick.mode is KickMode.PUSHER
    assert settings.discord.guild_ids == []


def test_secrets_never_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD__TOKEN", "super-secret-token")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:hunter2@db/kingpin")
    settings = Settings(_env_file=None)
    assert "super-secret-token" not in repr(settings)
    assert "hunter2" not in repr(settings)
    assert settings.discord.token.get_secret_value() == "super-secret-token"


def test_defaults_need_nothing() -> None:
    settings = Settings(_env_file=None)
    assert settings.database_url is None
    assert settings.command_prefix == "!"
    assert settings.game_timezone == "UTC"
    assert settings.embedded_pgdata.name == "pgdata"
    assert not (settings.twitch.enabled or settings.kick.enabled or settings.discord.enabled)


def test_settings_are_frozen() -> None:
    settings = Settings(_env_file=None)
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its ValidationError
        settings.command_prefix = "?"  # type: ignore[misc]
