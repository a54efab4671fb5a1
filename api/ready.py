"""`/api/ready`: 200 when this process can serve (database answers, schema at head), else 503.

For the proxy's health check and the orchestrator's readiness probe. Streamlit's own
`/_stcore/health` says only that the process runs, not that tablets can be served.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.observed import observed
from db import health


async def ready(_request: Request) -> JSONResponse:
    state = await run_in_threadpool(health.check)
    body: dict[str, object] = {"ready": state.ready, "reason": state.reason}
    if state.reason != "database unreachable":
        body |= {"revision": state.revision, "head": state.head}
    return JSONResponse(body, status_code=200 if state.ready else 503, headers={"Cache-Control": "no-store"})


def routes(prefix: str = "") -> list[Route]:
    path = f"{prefix}/api/ready"
    return [Route(path, observed(path, ready), methods=["GET", "HEAD"])]
