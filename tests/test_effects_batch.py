"""bot.repository.effects.Effects: the engine's effects folded into one typed batch (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.repository.effects import Effects, Jail, Tail
from game import (
    CooldownKind,
    CooldownSet,
    ItemGranted,
    JailSet,
    LedgerReason,
    Stat,
    StatIncrement,
    TokenDelta,
    TokenReason,
    WealthDelta,
    XpDelta,
)

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)


def test_a_rob_folds_into_one_row_per_player() -> None:
    batch = Effects.collect([
        TokenDelta(1, -1, TokenReason.ROB),
        WealthDelta(2, -500, LedgerReason.ROBBED, 1),
        WealthDelta(1, 500, LedgerReason.ROB, 2),
        XpDelta(1, 50),
        StatIncrement(1, Stat.ROB_ATTEMPTS),
        StatIncrement(1, Stat.ROB_SUCCESSES),
        CooldownSet(1, CooldownKind.ROB_TARGET, NOW, 2),
        CooldownSet(1, CooldownKind.ROB_TARGET, NOW.replace(hour=13), 2),  # the last one wins
        ItemGranted(1, "switchblade", 10),
    ])
    assert [p.user_id for p in batch.players] == [2, 1]  # movers first, in the effects' order
    robbed, robber = batch.players
    assert (robbed.wealth, robbed.reason, robbed.reference, robbed.times_robbed) == (-500, "robbed", "1", 1)
    assert (robber.wealth, robber.reason, robber.xp) == (500, "rob", 50)
    assert [c.until.hour for c in batch.cooldowns] == [13] and batch.cooldowns[0].target == "2"
    assert batch.spent == ((1, 1),) and batch.earned == ()
    assert [b.user_id for b in batch.boards] == [1]
    assert [type(e) for e in batch.guarded] == [ItemGranted]
    assert not batch.single_moves and not batch.single_tokens


def test_two_moves_of_one_player_go_one_statement_each() -> None:
    batch = Effects.collect([
        WealthDelta(1, -100, LedgerReason.PLAY_LOSS),
        WealthDelta(1, 300, LedgerReason.PLAY),
        TokenDelta(1, 1, TokenReason.PLAY),
        TokenDelta(1, -1, TokenReason.ROB),
        JailSet(1, NOW),
    ])
    assert [m.amount for m in batch.single_moves] == [-100, 300]
    assert [t.amount for t in batch.single_tokens] == [1, -1]
    assert batch.earned == () and batch.spent == ()
    (patch,) = batch.players
    assert (patch.wealth, patch.jail, patch.jailed_until) == (0, Jail.SET, NOW)


def test_tail_params_match_effects_apply() -> None:
    batch = Effects.collect([WealthDelta(1, 10, LedgerReason.PLAY), XpDelta(1, 5)])
    tail = Tail(None, None, batch.players, batch.boards, ([], [], []), batch.cooldowns,
                batch.earned, batch.spent, ())
    params = tail.params()
    assert len(params) == 60  # effects/apply.sql's $1…$60
    assert params[14:17] == ([1], [10], ["play"])
