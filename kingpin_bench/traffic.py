"""The simulated chat: seeded players sending chat lines and commands as ``bot.events`` values.

Player ``i`` (1…N) is ``p<i>`` on Twitch, Kick or Discord (``i % 3``), as the seed wrote them,
and talks in one of a few channels per platform. Each command kind walks the players in its
own pseudo-random cyclic order (``i = 1 + (a·t + b) mod N`` with ``a`` coprime to ``N``), so a
player repeats a command only after every other player has sent it: per-user throttles and
once-a-day rules see the spread a real audience gives, and no per-player list is kept in
memory (a million players cost nothing here). Plain chat comes from a smaller pool of active
chatters, as in real channels. Everything is drawn from one seeded generator per stream.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

from bot.clock import Clock
from bot.events import ChatMessage, Platform, Sender
from kingpin_bench.mix import Kind

__all__ = ["RICH_PLAYERS", "Cycle", "Population", "Traffic"]

RICH_PLAYERS = 10
_PLATFORMS = (Platform.TWITCH, Platform.KICK, Platform.DISCORD)
_PREFIXES = {Platform.TWITCH: "tw", Platform.KICK: "k", Platform.DISCORD: "d"}
_LINES = (
    "gg",
    "lol",
    "nice one",
    "W",
    "that was close",
    "hello chat",
    "PogChamp",
    "who is winning today?",
    "KEKW",
    "let's go",
    "no way",
    "first time here, hi all",
)


class Cycle:
    """Visits 1…n in a fixed pseudo-random order, forever, in O(1) memory."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self._n = n
        a = rng.randrange(1, n) if n > 2 else 1
        while math.gcd(a, n) != 1:
            a += 1
        self._a = a
        self._b = rng.randrange(n)
        self._t = 0

    def __next__(self) -> int:
        value = 1 + (self._a * self._t + self._b) % self._n
        self._t += 1
        return value

    def __iter__(self) -> Cycle:
        return self


@dataclass(frozen=True, slots=True)
class Population:
    """The seeded players: ``players`` in all, ``chatters`` of them chatting, over ``channels``."""

    players: int
    chatters: int
    channels: int = 4

    def platform(self, i: int) -> Platform:
        return _PLATFORMS[i % 3]

    def sender(self, i: int) -> Sender:
        platform = self.platform(i)
        return Sender(user_id=f"{_PREFIXES[platform]}{i}", login=f"p{i}", display_name=f"p{i}")

    def channel(self, i: int) -> str:
        return f"{self.platform(i).value}-{i % self.channels}"


class Traffic:
    """Builds the next event of a kind; each instance is one reproducible stream."""

    def __init__(self, population: Population, clock: Clock, *, seed: int, tag: str) -> None:
        self._pop = population
        self._clock = clock
        self._rng = random.Random(seed)
        self._tag = tag
        self._ids = itertools.count(1)
        self._cycles = {kind: Cycle(population.players, self._rng) for kind in Kind}
        chatter_cycle = Cycle(population.players, self._rng)
        self._chatters = [
            next(chatter_cycle) for _ in range(max(1, min(population.chatters, population.players)))
        ]
        self._chatter_senders: dict[int, Sender] = {}
        self._reads = itertools.cycle(("!profile", "!lb"))

    def event(self, kind: Kind) -> ChatMessage:
        if kind is Kind.CHAT:
            i = self._chatters[self._rng.randrange(len(self._chatters))]
            sender = self._chatter_senders.get(i)
            if sender is None:
                sender = self._chatter_senders[i] = self._pop.sender(i)
            return self._message(i, sender, _LINES[self._rng.randrange(len(_LINES))])
        i = next(self._cycles[kind])
        return self._message(i, self._pop.sender(i), self._text(kind))

    def _text(self, kind: Kind) -> str:
        match kind:
            case Kind.PLAY:
                return "!play"
            case Kind.ROB:
                rich = min(RICH_PLAYERS, self._pop.players)
                if self._rng.random() < 0.5:
                    return f"!rob @p{self._rng.randint(1, rich)}"
                return f"!rob p{self._rng.randint(1, self._pop.players)}"
            case Kind.CHECKIN:
                return "!checkin"
            case Kind.OPEN:
                return "!open"
            case Kind.READ:
                return next(self._reads)
        raise ValueError(kind)

    def _message(self, i: int, sender: Sender, text: str) -> ChatMessage:
        return ChatMessage(
            platform=self._pop.platform(i),
            event_id=f"{self._tag}-{next(self._ids)}",
            channel=self._pop.channel(i),
            sender=sender,
            text=text,
            received_at=self._clock.now(),
        )
