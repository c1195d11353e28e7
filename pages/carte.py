"""Carte des départements (placeholder until its issue lands)."""
import dash

from components.coming_soon import coming_soon

dash.register_page(__name__, path="/carte", name="Carte", order=1, title="Carte des départements – VRS")


def layout(**_params):
    return coming_soon("Carte des départements", "La carte des départements, indicateur par indicateur, avec les intervalles de confiance et la comparaison avec la France.")
