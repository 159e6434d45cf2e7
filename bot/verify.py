"""``kingpin verify lottery``: recompute a lottery draw, from the database or fully offline.

With only a draw number it reads the revealed seed and the tickets from the database and runs
the same check as ``!verify lottery``. With ``--seed``/``--hash``/``--tickets``/``--numbers`` it
needs no database at all: anyone holding the published values can check a draw.
"""

from __future__ import annotations

import argparse

import asyncpg

from game import Rules
from game.casino.lottery import LotteryCheck, Ticket, verify_lottery

__all__ = ["add_arguments", "offline", "parse_tickets", "report"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("lottery",), help="what to verify")
    parser.add_argument("draw", type=int, help="the draw number (also the nonce)")
    parser.add_argument("--seed", help="revealed server seed (hex); offline mode")
    parser.add_argument("--hash", dest="seed_hash", help="seed hash published when the draw opened (hex)")
    parser.add_argument("--tickets", default="", help='tickets "id:n1-n2-n3,id:n1-n2-n3" (offline mode)')
    parser.add_argument("--numbers", help="the announced winning numbers, e.g. 3-9-14 (offline mode)")


def parse_tickets(text: str) -> list[Ticket]:
    tickets = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        ticket_id, _, numbers = part.partition(":")
        tickets.append(Ticket(int(ticket_id), tuple(sorted(int(n) for n in numbers.split("-")))))
    return tickets


def report(draw_id: int, check: LotteryCheck) -> str:
    lines = [f"draw {draw_id}: {'VERIFIED' if check.ok else 'FAILED'} ({check.reason})"]
    if check.draw is not None:
        d = check.draw
        lines += [
            f"client seed  {d.client_seed}",
            f"combined     {d.combined}",
            f"numbers      {'-'.join(str(n) for n in d.numbers)}",
            f"winners      {', '.join(str(t.ticket_id) for t in d.winners) or 'none'}",
        ]
    return "\n".join(lines)


def offline(args: argparse.Namespace, rules: Rules) -> tuple[int, str]:
    if not (args.seed and args.seed_hash and args.numbers):
        return 2, "offline verification needs --seed, --hash and --numbers (and --tickets)"
    numbers = tuple(int(n) for n in args.numbers.split("-"))
    check = verify_lottery(bytes.fromhex(args.seed), args.seed_hash, parse_tickets(args.tickets), args.draw,
                           numbers, rules=rules.casino.lottery)
    return (0 if check.ok else 1), report(args.draw, check)


async def from_database(conn: asyncpg.Connection, draw_id: int, rules: Rules) -> tuple[int, str]:
    from bot.handlers.casino import verify_draw

    answer = await verify_draw(conn, draw_id, rules)
    if answer.row is None:
        return 1, f"draw {draw_id}: no such draw"
    if answer.check is None:
        return 1, f"draw {draw_id}: not drawn yet (committed seed hash {answer.row.seed_hash})"
    assert answer.row.server_seed is not None
    head = f"server seed  {answer.row.server_seed.hex()}\nseed hash    {answer.row.seed_hash}\ntickets      {answer.tickets}"
    return (0 if answer.check.ok else 1), report(draw_id, answer.check) + "\n" + head
