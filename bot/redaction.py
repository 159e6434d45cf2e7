"""Secrets never reach a log line: one redactor for structlog and stdlib logging alike.

The redactor runs as the last processor before rendering, on every event dict, and on every
stdlib ``logging`` record (aiohttp, discord.py, twitchio, asyncio…) through the same chain, after
exception text has been formatted. It removes, wherever they appear in a value:

- credentials after an auth scheme (``Bearer …``, ``OAuth …``, ``Bot …``, ``Basic …``);
- values of secret-named keys in ``key=value``, ``key: value`` and JSON (``access_token``,
  ``refresh_token``, ``client_secret``, ``code_verifier``, ``password``, ``token``…);
- the password of a ``scheme://user:password@host`` URL and Discord bot tokens by their shape;
- every configured secret value verbatim (client secrets, the Discord token, the database URL).

Event-dict keys that are themselves secret names lose their whole value. Non-string values are
rendered to text first, so a ``repr`` of an HTTP client exception (which carries the request
headers) is redacted too. :func:`describe_error` is how code should log a client error anyway:
type, status and URL without its query string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = ["REDACTED", "Redactor", "describe_error", "plain_url"]

REDACTED = "[REDACTED]"

_SECRET_KEYS = (
    "access_token|refresh_token|id_token|app_token|client_secret|code_verifier|device_code"
    "|password|passwd|secret|token|authorization|api_key|apikey"
)
_KEY_NAME = re.compile(rf"(?:{_SECRET_KEYS})", re.IGNORECASE)
_SCHEME = re.compile(r"\b(Bearer|OAuth|Bot|Basic)(\s+)[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE)
_KEY_VALUE = re.compile(
    rf"""(?P<key>\b(?:{_SECRET_KEYS})\b["']?\s*[:=]\s*["']?)(?P<value>[^\s"'&,;}}\])>]+)""",
    re.IGNORECASE,
)
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(?P<at>@)", re.IGNORECASE)
_DISCORD_TOKEN = re.compile(r"\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}")
_PLAIN = (int, float, bool, type(None))


class Redactor:
    """A structlog processor (``redactor(logger, method, event_dict)``) and a text filter."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret that contains another is removed whole.
        self._secrets = tuple(sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True))

    def text(self, value: str) -> str:
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        value = _SCHEME.sub(rf"\1\2{REDACTED}", value)
        value = _KEY_VALUE.sub(rf"\g<key>{REDACTED}", value)
        value = _URL_PASSWORD.sub(rf"\g<head>{REDACTED}\g<at>", value)
        return _DISCORD_TOKEN.sub(REDACTED, value)

    def value(self, value: Any) -> Any:
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self._field(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.value(v) for v in value]
        return self.text(repr(value) if isinstance(value, BaseException) else str(value))

    def _field(self, key: str, value: Any) -> Any:
        if value and _KEY_NAME.fullmatch(key.lower().replace("-", "_")):
            return REDACTED
        return self.value(value)

    def __call__(self, logger: object, method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        for key in list(event_dict):
            if key.startswith("_"):  # structlog's own bookkeeping (``_record``…)
                continue
            if key == "exc_info":  # not rendered yet: render it here, then redact
                continue
            event_dict[key] = self._field(key, event_dict[key])
        return event_dict


def plain_url(url: object) -> str:
    """``https://host/path?query#frag`` → ``https://host/path`` (no credentials either)."""
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return "?"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def describe_error(exc: BaseException) -> str:
    """``ClientResponseError status=500 GET http://host/path``: never a ``repr`` of the error.

    HTTP client errors carry their request (headers with the token, a URL with a query);
    only the type, the status and the URL without query string are kept.
    """
    parts = [type(exc).__name__]
    status = getattr(exc, "status", None)
    if isinstance(status, int) and status:
        parts.append(f"status={status}")
    info = getattr(exc, "request_info", None)
    if info is not None:
        parts.append(f"{getattr(info, 'method', '')} {plain_url(getattr(info, 'url', ''))}".strip())
    else:
        key = getattr(exc, "host", None)
        if isinstance(key, str) and key:
            parts.append(f"host={key}:{getattr(exc, 'port', '')}")
        elif isinstance(exc, OSError) and exc.strerror:
            parts.append(exc.strerror)
    return " ".join(parts)
