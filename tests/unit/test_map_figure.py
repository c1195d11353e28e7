"""The map's builders without a browser: tidy frame, status styling, hover text, verdicts,
the full figure (geometry once) and the patch (values only)."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from components import map_classes as mc
from components.map_figure import (HOVER_VERDICTS, hover_text, make_map_figure, make_map_patch,
                                   make_selection_patch, prepare_map_view)
from data.compare import HIGHER, LOWER, SAME
from geo.layout import PANELS, make_base_figure
from geo.territories import departement_codes

NBSP, EN = "\u00a0", "\u2013"


def row(**values) -> SimpleNamespace:
    base = {"estimate": 0.182, "ci_low": 0.169, "ci_high": 0.196, "se": 0.007, "cv": 0.04, "n": 1867,
            "status": "ok", "status_reason": "", "verdict": ""}
    return SimpleNamespace(**{**base, **values})


HOVER = [
    # row, mode, expected hover lines
    (row(), "valeur", f"18,2{NBSP}% [16,9 {EN} 19,6]<br>1{NBSP}867 répondants"),
    (row(status="caution", cv=0.23, status_reason="À interpréter avec prudence : coefficient de variation de 23 %"),
     "valeur", f"18,2{NBSP}% [16,9 {EN} 19,6]<br>1{NBSP}867 répondants<br>À interpréter avec prudence (CV 23{NBSP}%)"),
    (row(status="unreliable", cv=0.41, status_reason="Estimation peu fiable : coefficient de variation de 41 %"),
     "valeur", f"18,2{NBSP}% [16,9 {EN} 19,6]<br>1{NBSP}867 répondants<br>Estimation peu fiable (CV 41{NBSP}%), "
               "non cartographiée"),
    (row(status="suppressed", estimate=np.nan, ci_low=np.nan, ci_high=np.nan, cv=np.nan, n=24,
         status_reason="Effectif insuffisant (24 répondants)"),
     "valeur", "Valeur non diffusée<br>Effectif insuffisant (24 répondants)<br>24 répondants"),
    (row(status="suppressed", estimate=np.nan, n=412, status_reason="Secret statistique : moins de 5 répondants concernés"),
     "comparaison", "Valeur non diffusée<br>Secret statistique : moins de 5 répondants concernés<br>412 répondants"),
    (row(verdict=HIGHER), "comparaison",
     f"18,2{NBSP}% [16,9 {EN} 19,6]<br>1{NBSP}867 répondants<br>Plus élevé que la France (écart significatif)"),
    (row(verdict=SAME), "comparaison",
     f"18,2{NBSP}% [16,9 {EN} 19,6]<br>1{NBSP}867 répondants<br>Pas d'écart significatif avec la France"),
    (row(estimate=0.0, ci_low=0.0, ci_high=0.0, se=0.0, cv=np.nan, n=65), "comparaison",
     f"0,0{NBSP}% [0,0 {EN} 0,0]<br>65 répondants<br>Écart avec la France non testable (erreur type nulle)"),
    (row(status="absent", estimate=np.nan, n=np.nan), "valeur", "Pas de donnée pour ce département"),
]


@pytest.mark.parametrize("values, mode, expected", HOVER)
def test_hover_text(values, mode, expected):
    assert hover_text(values, mode) == expected


# --- a small synthetic map: 6 départements with every status ---------------------------------
CODES = ["01", "13", "2A", "75", "974", "972"]
NAMES = {"01": "Ain", "13": "Bouches-du-Rhône", "2A": "Corse-du-Sud", "75": "Paris", "974": "La Réunion",
         "972": "Martinique"}
FRANCE = {"estimate": 0.18, "se": 0.002, "ci_low": 0.176, "ci_high": 0.184, "n_unweighted": 97000, "status": "ok"}


def values_frame() -> pd.DataFrame:
    # code: estimate, se, status  (972 has no row at all)
    rows = {
        "01": (0.10, 0.010, "ok"),          # z = (0.10-0.18)/sqrt(0.01²+0.002²) = -7.84: lower
        "13": (0.25, 0.012, "ok"),          # z = 0.07/0.012166 = 5.75: higher
        "2A": (0.19, 0.030, "caution"),     # z = 0.01/0.030067 = 0.33: not different
        "75": (0.30, 0.100, "unreliable"),
        "974": (np.nan, np.nan, "suppressed"),
    }
    frame = pd.DataFrame([
        {"geo_code": c, "estimate": e, "se": s, "ci_low": e - 2 * s, "ci_high": e + 2 * s, "cv": s / e,
         "n_unweighted": 800, "n_cases": None, "status": st,
         "status_reason": "" if st == "ok" else {"caution": "À interpréter avec prudence", "unreliable":
                                                 "Estimation peu fiable", "suppressed": "Effectif insuffisant (24 répondants)"}[st]}
        for c, (e, s, st) in rows.items()])
    return frame.set_index("geo_code")


STATUS_STYLE = [
    # code, mode, slot, colour, legend label
    ("75", "valeur", mc.STATUS_SLOTS["unreliable"], "#dcdcdc", "Estimation peu fiable"),
    ("974", "valeur", mc.STATUS_SLOTS["suppressed"], "#8c8c8c", "Effectif insuffisant"),
    ("972", "valeur", mc.STATUS_SLOTS["absent"], "#ffffff", "Pas de donnée"),
    ("75", "comparaison", mc.STATUS_SLOTS["unreliable"], "#dcdcdc", "Estimation peu fiable"),
    ("974", "comparaison", mc.STATUS_SLOTS["suppressed"], "#8c8c8c", "Effectif insuffisant"),
    ("01", "comparaison", 0, mc.VERDICT_COLORS[LOWER], "Significativement plus faible"),
    ("2A", "comparaison", 1, mc.VERDICT_COLORS[SAME], "Non significativement différent"),
    ("13", "comparaison", 2, mc.VERDICT_COLORS[HIGHER], "Significativement plus élevé"),
]


@pytest.mark.parametrize("code, mode, slot, color, label", STATUS_STYLE)
def test_status_styling(code, mode, slot, color, label):
    view = prepare_map_view(values_frame(), FRANCE, CODES, NAMES, mode=mode, adjust=False)
    found = view.frame.set_index("code").loc[code]
    assert (found["slot"], found["color"], found["label"]) == (slot, color, label)


def test_value_classes_hold_shown_values_only():
    view = prepare_map_view(values_frame(), FRANCE, CODES, NAMES)
    classed = view.frame[view.frame["slot"] < mc.K]
    assert sorted(classed["code"]) == ["01", "13", "2A"]          # ok + caution
    assert view.frame.set_index("code").loc["13", "display"] == 25.0
    assert view.frame["display"].isna().sum() == 3                 # no value for 75, 974, 972


def test_suppressed_and_absent_rows_carry_no_number():
    frame = prepare_map_view(values_frame(), FRANCE, CODES, NAMES).frame.set_index("code")
    assert frame.loc[["974", "972"], ["estimate", "display"]].isna().all().all()


def test_zero_standard_error_is_not_tested():
    values = values_frame()
    values.loc["01", ["estimate", "se", "ci_low", "ci_high"]] = 0.0
    view = prepare_map_view(values, FRANCE, CODES, NAMES, mode="comparaison")
    found = view.frame.set_index("code").loc["01"]
    assert found["verdict"] == "" and found["slot"] == mc.UNTESTABLE_SLOT and found["label"] == mc.UNTESTABLE_LEGEND


# --- figure and patch, on a synthetic geometry of squares ------------------------------------
def square_geojson(codes) -> dict:
    features = []
    for i, code in enumerate(codes):
        x, y = (i % 10) * 0.5, (i // 10) * 0.5
        ring = [[x, y], [x, y + 0.4], [x + 0.4, y + 0.4], [x + 0.4, y], [x, y]]   # clockwise
        features.append({"type": "Feature", "properties": {"code": code, "nom": f"Nom {code}"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


@pytest.fixture(scope="module")
def base():
    return make_base_figure(square_geojson(departement_codes())).to_plotly_json()


@pytest.fixture(scope="module")
def view():
    return prepare_map_view(values_frame(), FRANCE, departement_codes(), NAMES, mode="valeur")


def test_full_figure_draws_99_departements_with_their_slots(base, view):
    figure = make_map_figure(base, view, selected="13")
    assert len(figure["data"]) == len(PANELS)
    locations = {code for trace in figure["data"] for code in trace["locations"]}
    assert len(locations) == 99
    slots = view.frame.set_index("code")["slot"]
    for trace in figure["data"]:
        assert trace["z"] == [int(slots[c]) for c in trace["locations"]]
        assert trace["coloraxis"] == "coloraxis"
        assert all(t.endswith(f"({c})") for t, c in zip(trace["text"], trace["locations"]))
    metro = figure["data"][0]
    i = metro["locations"].index("13")
    assert metro["marker"]["line"]["width"][i] > metro["marker"]["line"]["width"][0]
    assert metro["text"][i] == "Bouches-du-Rhône (13)"
    assert figure["layout"]["coloraxis"]["showscale"] is False


def test_full_figure_leaves_the_base_untouched(base, view):
    before = [list(t["z"]) for t in base["data"]]
    make_map_figure(base, view)
    assert [list(t["z"]) for t in base["data"]] == before


def test_patch_sends_values_not_geometry(base, view):
    operations = make_map_patch(view).to_plotly_json()["operations"]
    locations = {tuple(op["location"]) for op in operations}
    expected = {("data", i, key) for i in range(len(PANELS)) for key in ("z", "hovertext")}
    assert locations == expected | {("layout", "coloraxis", "colorscale")}
    assert "geojson" not in str(operations)


def test_selection_patch_outlines_every_occurrence():
    operations = make_selection_patch("75").to_plotly_json()["operations"]
    widths = {op["location"][1]: op["params"]["value"]["width"] for op in operations}
    thick = [i for i, w in widths.items() if max(w) > 1]
    assert thick == [0, 1]   # metropole and the Paris zoom


def test_a_group_missing_from_the_file_draws_every_departement_as_no_data():
    from data.loader import IndicatorStore
    from data.map_queries import build_map_view
    from tests.factories import make_indicator_frame
    data = IndicatorStore(make_indicator_frame(breakdowns=("ensemble",)), {})
    view = build_map_view(data, "cambriolage", "1999", "ensemble", "ensemble", "comparaison")
    assert set(view.frame["status"]) == {"absent"} and view.france is None
    assert set(view.frame["slot"]) == {mc.STATUS_SLOTS["absent"]} and view.classes.labels == ()
