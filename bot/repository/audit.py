"""The ``audit_log``: one row per moderator or admin action, in the acting transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from bot.sql import QUERIES

__all__ = ["AuditEntry", "insert_audit"]

_INSERT = QUERIES["audit/insert"]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    actor_user_id: int | None
    actor_platform: str
    actor_platform_user_id: str
    actor_name: str
    action: str
    target_user_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    reference: str | None


async def insert_audit(conn: asyncpg.Connection, entry: AuditEntry) -> int:
    """Write ``entry``; its audit id."""
    audit_id: int = await conn.fetchval(
        _INSERT,
        entry.actor_user_id,
        entry.actor_platform,
        entry.actor_platform_user_id,
        entry.actor_name,
        entry.action,
        entry.target_user_id,
        entry.before,
        entry.after,
        entry.reason,
        entry.reference,
    )
    return audit_id
