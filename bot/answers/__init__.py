"""Outcome values by area: what a command answers, rendered by ``bot.render``.

Handlers build these; renderers import them (never the handlers).
"""
