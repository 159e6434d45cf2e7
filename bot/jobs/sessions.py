"""Session grace period: a stream that went offline keeps its session (and crown) a while.

At ``session_warn_hours`` (2 h) offline the chats and the feed are warned once; at
``session_end_hours`` (6 h) the session ends through the one end-of-session flow
(``bot.live.sessions.end_active_session``, the same as ``!endsession``: the holder is paid). Coming back online
inside the window resumes the session (``on_stream_online``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.live.context import LiveCtx
from bot.live.sessions import end_active_session
from bot.repository import sessions
from bot.scheduler import CatchUp, JobCtx, job


@job("session_grace", cron="*/15 * * * *", catch_up=CatchUp.LATEST)
async def session_grace(ctx: JobCtx, slot: datetime) -> int:
    """Warn at 2 h offline, end the session at 6 h offline."""
    offline = await sessions.offline_session(ctx.conn)
    if offline is None:
        return 0
    up = ctx.rules.upkeep
    gone = slot - offline.offline_since
    if gone >= timedelta(hours=up.session_end_hours):
        ended = await end_active_session(ctx.conn, LiveCtx(ctx.game, slot))
        return 0 if ended is None else 1  # the end flow announces the summary
    if gone >= timedelta(hours=up.session_warn_hours) and offline.warned_at is None:
        await sessions.mark_warned(ctx.conn, offline.session_id, slot)
        left = up.session_end_hours - up.session_warn_hours
        await ctx.announce(
            f"⏰ The stream has been offline for {up.session_warn_hours} h: the session ends in "
            f"{left} h unless it comes back.",
            feed=True,
            title="⏰ Session ending soon",
        )
        return 1
    return 0
