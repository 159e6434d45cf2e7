-- Move snapshots of periods that ended before a cutoff into the archive (lifetime never ends).
-- params: $1 cutoff date, $2 now timestamptz
-- returns: rows (user_id) moved
WITH moved AS (
    DELETE FROM leaderboard_snapshots
     WHERE period_end < $1 AND period_type <> 'lifetime'
    RETURNING *
)
INSERT INTO leaderboard_snapshots_archive
SELECT moved.*, $2::timestamptz FROM moved
ON CONFLICT (period_type, period_start, user_id) DO NOTHING
RETURNING user_id;
