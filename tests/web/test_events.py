"""Overlay events derived from live-state changes and outbox rows (pure)."""

from __future__ import annotations

from bot.repository.web import LiveState
from bot.web.events import diff_events, row_event

SESSION = {"id": 1, "title": "t", "total_cents": 500}
BUFFS = ("2x XP",)


def _state(**parts: object) -> LiveState:
    base: dict[str, object] = {"session": SESSION, "crown": None, "standings": [], "heist": None,
                               "last_heist": None}
    base.update(parts)
    return LiveState(**base)  # type: ignore[arg-type]


def test_nothing_changed_means_no_event() -> None:
    assert diff_events(_state(), _state(), BUFFS) == []
    assert diff_events(None, _state(), BUFFS) == []


def test_crown_taken_names_the_previous_holder() -> None:
    old = _state(crown={"user_id": 1, "holder": "ann", "total_cents": 500})
    new = _state(crown={"user_id": 2, "holder": "bo", "total_cents": 900})
    (event,) = diff_events(old, new, BUFFS)
    assert event == {"type": "crown", "user_id": 2, "holder": "bo", "total_cents": 900,
                     "previous": "ann", "buffs": ["2x XP"]}


def test_holder_adding_to_the_total_is_a_crown_event_without_previous() -> None:
    old = _state(crown={"user_id": 1, "holder": "ann", "total_cents": 500})
    new = _state(crown={"user_id": 1, "holder": "ann", "total_cents": 700})
    (event,) = diff_events(old, new, BUFFS)
    assert event["previous"] is None and event["total_cents"] == 700


def test_heist_lifecycle() -> None:
    heist = {"id": 7, "prompt": "2+2?", "seconds": 60, "started_at": "x", "type": "math_hack"}
    started = diff_events(_state(), _state(heist=heist), BUFFS)
    assert [e["type"] for e in started] == ["heist_started"] and started[0]["prompt"] == "2+2?"
    won = {"id": 7, "status": "won", "winner": "cy", "answer": "4", "response_ms": 1200}
    ended = diff_events(_state(heist=heist), _state(last_heist=won), BUFFS)
    assert [e["type"] for e in ended] == ["heist_won"] and ended[0]["winner"] == "cy"
    lost = {"id": 8, "status": "expired", "answer": "map"}
    assert diff_events(_state(last_heist=won), _state(last_heist=lost), BUFFS)[0]["type"] == "heist_expired"


def test_session_end_and_standings() -> None:
    events = diff_events(_state(standings=[{"name": "a", "cents": 1}]), _state(session=None), BUFFS)
    assert {e["type"] for e in events} == {"session", "standings"}


def test_outbox_rows() -> None:
    big = row_event("feed", {"kind": "legendary_drop", "title": "T", "text": "x pulled y"})
    assert big == {"type": "big_win", "kind": "legendary_drop", "title": "T", "text": "x pulled y"}
    assert row_event("feed", {"kind": "tier_up", "title": "T", "text": "up"})["type"] == "toast"
    assert row_event("announce", {"text": "3 players leveled up"})["text"] == "3 players leveled up"
    assert row_event("announce", {}) is None
    assert row_event("something_else", {"text": "no"}) is None


def test_moments_shown_from_the_live_state_are_not_toasted_again() -> None:
    for moment in ("crown_change", "heist_alert", "heist_win", "session_start"):
        assert row_event("feed", {"kind": moment, "title": "t", "text": "x"}) is None
        assert row_event("announce", {"kind": moment, "text": "x"}) is None
