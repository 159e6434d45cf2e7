"""The casino: slots with a progressive jackpot, blackjack, coin-flip duels and the lottery.

Pure rules only (no I/O, no clock, no global random). Every figure lives in
:class:`game.casino.rules.CasinoRules`; every roll comes from the fair `Rng` the caller passes.
Import from the submodules (``game.casino.slots`` …); nothing is re-exported from ``game``.
"""
