"""``kingpin simulate``: a season of a channel's economy in memory, with the real engine.

Nothing here re-implements a rule. Every action a simulated viewer takes is decided by the
engine's own resolver (``game.resolve_play``, ``resolve_rob``, ``resolve_checkin``, …) with the
provably fair generator (``game.rng.FairRng``), and its effects are applied to in-memory state by
`kingpin_sim.world.apply_effects`, which mirrors what ``bot.repository.effects`` writes (same
guards: wealth and tokens never below zero, possessions must belong to the player they name).

Layout (imports point down: cli → report/plots → season → actions → world → game):

* `population` — who the viewers are: archetypes and their documented distributions;
* `world` — the in-memory players and `apply_effects`;
* `actions` — one method per command, building the engine state the bot's handler builds;
* `season` — the day-by-day schedule (stream window, offline hours) and the event loop;
* `metrics` / `report` / `plots` — measurements, ``report.json``, the summary and the PNGs;
* `rules_file` — ``--rules`` / ``--compare`` TOML files; `cli` — the verb.

Adding a system (heists, the Juicernaut crown, the casino, factions, missions — not in the
engine yet): give `Viewer` the state the system's repository keeps, teach `apply_effects` any new
effect type (it raises ``TypeError`` on one it does not know, so nothing is silently dropped), add
a `Sim` method that builds the resolver's state like the handler does, and schedule it in
`season` with the archetype figures that drive it (e.g. ``Archetype.casino_bets``). Flows are
tallied by ledger reason, so a new reason shows up in the faucets/sinks plot by itself.
"""
