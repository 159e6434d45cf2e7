"""The scheduled jobs, one module per game area, each declaring its jobs with ``@job``.

:func:`load_jobs` imports every module of this package (so a new area needs no list to edit)
and returns the registry they filled.
"""

from __future__ import annotations

import importlib
import pkgutil

from bot.scheduler import REGISTRY, JobRegistry

__all__ = ["load_jobs"]


def load_jobs() -> JobRegistry:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return REGISTRY
