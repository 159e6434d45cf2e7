"""Typed overlay events (pure): derived from live-state changes and from outbox rows.

Every event is a JSON object with a ``type``:

- ``state``: the whole picture, sent on connect (session, crown, standings, heist, last_heist).
- ``session``: a session started (``session`` set) or ended (``session`` null).
- ``crown``: the crown changed hands or its total grew (holder, total_cents, previous, buffs).
- ``standings``: the session's top supporters changed (top, total_cents).
- ``heist_started``: prompt, seconds, kind, started_at; ``heist_won``: winner, answer,
  response_ms, crate; ``heist_expired``: answer.
- ``big_win``: a legendary crate or drop, a jackpot, a record broken (title, text).
- ``toast``: any other feed moment or chat announcement (title, text) — level-up batches,
  leaderboard announcements, race standings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.repository.web import LiveState

__all__ = ["BIG_WIN_KINDS", "diff_events", "row_event", "state_event"]

Event = dict[str, Any]

# Feed moment kinds shown as a big celebration rather than a plain toast.
BIG_WIN_KINDS = frozenset(
    {"legendary_drop", "legendary_crate", "jackpot", "record_broken", "hall_of_fame"}
)


def state_event(state: LiveState, buffs: Sequence[str]) -> Event:
    crown = dict(state.crown, buffs=list(buffs)) if state.crown else None
    return {
        "type": "state",
        "session": state.session,
        "crown": crown,
        "standings": state.standings,
        "heist": state.heist,
        "last_heist": state.last_heist,
    }


def _id(part: Mapping[str, Any] | None, key: str = "id") -> Any:
    return part.get(key) if part else None


def diff_events(old: LiveState | None, new: LiveState, buffs: Sequence[str]) -> list[Event]:
    """The events that take an overlay showing ``old`` to ``new`` (none when nothing changed)."""
    events: list[Event] = []
    if old is None:
        return events
    if _id(old.session) != _id(new.session):
        events.append({"type": "session", "session": new.session})
    if new.crown and (
        _id(old.crown, "user_id") != new.crown["user_id"]
        or _id(old.crown, "total_cents") != new.crown["total_cents"]
    ):
        previous = old.crown["holder"] if old.crown else None
        if previous == new.crown["holder"]:
            previous = None
        events.append(dict(new.crown, type="crown", previous=previous, buffs=list(buffs)))
    elif old.crown and not new.crown and new.session and _id(old.session) == _id(new.session):
        events.append({"type": "crown", "holder": None, "total_cents": 0, "buffs": []})
    if old.standings != new.standings:
        total = new.session.get("total_cents", 0) if new.session else 0
        events.append({"type": "standings", "top": new.standings, "total_cents": total})
    if new.heist and _id(old.heist) != new.heist["id"]:
        events.append(dict(new.heist, type="heist_started"))
    last = new.last_heist
    if last and _id(old.last_heist) != last["id"]:
        kind = "heist_won" if last["status"] == "won" else "heist_expired"
        events.append(dict(last, type=kind))
    return events


# Moments the overlay already shows from the live state (crown banner, heist timer, session and
# standings events): their chat and feed rows would only repeat them as toasts.
SHOWN_FROM_STATE = frozenset(
    {"crown_change", "heist_alert", "heist_win", "heist_expired", "session_start", "session_end", "standings"}
)


def row_event(kind: str, payload: Mapping[str, Any]) -> Event | None:
    """The overlay event of one outbox row, or ``None`` for rows the overlay does not show."""
    if str(payload.get("kind") or "") in SHOWN_FROM_STATE:
        return None
    if kind == "feed":
        moment = str(payload.get("kind") or "moment")
        return {
            "type": "big_win" if moment in BIG_WIN_KINDS else "toast",
            "kind": moment,
            "title": str(payload.get("title") or ""),
            "text": str(payload.get("text") or ""),
        }
    if kind in ("announce", "announcement", "chat"):
        text = payload.get("text")
        if not text:
            return None
        return {"type": "toast", "kind": str(payload.get("kind") or "announcement"),
                "title": str(payload.get("title") or ""), "text": str(text)}
    return None
