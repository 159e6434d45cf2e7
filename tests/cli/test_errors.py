"""The CLI prints a KingpinError as one line and exits 2."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.errors import ConfigError, KingpinError
from bot.repository.effects import EffectRefused


def test_kingpin_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["console", "--clock", "2026-01-01T12:00:00"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --clock needs a timezone, e.g. 2026-01-01T12:00:00Z"]


def test_missing_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["console", "--script", "/nonexistent/kingpin-script.txt"]) == 2
    assert capsys.readouterr().err.strip() == "error: no such script: /nonexistent/kingpin-script.txt"


def test_our_errors_share_one_root() -> None:
    assert issubclass(ConfigError, KingpinError) and issubclass(ConfigError, ValueError)
    assert issubclass(EffectRefused, KingpinError) and issubclass(EffectRefused, RuntimeError)
