-- Merge: fold the absorbed player's period leaderboard counters into the survivor's and drop
-- the absorbed rows (one person, one leaderboard line); chat counters (chat_counts) likewise.
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint
-- returns: nothing
WITH gone AS (
    DELETE FROM leaderboard_snapshots WHERE user_id = $1 RETURNING *
), chat_gone AS (
    DELETE FROM chat_counts WHERE user_id = $1 RETURNING *
), chat_moved AS (
    INSERT INTO chat_counts AS c (period_type, period_start, user_id, period_end, messages,
                                  token_messages)
    SELECT period_type, period_start, $2, period_end, messages, token_messages FROM chat_gone
    ON CONFLICT (period_type, period_start, user_id) DO UPDATE
       SET messages = c.messages + EXCLUDED.messages,
           token_messages = c.token_messages + EXCLUDED.token_messages,
           updated_at = now()
    RETURNING 1
)
INSERT INTO leaderboard_snapshots AS l (
    period_type, period_start, user_id, period_end, wealth_earned, xp_earned, messages_sent,
    watch_time_minutes, play_count, rob_count, rob_success_count, checkins, crates_opened,
    heist_wins, faction_points, subs_count, gift_subs_given, bits_donated, kicks_sent,
    donations_cents, total_contributed_cents)
SELECT period_type, period_start, $2, period_end, wealth_earned, xp_earned, messages_sent,
       watch_time_minutes, play_count, rob_count, rob_success_count, checkins, crates_opened,
       heist_wins, faction_points, subs_count, gift_subs_given, bits_donated, kicks_sent,
       donations_cents, total_contributed_cents
  FROM gone
ON CONFLICT (period_type, period_start, user_id) DO UPDATE
   SET wealth_earned = l.wealth_earned + EXCLUDED.wealth_earned,
       xp_earned = l.xp_earned + EXCLUDED.xp_earned,
       messages_sent = l.messages_sent + EXCLUDED.messages_sent,
       watch_time_minutes = l.watch_time_minutes + EXCLUDED.watch_time_minutes,
       play_count = l.play_count + EXCLUDED.play_count,
       rob_count = l.rob_count + EXCLUDED.rob_count,
       rob_success_count = l.rob_success_count + EXCLUDED.rob_success_count,
       checkins = l.checkins + EXCLUDED.checkins,
       crates_opened = l.crates_opened + EXCLUDED.crates_opened,
       heist_wins = l.heist_wins + EXCLUDED.heist_wins,
       faction_points = l.faction_points + EXCLUDED.faction_points,
       subs_count = l.subs_count + EXCLUDED.subs_count,
       gift_subs_given = l.gift_subs_given + EXCLUDED.gift_subs_given,
       bits_donated = l.bits_donated + EXCLUDED.bits_donated,
       kicks_sent = l.kicks_sent + EXCLUDED.kicks_sent,
       donations_cents = l.donations_cents + EXCLUDED.donations_cents,
       total_contributed_cents = l.total_contributed_cents + EXCLUDED.total_contributed_cents,
       updated_at = now();
