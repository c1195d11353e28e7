"""Dash rendering of the fiche (components/fiche_view.py): one row per indicator, CI and flags in
every value cell, phone labels, sparkline with a text alternative, summary sections."""
import json

import numpy as np
import pandas as pd
from plotly.utils import PlotlyJSONEncoder

from components.fiche import prepare_fiche, summarise
from components.fiche_view import evolution_href, make_summary, make_theme_table
from tests.unit.test_fiche import estimate, fiche_row, frame


def as_text(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def tidy():
    fr = estimate(0.18, 0.002)
    return prepare_fiche(frame(
        fiche_row("insecurite_quartier", "Insécurité dans le quartier ou le village", estimate(0.331, 0.0148), fr),
        fiche_row("inquietude_vol", "Inquiétude : vol", estimate(0.20, 0.035, "caution"), fr),
        fiche_row("renoncement_sortir", "Renoncement à sortir seul", estimate(np.nan, np.nan, "suppressed"), fr)))


def sparks():
    return pd.DataFrame([{"indicator": "insecurite_quartier", "period": p, "estimate": v, "se": 0.01,
                          "ci_low": v - 0.02, "ci_high": v + 0.02, "status": "ok"}
                         for p, v in [("2024", 0.30), ("2025", 0.331)]])


def table():
    return make_theme_table(tidy(), "sentiment", {"departement": "Seine-Saint-Denis", "region": "Île-de-France"},
                            sparks(), sparks().iloc[0:0], ["2024", "2025"], ["FE", "R11", "93"])


def test_one_row_per_indicator_with_ci_and_flags():
    section = table()
    body = section.children[-1].children.children[1]
    assert [row.id for row in body.children] == ["dep-ligne-insecurite_quartier", "dep-ligne-inquietude_vol",
                                                 "dep-ligne-renoncement_sortir"]
    text = as_text(section)
    assert "33,1\u00a0% [30,2 – 36,0]" in text
    assert "À interpréter avec prudence (E)" in text and "secret statistique" in text
    assert "▲ Plus élevé" in text


def test_cells_carry_phone_labels_and_sparklines_have_alt_text():
    text = as_text(table())
    assert '"data-label": "Seine-Saint-Denis"' in text and '"data-label": "Écart à la France"' in text
    assert '"alt": "Éditions 2024 à 2025 : 30,0\u00a0% ; 33,1\u00a0%"' in text
    assert "data:image/svg+xml" in text


def test_indicator_links_to_its_evolution():
    assert evolution_href("cambriolage", ["FE", "R93", "13"]) == \
        "/evolutions?indicateur=cambriolage&territoires=FE%2CR93%2C13"


def test_summary_section_lists_items():
    summary = summarise(tidy(), "Seine-Saint-Denis", 3)
    text = as_text(make_summary(summary, "En bref"))
    assert "La Seine-Saint-Denis se distingue de la France" in text
    assert "insécurité dans le quartier ou le village : 33,1\u00a0% [30,2 – 36,0], contre 18,0\u00a0% en France" in text
