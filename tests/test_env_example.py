"""`.env.example` lists every setting, each with a comment line above it."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from bot.config import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def _names(model: type[BaseModel], prefix: str = "") -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            names += _names(kind, f"{prefix}{name.upper()}__")
        else:
            names.append(f"{prefix}{name.upper()}")
    return names


def test_every_setting_is_documented() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    present = {}
    for index, line in enumerate(lines):
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            present[match[1]] = index
    missing = [name for name in _names(Settings) if name not in present]
    assert missing == []
    setting = re.compile(r"^#?\s*[A-Z][A-Z0-9_]*=")

    def explained(index: int) -> bool:
        # walk up through the block of settings this one belongs to: a comment must head it
        while index > 0 and setting.match(lines[index - 1]):
            index -= 1
        return index > 0 and lines[index - 1].startswith("#") and not setting.match(lines[index - 1])

    undocumented = [name for name, index in present.items() if not explained(index)]
    assert undocumented == []


def test_the_example_parses() -> None:
    settings = Settings(_env_file=EXAMPLE)
    assert settings.command_prefix == "!"
