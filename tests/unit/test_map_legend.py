"""What sits around the map: legend entries and notes, ranked chart, table, side boxes, controls."""
import numpy as np
import pandas as pd
import pytest
from dash import html

from components import map_classes as mc
from components.map_controls import departement_options, indicator_options, period_options
from components.map_figure import prepare_map_view
from components.map_legend import BH_NOTE, RAW_NOTE, legend_entries, make_legend
from components.map_panel import make_selected_box, period_label, view_title
from components.map_table import make_table, prepare_table
from components.ranked_chart import make_ranked_figure, make_ranked_patch, prepare_ranked
from data.catalogue import load_catalogue
from tests.unit.test_map_figure import CODES, FRANCE, NAMES, values_frame

NBSP = "\u00a0"


def text_of(component) -> str:
    """All visible text of a Dash component tree."""
    if isinstance(component, (str, int, float)):
        return str(component)
    if component is None:
        return ""
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        return " ".join(text_of(c) for c in children)
    return text_of(children)


@pytest.fixture
def value_view():
    return prepare_map_view(values_frame(), FRANCE, CODES, NAMES, mode="valeur")


@pytest.fixture
def comparison_view():
    return prepare_map_view(values_frame(), FRANCE, CODES, NAMES, mode="comparaison")


def test_value_legend_lists_classes_then_statuses_with_counts(value_view):
    entries = legend_entries(value_view)
    kinds = [e["kind"] for e in entries]
    assert kinds[: len(value_view.classes.labels)] == ["class"] * len(value_view.classes.labels)
    statuses = {e["label"]: e["count"] for e in entries if e["kind"] == "status"}
    assert statuses == {"Estimation peu fiable": 1, "Effectif insuffisant": 1, "Pas de donnée": 1}
    assert sum(e["count"] for e in entries) == len(CODES)


def test_comparison_legend_has_three_verdicts_and_explains_the_test(comparison_view):
    entries = legend_entries(comparison_view)
    assert [e["label"] for e in entries if e["kind"] == "verdict"] == [
        "Significativement plus élevé", "Non significativement différent", "Significativement plus faible"]
    text = text_of(make_legend(comparison_view, "Comparaison avec la France"))
    assert "erreurs types" in text and "Benjamini–Hochberg" in text and BH_NOTE in text


def test_unadjusted_comparison_says_so():
    view = prepare_map_view(values_frame(), FRANCE, CODES, NAMES, mode="comparaison", adjust=False)
    assert RAW_NOTE in text_of(make_legend(view, "Comparaison"))


def test_legend_counts_are_french(value_view):
    text = text_of(make_legend(value_view, "%"))
    assert "1 département" in text and "Guyane et Mayotte" in text and f"{NBSP}%" in text


def test_ranked_chart_sorted_with_ci_bars(value_view):
    ranked = prepare_ranked(value_view)
    assert ranked["code"].tolist() == ["13", "2A", "01"]            # shown values only, highest first
    figure = make_ranked_figure(ranked, FRANCE, selected="2A")
    trace = figure.data[0]
    assert list(trace.x) == ["13", "2A", "01"]
    assert list(trace.y) == [25.0, 19.0, 10.0]
    assert list(trace.error_y.array) == pytest.approx([2.4, 6.0, 2.0])       # ci_high - estimate, in points
    assert list(trace.error_y.arrayminus) == pytest.approx([2.4, 6.0, 2.0])
    assert list(trace.marker.size)[1] > list(trace.marker.size)[0]          # the selected one stands out
    assert [s["type"] for s in figure.layout.shapes] == ["rect", "line"]     # France CI band and value
    assert figure.layout.shapes[1]["y0"] == pytest.approx(18.0)


def test_ranked_patch_replaces_arrays_only(value_view):
    operations = make_ranked_patch(prepare_ranked(value_view), FRANCE).to_plotly_json()["operations"]
    assert {op["location"][0] for op in operations} == {"data", "layout"}
    assert all(op["location"][:2] == ["data", 0] for op in operations if op["location"][0] == "data")


def test_table_is_sorted_and_complete(comparison_view):
    rows = prepare_table(comparison_view)
    assert rows["code"].tolist() == ["13", "2A", "01", "75", "974", "972"]
    assert rows["rank"].tolist() == ["1", "2", "3", "", "", ""]
    table = make_table(comparison_view, "Légende du tableau")
    assert isinstance(table.children[0], html.Caption)
    headers = [th.children for th in table.children[1].children.children]
    assert "Comparaison avec la France" in headers
    assert len(table.children[2].children) == 6
    body = text_of(table.children[2])
    assert "Effectif insuffisant (24 répondants)" in body and "Significativement plus élevé" in body


def test_selected_box_links_to_the_departement_page(comparison_view):
    box = make_selected_box(comparison_view, "13")
    text = text_of(box)
    assert "Bouches-du-Rhône (13)" in text and f"25,0{NBSP}%" in text and "Benjamini" in text
    link = box.children[-1]
    assert link.href == "/departement/13"


def test_selected_box_without_selection_says_what_to_do(value_view):
    assert "Cliquez sur la carte" in text_of(make_selected_box(value_view, None))


@pytest.mark.parametrize("period, reference, expected", [
    ("2024", "annee_precedente", "édition 2024 (faits de 2023)"),
    ("2024", "moment_enquete", "édition 2024"),
    ("2022-2025", "annee_precedente", "éditions 2022 à 2025 cumulées (faits de 2021 à 2024)"),
    ("2022-2025", "moment_enquete", "éditions 2022 à 2025 cumulées"),
])
def test_period_label(period, reference, expected):
    assert period_label(period, reference) == expected


def test_view_title_names_the_group():
    assert view_title("Cambriolage", "2024", "femme", "annee_precedente") == \
        "Cambriolage – édition 2024 (faits de 2023) – Femmes"


@pytest.mark.parametrize("typed, expected", [("reunion", "974"), ("Réunion", "974"), ("13", "13"),
                                             ("bouches du rhone", "13"), ("corse du sud", "2A")])
def test_departement_search_strings(typed, expected):
    from geo.territories import departements, fold
    options = departement_options(departements()["nom"].to_dict())
    needle = fold(typed)
    matches = [o["value"] for o in options if needle in o["search"]]
    assert expected in matches


def test_indicator_options_grouped_by_theme():
    catalogue = load_catalogue()
    options = indicator_options(catalogue, catalogue.index)
    headers = [o for o in options if o.get("disabled")]
    assert len(headers) == 4 and options[0]["disabled"]
    assert len(options) == len(catalogue) + 4
    assert period_options(["2024", "2022-2025"])[1]["label"] == "Éditions 2022 à 2025 cumulées"


def test_sparse_views_suggest_the_pooled_period():
    from types import SimpleNamespace

    from components.map_legend import sparse_view

    def view(statuses):
        return SimpleNamespace(frame=pd.DataFrame({"status": statuses}))

    assert sparse_view(view(["suppressed", "unreliable", "ok"]))
    assert not sparse_view(view(["suppressed", "ok", "ok", "caution"]))
    assert not sparse_view(view([]))
