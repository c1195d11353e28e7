"""Tableaux personnalisés (placeholder until its issue lands)."""
import dash

from components.coming_soon import coming_soon

dash.register_page(__name__, path="/tableaux", name="Tableaux", order=4, title="Tableaux personnalisés – VRS")


def layout(**_params):
    return coming_soon("Tableaux personnalisés", "Des tableaux croisés à la demande, téléchargeables en CSV et XLSX.")
