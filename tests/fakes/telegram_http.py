"""The HTTP face of the fake Bot API: Telegram's URL layout and answers, served by uvicorn."""

from __future__ import annotations

import atexit
import socket
import threading
import time
from typing import Any, Protocol

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


class BotApi(Protocol):
    """What the HTTP layer serves: API methods by name and files by path."""

    token: str

    async def handle(self, method: str, params: dict[str, Any]) -> Any:
        """Run one method; raises ApiError for an error answer."""

    def download(self, path: str) -> bytes | None:
        """A file's bytes, None when there is no such file."""


def web_app(api: BotApi) -> Starlette:
    """`/bot<token>/<method>` (query, form, multipart or JSON) and `/file/bot<token>/<path>`."""

    async def method(request: Request) -> Response:
        if request.path_params["token"] != api.token:
            return _error(ApiError(401, "Unauthorized"))
        params: dict[str, Any] = dict(request.query_params)
        if request.headers.get("content-type", "").startswith("application/json"):
            params.update(await request.json())
        elif request.method == "POST":
            async with request.form() as form:
                for name, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        params[name] = (value.filename or name, await value.read())
                    else:
                        params[name] = value
        try:
            result = await api.handle(request.path_params["method"], params)
        except ApiError as exc:
            return _error(exc)
        return JSONResponse({"ok": True, "result": result})

    async def file(request: Request) -> Response:
        if request.path_params["token"] != api.token:
            return Response(status_code=401)
        content = api.download(request.path_params["path"])
        if content is None:
            return Response(status_code=404)
        return Response(content, media_type="application/octet-stream")

    return Starlette(
        routes=[
            Route("/bot{token}/{method}", method, methods=["GET", "POST"]),
            Route("/file/bot{token}/{path:path}", file),
        ]
    )


def _error(exc: ApiError) -> Response:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.retry_after is not None:
        body["parameters"] = {"retry_after": exc.retry_after}
    return JSONResponse(body, status_code=exc.code)


def serve_in_thread(api: BotApi) -> int:
    """Serve the API on 127.0.0.1 from a thread of its own until the session ends; the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(web_app(api), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake Telegram server did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=5)

    atexit.register(stop)
    port: int = sock.getsockname()[1]
    return port
