"""Races: ``!race start <daily|weekly|monthly|custom Nd> <metric> <prize> [top N]`` (the
broadcaster) and ``!race [id]`` (standings: top 10, the caller's place and gap to the next).

DECISION: the prize is the house's (created when the race settles, like a moderator grant —
which is why only the broadcaster may start one); races count whole game days from the day
they start. Settlement is the ``settle_races`` job (``bot.jobs.casino``).
"""

from __future__ import annotations

from datetime import timedelta

from bot.announce import announce
from bot.answers.races import RaceStandings, RaceStarted
from bot.commanding import MAX_AMOUNT, Arg, UsageError, command, parse_amount
from bot.context import CommandCtx
from bot.format import money
from bot.repository import races as repo
from bot.repository.players import read_players
from game.checkin import next_game_day_start
from game.races import RaceMetric, parse_duration

TOPIC = "casino"  # listed under !help casino

__all__ = ["race"]


@command("race", aliases=("races",),
         args=(Arg.text("details", optional=True,
                        label="# | start <daily|weekly|monthly|custom Nd> <metric> <prize> [top N]",
                        help="A race number, or: start daily wagered 50000 top 3"),),
         help="Race standings (top 10, your place); the broadcaster starts races.")
async def race(ctx: CommandCtx, details: str = "") -> RaceStarted | RaceStandings:
    args = tuple(details.split())
    if args and args[0].lower() == "start":
        return await _start(ctx, args[1:])
    running = await repo.running(ctx.conn)
    name = (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id].name
    chosen = None
    if args:
        wanted = args[0].lstrip("#")
        if not wanted.isdigit() or len(wanted) > 12:
            raise UsageError()
        chosen = next((r for r in running if r.race_id == int(wanted)), None)
        if chosen is None:
            return RaceStandings(name, tuple(running), not_found=int(wanted))
    elif len(running) == 1:
        chosen = running[0]
    if chosen is None:
        return RaceStandings(name, tuple(running))
    scores = await repo.standings(ctx.conn, chosen.metric, chosen.starts_on, chosen.ends_on)
    place = next((i for i, s in enumerate(scores, 1) if s.user_id == ctx.actor_id), None)
    score = scores[place - 1].score if place else 0
    gap = scores[place - 2].score - score if place and place > 1 else 0
    return RaceStandings(name, tuple(running), chosen, tuple(scores[:10]), place, score, gap)


async def _start(ctx: CommandCtx, words: tuple[str, ...]) -> RaceStarted:
    if not ctx.sender.is_broadcaster:
        raise UsageError("Only the broadcaster can start a race.")
    rr = ctx.rules.casino.races
    duration = parse_duration(words, rr)
    if duration is None:
        raise UsageError("Length: daily, weekly, monthly or custom <N>d.")
    days, used = duration
    rest = words[used:]
    if len(rest) < 2:
        raise UsageError()
    try:
        metric = RaceMetric(rest[0].lower())
    except ValueError:
        raise UsageError(f"Metric: {', '.join(m.value for m in RaceMetric)}.") from None
    prize = parse_amount(rest[1])
    if prize is None or prize > MAX_AMOUNT:
        raise UsageError(f"'{rest[1][:20]}' is not a valid prize.")
    places = rr.default_places
    tail = [w.lower() for w in rest[2:]]
    if tail:
        number = tail[1] if tail[0] == "top" and len(tail) > 1 else tail[0].removeprefix("top")
        if not number.isdigit() or rr.split(int(number)) is None:
            raise UsageError(f"Top N: one of {', '.join(str(n) for n, _ in rr.splits)}.")
        places = int(number)
    running = await repo.running(ctx.conn)
    starts_on = ctx.day
    ends_on = starts_on + timedelta(days=days)
    ends_at = next_game_day_start(ctx.now, ctx.rules) + timedelta(days=days - 1)
    row = repo.RaceRow(0, metric.value, prize, places, starts_on, ends_on, ends_at)
    if len(running) >= rr.max_running:
        return RaceStarted(row, "too_many")
    race_id = await repo.insert_race(ctx.conn, metric.value, prize, places, starts_on, ends_on, ends_at,
                                     ctx.actor_id, ctx.now)
    await announce(
        ctx.conn,
        f"🏁 Race #{race_id}: most {metric.value} wins {money(prize)} for the top {places}! {ctx.prefix}race {race_id}",
        feed=True, title="🏁 Race on", key=f"race:{race_id}:start",
    )
    return RaceStarted(repo.RaceRow(race_id, metric.value, prize, places, starts_on, ends_on, ends_at))


