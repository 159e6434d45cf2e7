-- Record a moderator or admin action.
-- params: $1 actor user_id (nullable), $2 actor platform text, $3 actor platform user id,
--         $4 actor name, $5 action text, $6 target user_id (nullable), $7 before jsonb,
--         $8 after jsonb, $9 reason text (nullable), $10 reference text (nullable)
-- returns: one row (audit_id)
INSERT INTO audit_log (actor_user_id, actor_platform, actor_platform_user_id, actor_name, action,
                       target_user_id, before, after, reason, reference)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING audit_id;
