"""The bot's HTTP server: a health check plus whatever routes adapters add (Kick webhooks)."""

from __future__ import annotations

from aiohttp import web

__all__ = ["HttpServer", "create_app"]


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app() -> web.Application:
    app = web.Application(client_max_size=1 << 20)
    app.router.add_get("/healthz", _health)
    return app


class HttpServer:
    """Runs ``app`` on ``host:port`` until :meth:`stop`; port 0 picks a free port."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app = app
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self._port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
