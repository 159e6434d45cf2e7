-- Audit: game events caused by a platform event that is not recorded as processed (effects
-- and the processed mark are written in one transaction, so both exist or neither).
-- params: none
-- returns: rows (game_event_id, user_id, event_type, source_platform, source_event_id)
SELECT g.game_event_id, g.user_id, g.event_type, g.source_platform, g.source_event_id
  FROM game_events g
 WHERE g.source_platform IN ('kick', 'twitch', 'discord', 'console')
   AND g.source_event_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM processed_events p
                    WHERE p.platform = g.source_platform
                      AND p.event_id = left(g.source_event_id, 200))
 ORDER BY g.game_event_id;
