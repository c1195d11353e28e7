"""Évolutions depuis 2022 (placeholder until its issue lands)."""
import dash

from components.coming_soon import coming_soon

dash.register_page(__name__, path="/evolutions", name="Évolutions", order=2, title="Évolutions depuis 2022 – VRS")


def layout(**_params):
    return coming_soon("Évolutions depuis 2022", "L'évolution d'un indicateur depuis 2022 pour la France, une région et des départements.")
