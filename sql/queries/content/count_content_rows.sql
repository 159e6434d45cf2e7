-- Row counts of the content tables, for `kingpin db status`.
-- params: none
-- returns: rows (table_name text, total bigint, active bigint) in loading order; active counts
--          rows with is_active where the table has that flag, else equals total
SELECT c.table_name, c.total, c.active
  FROM (VALUES
        (1, 'items', (SELECT count(*) FROM items),
            (SELECT count(*) FROM items WHERE is_active)),
        (2, 'crate_titles', (SELECT count(*) FROM crate_titles),
            (SELECT count(*) FROM crate_titles WHERE is_active)),
        (3, 'consumables', (SELECT count(*) FROM consumables),
            (SELECT count(*) FROM consumables WHERE is_active)),
        (4, 'factions', (SELECT count(*) FROM factions), (SELECT count(*) FROM factions)),
        (5, 'territories', (SELECT count(*) FROM territories),
            (SELECT count(*) FROM territories)),
        (6, 'achievements', (SELECT count(*) FROM achievements),
            (SELECT count(*) FROM achievements WHERE is_active)),
        (7, 'mission_templates', (SELECT count(*) FROM mission_templates),
            (SELECT count(*) FROM mission_templates WHERE is_active)),
        (8, 'reward_config', (SELECT count(*) FROM reward_config),
            (SELECT count(*) FROM reward_config WHERE is_active)),
        (9, 'bot_config', (SELECT count(*) FROM bot_config), (SELECT count(*) FROM bot_config)),
        (10, 'heist_trivia_pool', (SELECT count(*) FROM heist_trivia_pool),
             (SELECT count(*) FROM heist_trivia_pool WHERE is_active))
       ) AS c (position, table_name, total, active)
 ORDER BY c.position;
