"""``kingpin kick login``: OAuth 2.1 authorization code + PKCE for the bot's Kick account.

Prints Kick's authorize URL, listens on 127.0.0.1 at the port and path of
``login_redirect_uri`` for the browser's redirect, checks ``state``, exchanges the code (with
the PKCE verifier) for tokens, asks Kick whose token it is, and saves it in the ``TokenStore``
under that user id. The redirect URI must be registered in the Kick app exactly as configured.
Kick's authorize page rewrites the first ``127.0.0.1`` in its URL to ``localhost``, so for a
``127.0.0.1`` redirect URI a sacrificial ``redirect`` parameter is put before it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

import aiohttp
from aiohttp import web

from adapters.kick.client import KickApi
from bot.config import KickSettings, Settings
from bot.errors import KingpinError
from bot.ports import OAuthToken, TokenStore

__all__ = ["LoginFailed", "authorize_url", "login_flow", "pkce_pair"]


class LoginFailed(KingpinError):
    """The browser came back with an error, a wrong state, or not at all."""


def pkce_pair() -> tuple[str, str]:
    """``(verifier, S256 challenge)``."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize_url(
    oauth_url: str, *, client_id: str, redirect_uri: str, scopes: str, challenge: str, state: str
) -> str:
    params: list[tuple[str, str]] = [("response_type", "code"), ("client_id", client_id)]
    if "127.0.0.1" in redirect_uri:
        params.append(("redirect", "127.0.0.1"))
    params += [
        ("redirect_uri", redirect_uri),
        ("scope", scopes),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("state", state),
    ]
    return f"{oauth_url.rstrip('/')}/oauth/authorize?{urlencode(params)}"


async def login_flow(
    settings: Settings | KickSettings,
    token_store: TokenStore,
    *,
    out: Callable[[str], None] = print,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> OAuthToken:
    kick = settings.kick if isinstance(settings, Settings) else settings
    if not kick.client_id or not kick.client_secret.get_secret_value():
        raise LoginFailed("set KICK__CLIENT_ID and KICK__CLIENT_SECRET first")
    parts = urlsplit(kick.login_redirect_uri)
    path = parts.path or "/"
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    result: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def callback(request: web.Request) -> web.Response:
        query = request.query
        if query.get("state") != state:
            return web.Response(status=400, text="Unexpected state; start the login again.")
        if "error" in query and not result.done():
            result.set_exception(LoginFailed(f"Kick refused: {query.get('error')}"))
            return web.Response(text="Login refused. You can close this tab.")
        code = query.get("code", "")
        if not code:
            return web.Response(status=400, text="No code in the redirect.")
        if not result.done():
            result.set_result(code)
        return web.Response(text="Kingpin is logged in to Kick. You can close this tab.")

    app = web.Application()
    app.router.add_get(path, callback)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", parts.port or 80)
        await site.start()
        redirect_uri = kick.login_redirect_uri
        if not parts.port:
            bound = runner.addresses[0][1]
            netloc = f"{parts.hostname}:{bound}"
            redirect_uri = urlunsplit((parts.scheme, netloc, path, parts.query, ""))
        url = authorize_url(
            kick.oauth_url,
            client_id=kick.client_id,
            redirect_uri=redirect_uri,
            scopes=kick.login_scopes,
            challenge=challenge,
            state=state,
        )
        out("Log in to Kick with the bot's account by opening this URL in a browser:")
        out(f"  {url}")
        out(f"Waiting for Kick to redirect to {redirect_uri} ...")
        try:
            code = await asyncio.wait_for(result, kick.login_timeout_seconds)
        except TimeoutError as exc:
            raise LoginFailed("timed out waiting for the browser") from exc
        async with aiohttp.ClientSession() as session:
            api = KickApi(kick, session, clock=clock)
            grant = await api.exchange_code(code=code, verifier=verifier, redirect_uri=redirect_uri)
            user_id, name = await api.current_user(grant.access_token)
    finally:
        await runner.cleanup()
    if not user_id:
        raise LoginFailed("Kick did not say whose token this is")
    token = grant.to_token(user_id, clock())
    await token_store.save(token)
    out(f"Saved the Kick token for {name or user_id} (user id {user_id}).")
    if kick.bot_user_id and kick.bot_user_id != user_id:
        out(
            f"Note: KICK__BOT_USER_ID is {kick.bot_user_id}, not {user_id}; "
            "replies use the token of KICK__BOT_USER_ID."
        )
    elif not kick.bot_user_id:
        out(f"Set KICK__BOT_USER_ID={user_id} so the bot replies as this account.")
    return token
