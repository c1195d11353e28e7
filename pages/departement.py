"""Diagnostic départemental (placeholder until its issue lands)."""
import dash

from components.coming_soon import coming_soon

dash.register_page(__name__, path="/departement", name="Département", order=3, title="Diagnostic départemental – VRS")


def layout(**_params):
    return coming_soon("Diagnostic départemental", "Le diagnostic d'un département : tous les indicateurs comparés à la France et à la région.")
