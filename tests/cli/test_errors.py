"""The CLI prints a KingpinError as one line and exits 2 (run as a process: the CLI configures
logging for the whole interpreter)."""

from __future__ import annotations

import subprocess
import sys

from bot.errors import ConfigError, KingpinError
from bot.repository.effects import EffectRefused


def _kingpin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_kingpin_error_is_one_line_and_exit_2() -> None:
    done = _kingpin("console", "--clock", "2026-01-01T12:00:00")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["error: --clock needs a timezone, e.g. 2026-01-01T12:00:00Z"]


def test_missing_script() -> None:
    done = _kingpin("console", "--script", "/nonexistent/kingpin-script.txt")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: no such script: /nonexistent/kingpin-script.txt"


def test_our_errors_share_one_root() -> None:
    assert issubclass(ConfigError, KingpinError) and issubclass(ConfigError, ValueError)
    assert issubclass(EffectRefused, KingpinError) and issubclass(EffectRefused, RuntimeError)
