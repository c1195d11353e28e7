"""The shell: Dash with pages, cache, compression, header/footer and the shared layout.

Run `python app.py` for the development server, or `gunicorn app:server` (see Makefile).
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Dash, html
from flask_compress import Compress

from api import register_api
from components import shell
from data.cache import init_cache
from data.loader import store

app = Dash(
    __name__,
    use_pages=True,
    external_stylesheets=["/assets/vendor/bootstrap.min.css"],
    assets_ignore=r"bootstrap\.min\.css",  # matched on file names: served once, below, before our CSS
    suppress_callback_exceptions=True,
    title="VRS – Vécu et ressenti en matière de sécurité",
    update_title=None,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
)
app.index_string = app.index_string.replace("<html>", '<html lang="fr">')
server = app.server
register_api(server)
Compress(server)
init_cache(server)
DATA = store()  # read once per process, before the first request

NAV = [(page["name"], page["path"]) for page in dash.page_registry.values() if page.get("order") is not None]
NAV.sort(key=lambda item: next(p["order"] for p in dash.page_registry.values() if p["path"] == item[1]))

app.layout = html.Div([
    html.A("Aller au contenu", href="#contenu", className="skip-link"),
    shell.header(NAV),
    shell.simulated_banner(DATA.manifest),
    shell.problems_alert(DATA.problems),
    html.Main(dash.page_container, id="contenu", className="container-xl py-3"),
    shell.footer(DATA.manifest),
])

if __name__ == "__main__":
    app.run(debug=True, host="127.0.0.1", port=8050)
