"""Options of the map's controls, in French: indicators grouped by theme (searchable with or
without accents), periods, population groups, départements by name or code.

Dropdown options carry a `search` string (folded: lowercase, no accents) so that typing
"reunion" finds "La Réunion" and "13" finds Bouches-du-Rhône.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from components.map_url import MODE_LABELS
from data.catalogue import THEMES
from data.schema import BREAKDOWN_LABELS, category_label
from geo.territories import fold


DROPDOWN_LABELS = {"search": "Rechercher", "no_options_found": "Aucun résultat", "clear_search": "Effacer la recherche",
                   "clear_selection": "Effacer la sélection", "select_all": "Tout sélectionner",
                   "deselect_all": "Tout désélectionner", "selected_count": "{num_selected} sélectionné(s)"}


def indicator_options(catalogue: pd.DataFrame, available: Iterable[str]) -> list[dict]:
    """Indicators in catalogue order under a disabled header per theme."""
    available = set(available)
    options: list[dict] = []
    for theme, theme_label in THEMES.items():
        rows = catalogue[(catalogue["theme"] == theme) & catalogue.index.isin(available)]
        if rows.empty:
            continue
        options.append({"label": f"— {theme_label} —", "value": f"theme:{theme}", "disabled": True,
                        "search": fold(theme_label)})
        for ident, row in rows.iterrows():
            options.append({"label": row["label_fr"], "value": ident,
                            "search": f"{fold(row['label_fr'])} {fold(theme_label)} {ident}"})
    return options


def period_options(periods: Sequence[str]) -> list[dict]:
    return [{"label": f"Édition {p}" if "-" not in p else f"Éditions {p.replace('-', ' à ')} cumulées",
             "value": p} for p in periods]


def breakdown_options(breakdowns: Sequence[str]) -> list[dict]:
    return [{"label": "Ensemble" if b == "ensemble" else BREAKDOWN_LABELS[b], "value": b}
            for b in breakdowns]


def category_options(categories: Sequence[str]) -> list[dict]:
    return [{"label": "Ensemble" if c == "ensemble" else category_label(c), "value": c} for c in categories]


def mode_options() -> list[dict]:
    return [{"label": label, "value": value} for value, label in MODE_LABELS.items()]


def departement_options(names: Mapping[str, str]) -> list[dict]:
    """'Bouches-du-Rhône (13)', searchable by folded name and code."""
    return [{"label": f"{name} ({code})", "value": code, "search": f"{code} {fold(name)} {name.lower()}"}
            for code, name in names.items()]


# plotly.js tooltips in French, given with the graph (no locale script to fetch).
PLOTLY_LOCALE = {"fr-vrs": {"dictionary": {
    "Download plot as a png": "Télécharger le graphique (PNG)",
    "Download plot": "Télécharger le graphique",
    "Taking snapshot - this may take a few seconds": "Création de l'image, quelques secondes…",
    "Snapshot succeeded": "Image créée",
    "Sorry, there was a problem downloading your snapshot!": "Le téléchargement de l'image a échoué.",
    "Produced with Plotly.js": "Réalisé avec Plotly.js",
}, "format": {"decimal": ",", "thousands": "\u00a0"}}}


def export_config(filename: str) -> dict:
    """`dcc.Graph(config=...)`: only the PNG export button, in French, with a meaningful file name."""
    return {"toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
            "modeBarButtons": [["toImage"]], "displayModeBar": True, "displaylogo": False,
            "responsive": True, "locale": "fr-vrs", "locales": PLOTLY_LOCALE}
