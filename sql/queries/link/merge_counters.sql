-- Merge: the survivor's lifetime counters gain the absorbed player's (the absorbed row keeps
-- its own as history).
-- params: $1 absorbed user_id bigint, $2 survivor user_id bigint
-- returns: nothing
UPDATE users s
   SET total_play_count = s.total_play_count + a.total_play_count,
       wins = s.wins + a.wins,
       losses = s.losses + a.losses,
       rob_attempts = s.rob_attempts + a.rob_attempts,
       rob_successes = s.rob_successes + a.rob_successes,
       rob_defenses = s.rob_defenses + a.rob_defenses,
       times_robbed = s.times_robbed + a.times_robbed,
       times_jailed = s.times_jailed + a.times_jailed,
       times_bailed = s.times_bailed + a.times_bailed,
       messages_sent = s.messages_sent + a.messages_sent,
       crates_opened = s.crates_opened + a.crates_opened,
       heist_wins = s.heist_wins + a.heist_wins,
       updated_at = now()
  FROM users a
 WHERE s.user_id = $2 AND a.user_id = $1;
