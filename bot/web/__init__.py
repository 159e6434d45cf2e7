"""The bot's web face: the OBS overlay (HTML + a WebSocket of typed events) and public pages.

Both are consumers of the database, never called by handlers: the overlay hub listens for
outbox inserts (``LISTEN kingpin_outbox``, a trigger announces each row on commit) and re-reads
the live state (session, crown, standings, heists) to derive typed events; the public pages are
server-rendered from short-lived cached reads.
"""
