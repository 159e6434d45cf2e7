"""The lottery: a pot drawn at a deadline, provably fair from a seed committed at the opening.

When a draw opens the bot picks a secret 32-byte *server seed* and publishes its SHA-256. At the
deadline:

* ``client seed`` = hex SHA-256 of the sorted ticket list, one line per ticket
  ``"<ticket id>:<n1>-<n2>-<n3>"`` (numbers ascending), lines sorted and joined by ``"\\n"``
  (no tickets: the hash of the empty string);
* ``combined`` = SHA-256(server seed ‖ client seed (ASCII hex) ‖ nonce (ASCII decimal)), where
  the nonce is the draw number;
* the winning numbers are ``FairRng(combined, "lottery", 0).sample(1…numbers, picks)``, sorted
  (the same HMAC-SHA256 stream as every other roll, keyed by ``combined``);
* tickets matching every number split the pot equally (floored; the odd dollars roll over);
  with no winner the whole pot rolls over to the next draw.

The server seed is revealed with the result; :func:`verify_lottery` recomputes everything
from it, so anyone can check a draw (``!verify lottery <draw>``, ``kingpin verify lottery``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from game.casino.rules import LotteryRules
from game.rng import FairRng, hash_server_seed

__all__ = [
    "LotteryCheck",
    "LotteryDraw",
    "Ticket",
    "draw_lottery",
    "lottery_client_seed",
    "lottery_combined",
    "parse_picks",
    "verify_lottery",
    "winning_numbers",
]


@dataclass(frozen=True, slots=True)
class Ticket:
    ticket_id: int
    numbers: tuple[int, ...]  # ascending
    user_id: int = 0


@dataclass(frozen=True, slots=True)
class LotteryDraw:
    client_seed: str
    combined: str  # hex
    numbers: tuple[int, ...]
    winners: tuple[Ticket, ...]
    share: int  # paid to each winning ticket
    rollover: int  # carried to the next draw


@dataclass(frozen=True, slots=True)
class LotteryCheck:
    ok: bool
    reason: str
    draw: LotteryDraw | None = None


def parse_picks(texts: Sequence[str], rules: LotteryRules) -> tuple[int, ...] | None:
    """``("3", "12", "7")`` → ``(3, 7, 12)``; wrong count, range, duplicates or non-numbers → None."""
    if len(texts) != rules.picks:
        return None
    numbers: list[int] = []
    for t in texts:
        if not t.isdigit() or len(t) > 3:
            return None
        numbers.append(int(t))
    if len(set(numbers)) != rules.picks or not all(1 <= n <= rules.numbers for n in numbers):
        return None
    return tuple(sorted(numbers))


def lottery_client_seed(tickets: Sequence[Ticket]) -> str:
    lines = sorted(f"{t.ticket_id}:{'-'.join(str(n) for n in sorted(t.numbers))}" for t in tickets)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def lottery_combined(server_seed: bytes, client_seed: str, nonce: int) -> bytes:
    return hashlib.sha256(server_seed + client_seed.encode() + str(nonce).encode()).digest()


def winning_numbers(combined: bytes, rules: LotteryRules) -> tuple[int, ...]:
    rng = FairRng(combined, "lottery", 0)
    return tuple(sorted(rng.sample(range(1, rules.numbers + 1), rules.picks)))


def draw_lottery(
    server_seed: bytes, tickets: Sequence[Ticket], nonce: int, pot: int, *, rules: LotteryRules
) -> LotteryDraw:
    client = lottery_client_seed(tickets)
    combined = lottery_combined(server_seed, client, nonce)
    numbers = winning_numbers(combined, rules)
    winners = tuple(sorted((t for t in tickets if tuple(sorted(t.numbers)) == numbers), key=lambda t: t.ticket_id))
    share = pot // len(winners) if winners else 0
    return LotteryDraw(client, combined.hex(), numbers, winners, share, pot - share * len(winners))


def verify_lottery(
    server_seed: bytes,
    published_hash: str,
    tickets: Sequence[Ticket],
    nonce: int,
    claimed_numbers: Sequence[int],
    *,
    pot: int = 0,
    rules: LotteryRules,
) -> LotteryCheck:
    """Recompute a draw from its revealed seed; ``ok`` when the seed matches the commitment
    published at the opening and the numbers match the announced ones."""
    if not hmac.compare_digest(hash_server_seed(server_seed), published_hash.lower()):
        return LotteryCheck(False, "the revealed seed does not match the published hash")
    draw = draw_lottery(server_seed, tickets, nonce, pot, rules=rules)
    if tuple(sorted(claimed_numbers)) != draw.numbers:
        return LotteryCheck(False, "the announced numbers differ from the recomputed ones", draw)
    return LotteryCheck(True, "verified", draw)
