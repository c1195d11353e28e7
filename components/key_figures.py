"""Key national figures of the home page: one card per indicator with its value and 95 % CI,
the change since the previous edition and whether it is significant, and a link to its map.

`prepare_key_figure` turns one item of `data.map_queries.build_key_figures` into display
strings (pure, unit-tested); `make_key_figures` lays the cards out.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from dash import dcc, html

from components.formatting import count, estimate_with_ci, percent_points
from components.map_panel import period_label
from data.catalogue import THEMES

CHANGE_CLASSES = {"hausse significative": "change-hausse", "baisse significative": "change-baisse"}


def prepare_key_figure(item: Mapping) -> dict:
    """Display strings of one key figure (value, respondents, change, link)."""
    meta, current, previous = item["catalogue"], item.get("current"), item.get("previous")
    reference = meta.get("reference_period", "annee_precedente")
    shown = bool(current) and current.get("status") != "suppressed"
    value = estimate_with_ci(current["estimate"], current["ci_low"], current["ci_high"]) if shown else "Non diffusé"
    change = ""
    if shown and previous and previous.get("status") != "suppressed" and item.get("change"):
        delta = percent_points(round(current["estimate"] - previous["estimate"], 3))  # never "−0,0 pt"
        change = f"{delta} depuis l'édition {item['previous_edition']} : {item['change']}"
    href = "/carte?" + urlencode({"indicateur": item["indicator"], "periode": item["edition"]})
    return {
        "indicator": item["indicator"], "theme": THEMES.get(meta.get("theme"), ""), "label": meta["label_fr"],
        "value": value, "unit": meta.get("unit_fr", ""),
        "detail": (f"Intervalle de confiance à 95\u00a0% · {count(current['n_unweighted'])} répondants"
                   if shown else (current or {}).get("status_reason", "")),
        "quality": current.get("status_reason", "") if shown else "",
        "period": period_label(item["edition"], reference),
        "change": change, "change_class": CHANGE_CLASSES.get(item.get("change", ""), ""), "href": href,
    }


def make_key_figure(card: Mapping) -> html.Li:
    return html.Li([
        html.P(card["theme"], className="theme"),
        html.H3(card["label"]),
        html.P(card["value"], className="big-value"),
        html.P(f"{card['unit']}, {card['period']}", className="value-detail"),
        html.P(card["detail"], className="value-detail"),
        html.P(card["quality"], className="value-detail status-caution") if card["quality"] else None,
        html.P(card["change"], className=f"change {card['change_class']}") if card["change"] else None,
        dcc.Link(["Voir la carte", html.Span(f" des départements : {card['label']}", className="visually-hidden"), " →"],
                 href=card["href"], className="map-link"),
    ], className="key-figure", id=f"home-chiffre-{card['indicator']}")


def make_key_figures(items: Sequence[Mapping], element_id: str | None = None) -> html.Ul:
    kwargs = {"id": element_id} if element_id else {}
    return html.Ul([make_key_figure(prepare_key_figure(item)) for item in items], className="key-figures", **kwargs)
