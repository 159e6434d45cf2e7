"""Who the simulated viewers are and how they behave: documented, overridable distributions.

A channel's audience is mostly lurkers; a long tail of regulars and a few grinders do most of the
playing. Each viewer gets one `Archetype` for the whole season (drawn by ``share``). Figures are
per *watched stream* unless they say otherwise; counts are drawn from a Poisson distribution with
the given mean (chat messages from an exponential one: a few viewers talk a lot).

The default schedule follows the progression model of DECISION 5 (docs/game-rules.md): five
streams a week (Monday–Friday), 3 hours from 19:00 game time; live plays are paid with channel
points (≈ 10 plays for a 3-hour watch), so a regular plays about ten times a stream, and only
grinders keep playing offline (Discord / offline chat, 5-minute cooldown, DECISION 7).

| archetype | share | watches a stream | msgs | live plays | offline plays/day | check-in | robs wanted | supporter |
|---|---|---|---|---|---|---|---|---|
| lurker  | 60 % | 25 % | 3  | 0.3 | 0   | 25 % | 0   | 1 %  |
| casual  | 27 % | 45 % | 12 | 4   | 0.3 | 70 % | 0.5 | 4 %  |
| regular | 10 % | 75 % | 30 | 10  | 2   | 95 % | 2   | 12 % |
| grinder |  3 % | 92 % | 60 | 15  | 20  | 100 %| 3   | 25 % |

A busted viewer bails (with the archetype's chance) only when the bail costs no more than
``bail_impatience`` (2) × what the jail hour would take from them: their plays per hour × the mean
payout of a play at their tier. Rich players therefore sit out the hour rather than pay 15 % of
their wallet; poor ones (bail is free below $500) walk out at once.

Robs are limited by heist tokens (check-in + chat, cap 5). A rob picks a viewer in the stream
(their name is in chat); a share of robs (``rich_targets``) goes for the richest viewers present
(the ``!lb`` top 10). Now and then a viewer ``!give``s a friend in chat a tenth of their wallet
(casual 2 %, regular 5 %, grinder 8 % of watched streams). Supporters renew a sub once a month; viewers cheer bits now and then; a few
gift bombs land each stream. Heists, the Juicernaut crown, the casino and factions are not in the
engine yet: when they land, each becomes one more action here (see ``kingpin_sim/__init__``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["ARCHETYPES", "Archetype", "Population"]


@dataclass(frozen=True, slots=True)
class Archetype:
    name: str
    share: float  # fraction of the audience
    attend: float  # chance to watch a given stream
    offline_presence: float  # chance to be around on a day without a stream (Discord)
    messages: float  # mean chat messages per watched stream
    plays: float  # mean live plays per watched stream (channel points)
    offline_plays: float  # mean plays per day outside the stream
    checkin: float  # chance to check in on a day they are around
    robs: float  # mean rob attempts wanted per watched stream (tokens permitting)
    rich_targets: float  # share of robs aimed at the richest viewers present
    opens_crates: float  # chance to open held crates on a day they are around
    shops: float  # chance to visit the personal shop on a day they are around
    market: bool  # also looks at the black market
    spend_share: float  # spends at most this share of wealth on one item
    bails: float  # chance to pay bail when busted (else waits out the 60 minutes)
    collects: bool  # collects business revenue each cycle while around
    insures: bool  # buys rob insurance when rich enough
    subscriber: float  # chance to be a subscriber (one resub a month)
    cheers: float  # chance per watched stream to cheer bits
    gives: float = 0.0  # chance per watched stream to !give a friend in chat some cash


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("lurker", 0.60, 0.25, 0.02, 3, 0.3, 0.0, 0.25, 0.0, 0.0, 0.5, 0.0, False, 0.3, 0.0, False, False, 0.01, 0.002, 0.0),
    Archetype("casual", 0.27, 0.45, 0.05, 12, 4, 0.3, 0.70, 0.5, 0.3, 0.9, 0.15, False, 0.4, 0.3, False, False, 0.04, 0.01, 0.02),
    Archetype("regular", 0.10, 0.75, 0.30, 30, 10, 2, 0.95, 2, 0.5, 1.0, 0.6, False, 0.5, 0.6, True, False, 0.12, 0.03, 0.05),
    Archetype("grinder", 0.03, 0.92, 0.85, 60, 15, 20, 1.00, 3, 0.7, 1.0, 1.0, True, 0.5, 1.0, True, True, 0.25, 0.05, 0.08),
)


@dataclass(frozen=True, slots=True)
class Population:
    archetypes: tuple[Archetype, ...] = ARCHETYPES
    start: date = date(2026, 1, 5)  # a Monday
    stream_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    stream_start_hour: int = 19
    stream_hours: int = 3
    gift_bombs_per_stream: float = 0.6
    gift_bomb_sizes: tuple[int, ...] = (1, 1, 1, 5, 5, 10, 20)
    cheer_sizes: tuple[int, ...] = (100, 100, 100, 200, 500, 1000)
    sub_tiers: tuple[float, ...] = (0.85, 0.10, 0.05)  # tier 1 / 2 / 3
    insurance_budget: float = 0.02  # a plan is bought when its premium is ≤ 2 % of wealth
    give_share: float = 0.10  # a !give sends this share of the giver's wealth (daily cap permitting)
    top_targets: int = 10
    # A busted viewer who would bail pays only if bail costs at most this many hours of the plays
    # the jail hour takes from them (plays per hour × mean play payout of their tier).
    bail_impatience: float = 2.0

    def describe(self) -> dict[str, object]:
        """The figures, for the report."""
        return {
            "start": self.start.isoformat(),
            "stream_weekdays": list(self.stream_weekdays),
            "stream_start_hour": self.stream_start_hour,
            "stream_hours": self.stream_hours,
            "gift_bombs_per_stream": self.gift_bombs_per_stream,
            "insurance_budget": self.insurance_budget,
            "give_share": self.give_share,
            "top_targets": self.top_targets,
            "bail_impatience": self.bail_impatience,
            "archetypes": [
                {f: getattr(a, f) for f in Archetype.__dataclass_fields__} for a in self.archetypes
            ],
        }
