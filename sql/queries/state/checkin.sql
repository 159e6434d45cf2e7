-- Everything !checkin reads besides the locked player row, in one round trip.
-- params: $1 user_id bigint, $2 now timestamptz
-- returns: one row (live bool, juicernaut_user_id, crates_held, crates_escrowed — live escrow
--          only: an expired escrow row takes no slot)
SELECT s.session_id IS NOT NULL AS live,
       s.current_juicernaut_user_id AS juicernaut_user_id,
       (SELECT count(*) FROM user_crates c WHERE c.user_id = $1 AND NOT c.is_escrowed) AS crates_held,
       (SELECT count(*) FROM user_crates c WHERE c.user_id = $1 AND c.is_escrowed
           AND c.escrow_expires_at > $2) AS crates_escrowed
  FROM (SELECT 1) AS one
  LEFT JOIN streaming_sessions s ON s.is_active;
