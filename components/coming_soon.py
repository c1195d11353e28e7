"""Placeholder body for a page announced in the navigation but not built yet."""
from __future__ import annotations

from dash import html


def coming_soon(title: str, what: str) -> html.Div:
    return html.Div([
        html.H1(title),
        html.P(what),
        html.P("Cette page est en préparation.", className="text-muted"),
    ], className="coming-soon")
