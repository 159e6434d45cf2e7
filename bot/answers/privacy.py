"""What !private answers."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PrivacyAnswer"]


@dataclass(frozen=True, slots=True)
class PrivacyAnswer:
    name: str
    hidden: bool
