"""Ids in the paths of the HTTP APIs (live alerts, wire push, partner API).

An id past what a database column stores would reach the database and fail
there; declared here, it is a 422 with a problem document before any query."""

from typing import Annotated

from ninja import Path as PathParam

MAX_ID = 2**63 - 1  # the largest id a database stores
PathId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
