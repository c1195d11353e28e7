"""Accueil (placeholder until the home page issue lands)."""
import dash
from dash import html

dash.register_page(__name__, path="/", name="Accueil", order=0, title="Accueil – VRS")


def layout(**_params):
    return html.Div([
        html.H1("Vécu et ressenti en matière de sécurité"),
        html.P("Les résultats de l'enquête annuelle de victimation du SSMSI, par département, depuis 2022."),
    ])
