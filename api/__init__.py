"""The open API `/api/v1` (catalogue, data rows, OpenAPI description), served by the app's Flask server.

    from api import register_api
    register_api(server)          # in app.py, after `server = app.server`

Routes and their rules are in `api.routes`; the description in `api.openapi`; the query
vocabulary, shared with the `/tableaux` page, in `api.selection`.
"""
from __future__ import annotations

from flask import Flask


def register_api(server: Flask) -> Flask:
    """Register the `/api/v1` blueprint on the Flask server (once); return the server."""
    from api.routes import blueprint

    if blueprint.name not in server.blueprints:
        server.register_blueprint(blueprint)
    return server
