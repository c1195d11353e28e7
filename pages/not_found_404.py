"""Page introuvable."""
import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", title="Page introuvable – VRS")


def layout(**_params):
    return html.Div([
        html.H1("Page introuvable"),
        html.P("L'adresse demandée ne correspond à aucune page de ce site."),
        dcc.Link("Revenir à l'accueil", href="/"),
    ])
