-- What one unit of a platform money event pays.
-- params: $1 platform text, $2 event_type text
-- returns: one row or none
SELECT wealth_per_unit, xp_per_unit, usd_cents_per_unit, tier_multiplier, usd_cents_by_tier,
       min_units, is_active
  FROM reward_config
 WHERE platform = $1 AND event_type = $2;
