"""``kingpin audit``: check the money invariants on a live database.

What is checked (each is a query under ``sql/queries/audit/``), and why it is honest:

* **wealth = ledger** — every player's ``wealth`` equals the sum of their ledger amounts and the
  ``balance_after`` of their latest ledger row; no wealth is negative.
* **ledger chain** — every ledger row continues its player's chain (``balance_before`` = the
  previous row's ``balance_after``, 0 for the first), its arithmetic holds and no balance is
  negative. The triggers enforce this on insert; the audit re-checks rows written with triggers
  disabled or by hand.
* **heist tokens** — every balance is ``lifetime_earned − lifetime_spent`` and not negative.
* **game events ↔ ledger** — a game event's recorded ``wealth_change`` for its player equals the
  ledger rows written under that event for that player (commands log the event and apply its
  wealth moves in one transaction).
* **game events ↔ processed events** — a game event caused by a platform event has that event
  recorded in ``processed_events`` (the mark commits with the effects or not at all).
* **supports paid** — a support that promised a player wealth has the matching ``support``
  ledger row (reference = the monetization event id, same player, same amount).
* **merges** — a character merged into another holds no wealth and no platform identity.

What is *not* checked: that every processed command produced money movements — a refused
``!play`` or a ``!profile`` is processed and rightly moves nothing, so the processed-events
table alone cannot say which events *should* have paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg

from bot.format import money
from bot.sql import QUERIES

__all__ = ["AuditReport", "run_audit"]

_LIMIT = 20  # problems printed per check; the count is always exact


@dataclass(slots=True)
class AuditReport:
    problems: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            return [f"audit OK: {self.summary}"]
        return [*self.problems, f"audit FAILED: {len(self.problems)} problem(s); {self.summary}"]


def _report(report: AuditReport, check: str, rows: list[asyncpg.Record], line: str) -> None:
    for row in rows[:_LIMIT]:
        report.problems.append(f"[{check}] " + line.format(**dict(row)))
    if len(rows) > _LIMIT:
        report.problems.append(f"[{check}] … and {len(rows) - _LIMIT} more")


async def run_audit(conn: asyncpg.Connection) -> AuditReport:
    """Run every check in one read-only, repeatable-read snapshot."""
    report = AuditReport()
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        _report(
            report, "wealth", await conn.fetch(QUERIES["audit/wealth_vs_ledger"]),
            "user {user_id} ({username}): wealth {wealth} but ledger sum {ledger_sum}, latest balance {last_balance}",
        )
        _report(
            report, "ledger", await conn.fetch(QUERIES["audit/ledger_chain"]),
            "ledger row {ledger_id} of user {user_id}: amount {amount}, before {balance_before} "
            "(expected {expected_before}), after {balance_after}",
        )
        _report(
            report, "tokens", await conn.fetch(QUERIES["audit/token_balances"]),
            "user {user_id}: token balance {balance} but earned {lifetime_earned} − spent {lifetime_spent}",
        )
        _report(
            report, "events", await conn.fetch(QUERIES["audit/game_event_ledger"]),
            "game event {game_event_id} ({event_type}) of user {user_id}: wealth change {wealth_change} "
            "but ledger {ledger_sum}",
        )
        _report(
            report, "processed", await conn.fetch(QUERIES["audit/unprocessed_game_events"]),
            "game event {game_event_id} ({event_type}) of user {user_id}: platform event "
            "{source_platform}:{source_event_id} not recorded as processed",
        )
        _report(
            report, "supports", await conn.fetch(QUERIES["audit/unpaid_supports"]),
            "support {monetization_event_id} ({event_type}) promised user {user_id} {wealth_rewarded} "
            "without its ledger row",
        )
        _report(
            report, "merges", await conn.fetch(QUERIES["audit/merged_users"]),
            "user {user_id} merged into {merged_into_user_id} still holds wealth {wealth} and "
            "{identities} platform identities",
        )
        s = await conn.fetchrow(QUERIES["audit/summary"])
    report.summary = (
        f"{s['players']:,} players hold {money(s['wealth'])} = ledger {money(s['ledger_sum'])} "
        f"over {s['ledger_rows']:,} rows; {s['token_holders']:,} token balances; "
        f"{s['game_events']:,} game events; {s['processed_events']:,} processed events; "
        f"{s['supports']:,} supports"
    )
    return report
