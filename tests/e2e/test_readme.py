"""The README's first-run commands run as written, and the demo script it names exists and plays."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pydantic import SecretStr

from bot.config import Settings
from bot.runner import parse_clock, run_console

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_commands_run_from_the_venv_and_name_real_files() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands[0].startswith("python3 -m venv .venv && .venv/bin/pip install .")
    for command in commands[1:]:
        if "kingpin " in command:
            assert re.search(r"(^|&& )\.venv/bin/kingpin ", command), command
    for path in re.findall(r"--script ([\w./-]+\.txt)", README):
        assert (ROOT / path).is_file(), path
    assert "DATA_DIR/pgdata" in README or "`DATA_DIR`/pgdata" in README


async def test_demo_script_plays(db_url: str) -> None:
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=SecretStr(db_url))
    script = ROOT / "examples" / "demo.txt"
    code = await run_console(
        settings, script=script, seed=7, clock=parse_clock("2026-01-01T12:00:00Z"), out=out
    )
    text = out.getvalue()
    assert code == 0
    assert "not processed" not in text and "[console] unknown" not in text, text
    assert "alice checked in: day 1" in text
    assert "slow down" in text
    assert "Thanks dave for gifting 5 subs" in text
    assert "clock is now 2026-01-02" in text
