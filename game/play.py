"""!play: bust roll, event pick, rewards with every multiplier, crate drop.

Order (spec 02 §2 with DECISIONs 6–9):
 1. jailed → rejected; offline play inside the 5-min play cooldown → rejected (DECISION 7);
    token gate (off by default, DECISION 6) and the optional 1-token boost need tokens.
 2. tokens spent; play counted; offline cooldown set.
 3. bust 5 % (applies to the Juicernaut too, DECISION 9) → 60 min jail, no rewards.
 4. 15 % a negative event, else a positive one, uniformly within the player's tier.
 5. wealth and XP rolled uniformly in the event's ranges.
 6. gains: × tier multiplier, then the tier cap (DECISION 8), then consumable buff, Juicernaut,
    territory, token boost — each step floors its own bonus. Wealth multipliers never touch losses;
    XP multipliers apply to every non-bust play. A loss never exceeds current wealth.
 7. crate drop: magnet (50 % to consume and force) else base 2 % × buffs; tier by player tier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from game._frozen import fast_init
from game.catalogue import Catalogue, PlayEvent
from game.crates import Placement, place_crate
from game.effects import (
    ConsumableKind,
    ConsumableUsed,
    CooldownKind,
    CooldownSet,
    Effect,
    JailSet,
    LedgerReason,
    NoticeKind,
    Notification,
    Rejected,
    RejectReason,
    Resolved,
    Stat,
    StatIncrement,
    TokenDelta,
    TokenReason,
    WealthDelta,
)
from game.model import CrateSource, CrateTier, Player
from game.progression import gain_xp, level_tables, tier_for_level, tier_multiplier
from game.rng import Rng
from game.rules import CRATE_TIERS, Rules

__all__ = ["PlayBuffs", "PlayResult", "PlayState", "resolve_play"]


@dataclass(frozen=True, slots=True)
class PlayBuffs:
    """Multipliers in force for this play, as fractions (0.25 = +25 %)."""

    wealth_bonus: float = 0.0
    xp_bonus: float = 0.0
    crate_drop_multiplier: float = 1.0
    juicernaut: bool = False
    territory_wealth: float = 0.0
    territory_xp: float = 0.0
    territory_all: float = 0.0
    territory_crate: float = 0.0


@dataclass(frozen=True, slots=True)
class PlayState:
    player: Player
    catalogue: Catalogue
    buffs: PlayBuffs = field(default_factory=PlayBuffs)
    crates_held: int = 0
    crates_escrowed: int = 0
    has_crate_magnet: bool = False
    live: bool = True
    cooldown_until: datetime | None = None
    boost: bool = False


@fast_init
@dataclass(frozen=True, slots=True)
class PlayResult:
    event: PlayEvent
    busted: bool
    wealth: int = 0
    xp: int = 0
    jailed_until: datetime | None = None
    crate: CrateTier | None = None
    crate_placement: Placement | None = None
    boosted: bool = False


def resolve_play(
    state: PlayState, *, rules: Rules, rng: Rng, now: datetime
) -> Resolved[PlayResult] | Rejected:
    # The hot path of economy simulations: kept flat (no helper per multiplier, per-level tier
    # tables instead of bisecting, no throwaway lists). Same rolls in the same order, same
    # effects in the same order as the step list in the module docstring.
    player, pr = state.player, rules.play
    jailed_until = player.jailed_until
    if jailed_until is not None and jailed_until > now:
        return Rejected(RejectReason.JAILED, until=jailed_until)
    live, boost = state.live, state.boost
    if not live and state.cooldown_until is not None and state.cooldown_until > now:
        return Rejected(RejectReason.ON_COOLDOWN, until=state.cooldown_until)
    require_token = pr.require_token
    if require_token or boost:
        cost = (1 if require_token else 0) + (pr.boost_tokens if boost else 0)
        if player.tokens < cost:
            return Rejected(RejectReason.NO_TOKEN, amount=cost)
    elif player.tokens < 0:
        return Rejected(RejectReason.NO_TOKEN, amount=0)
    level = player.level
    tables = level_tables(rules.progression)
    if 1 <= level <= tables.max_level:
        tier, rank, tier_bonus = tables.tier[level], tables.rank[level], tables.bonus[level]
    else:
        tier = tier_for_level(level, rules.progression)
        rank, tier_bonus = tier.rank, tier_multiplier(tier, rules.progression) - 1.0
    catalogue = state.catalogue
    positive = catalogue.positive_events.get(tier, ())
    negative = catalogue.negative_events.get(tier, ())
    if not positive and not negative:
        return Rejected(RejectReason.NO_EVENTS, detail=tier.value)

    uid = player.user_id
    effects: list[Effect] = []
    if require_token:
        effects.append(TokenDelta(uid, -1, TokenReason.PLAY))
    if boost:
        effects.append(TokenDelta(uid, -pr.boost_tokens, TokenReason.PLAY_BOOST))
    effects.append(StatIncrement(uid, Stat.PLAYS, 1))
    if not live and pr.offline_cooldown_seconds > 0:
        until = now + timedelta(seconds=pr.offline_cooldown_seconds)
        effects.append(CooldownSet(uid, CooldownKind.PLAY, until))

    buffs = state.buffs
    juicernaut = buffs.juicernaut
    busted = rng.chance(pr.bust_chance) and not (juicernaut and pr.juicernaut_bust_immune)
    is_negative = bool(negative) and (not positive or rng.chance(pr.negative_chance))
    event = rng.choice(negative if is_negative else positive)
    if busted:
        jailed_until = now + timedelta(minutes=pr.jail_minutes)
        effects += [
            JailSet(uid, jailed_until),
            StatIncrement(uid, Stat.BUSTS),
            Notification(uid, NoticeKind.JAILED, (("minutes", pr.jail_minutes),)),
        ]
        result = PlayResult(event, True, jailed_until=jailed_until, boosted=boost)
        return Resolved(result, tuple(effects))

    wealth = rng.randint(event.wealth_min, event.wealth_max)
    xp = rng.randint(event.xp_min, event.xp_max)

    # Multipliers (step 6): each bonus step is `if f > 0: v += int(v * f)` (floors its own bonus).
    if pr.apply_tier_multiplier and tier_bonus > 0:
        xp += int(xp * tier_bonus)
        if not is_negative:
            wealth += int(wealth * tier_bonus)
    if is_negative:
        wealth = -min(wealth, player.wealth)
    else:
        cap = pr.wealth_caps[rank]
        if wealth > cap:
            wealth = cap
        fraction = buffs.wealth_bonus
        if fraction > 0:
            wealth += int(wealth * fraction)
        if juicernaut:
            fraction = pr.juicernaut_wealth - 1.0
            if fraction > 0:
                wealth += int(wealth * fraction)
        fraction = buffs.territory_wealth + buffs.territory_all
        if fraction > 0:
            wealth += int(wealth * fraction)
        if boost:
            fraction = pr.boost_multiplier - 1.0
            if fraction > 0:
                wealth += int(wealth * fraction)
    fraction = buffs.xp_bonus
    if fraction > 0:
        xp += int(xp * fraction)
    if juicernaut:
        fraction = pr.juicernaut_xp - 1.0
        if fraction > 0:
            xp += int(xp * fraction)
    fraction = buffs.territory_xp + buffs.territory_all
    if fraction > 0:
        xp += int(xp * fraction)
    if boost:
        fraction = pr.boost_multiplier - 1.0
        if fraction > 0:
            xp += int(xp * fraction)

    if wealth > 0:
        effects.append(WealthDelta(uid, wealth, LedgerReason.PLAY, None))
        effects.append(StatIncrement(uid, Stat.WEALTH_EARNED, wealth))
    elif wealth < 0:
        effects.append(WealthDelta(uid, wealth, LedgerReason.PLAY_LOSS, None))
    effects.append(StatIncrement(uid, Stat.LOSSES if is_negative else Stat.WINS, 1))
    if xp > 0:
        effects.append(StatIncrement(uid, Stat.XP_EARNED, xp))
        effects += gain_xp(uid, player.xp, level, xp, rules.progression)

    # Crate drop (step 7).
    if state.has_crate_magnet and rng.chance(pr.crate_magnet_chance):
        effects.append(ConsumableUsed(uid, ConsumableKind.CRATE_MAGNET))
        dropped = True
    else:
        chance = pr.crate_chance * buffs.crate_drop_multiplier * (1.0 + buffs.territory_crate)
        if juicernaut:
            chance *= pr.juicernaut_loot
        dropped = rng.chance(chance)
    crate_tier: CrateTier | None = None
    placement: Placement | None = None
    if dropped:
        crate_tier = CRATE_TIERS[rng.weighted_index(pr.crate_tier_weights[rank])]
        placement, crate_effects = place_crate(
            uid,
            crate_tier,
            CrateSource.PLAY,
            held=state.crates_held,
            escrowed=state.crates_escrowed,
            rules=rules,
            now=now,
        )
        effects += crate_effects
    result = PlayResult(event, False, wealth, xp, None, crate_tier, placement, boost)
    return Resolved(result, tuple(effects))
