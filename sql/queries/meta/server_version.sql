-- The server's version string, for `kingpin db status`.
-- params: none
-- returns: one text value
SELECT current_setting('server_version');
