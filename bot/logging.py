"""structlog configuration, done once by the CLI: readable on a terminal, JSON otherwise.

Both structlog events and stdlib ``logging`` records (aiohttp, discord.py, asyncio, asyncpg…)
go through one chain that ends with the :class:`~bot.redaction.Redactor`, so no secret reaches
stderr whichever library logged it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

import structlog

from bot.config import LogFormat, Settings
from bot.redaction import Redactor

__all__ = ["configure_logging", "settings_secrets"]


def settings_secrets(settings: Settings) -> list[str]:
    """Every secret value the settings hold (redacted verbatim wherever they appear)."""
    values = [
        settings.twitch.client_secret.get_secret_value(),
        settings.kick.client_secret.get_secret_value(),
        settings.discord.token.get_secret_value(),
    ]
    if settings.database_url is not None:
        from urllib.parse import urlsplit

        url = settings.database_url.get_secret_value()
        try:
            password = urlsplit(url).password
        except ValueError:
            password = None
        if password:
            values.append(password)
    return [v for v in values if v]


def configure_logging(
    level: str = "INFO", fmt: LogFormat = LogFormat.AUTO, *, secrets: Iterable[str] = ()
) -> Redactor:
    as_json = fmt is LogFormat.JSON or (fmt is LogFormat.AUTO and not sys.stderr.isatty())
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    redactor = Redactor(secrets)
    shared: list[structlog.types.Processor] = [
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            *shared,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            redactor,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                redactor,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    # Libraries are quiet below WARNING unless DEBUG is asked for.
    root.setLevel(numeric if numeric <= logging.DEBUG else max(numeric, logging.WARNING))
    logging.captureWarnings(True)
    return redactor
