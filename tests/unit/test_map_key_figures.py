"""Home page key figures: value with CI, change since the previous edition, link to the map."""
import pytest

from components.key_figures import prepare_key_figure
from data.catalogue import load_catalogue
from data.loader import IndicatorStore
from data.map_queries import build_key_figures, previous_edition
from tests.factories import make_indicator_frame

NBSP, EN = "\u00a0", "\u2013"


def item(current, previous, change="hausse significative"):
    return {"indicator": "cambriolage", "catalogue": load_catalogue().loc["cambriolage"].to_dict(),
            "edition": "2025", "previous_edition": "2024", "current": current, "previous": previous, "change": change}


ROW = {"estimate": 0.031, "se": 0.0006, "ci_low": 0.0299, "ci_high": 0.0322, "n_unweighted": 97678,
       "status": "ok", "status_reason": ""}


def test_key_figure_strings():
    card = prepare_key_figure(item(ROW, {**ROW, "estimate": 0.0288}))
    assert card["value"] == f"3,1{NBSP}% [3,0 {EN} 3,2]"
    assert card["change"] == f"+0,2{NBSP}pt depuis l'édition 2024 : hausse significative"
    assert card["change_class"] == "change-hausse"
    assert card["href"] == "/carte?indicateur=cambriolage&periode=2025"
    assert card["period"] == "édition 2025 (faits de 2024)"
    assert f"97{NBSP}678 répondants" in card["detail"]


def test_tiny_change_is_not_written_minus_zero():
    card = prepare_key_figure(item(ROW, {**ROW, "estimate": 0.0312}, change="évolution non significative"))
    assert card["change"].startswith(f"0,0{NBSP}pt")


def test_suppressed_key_figure_shows_no_number():
    card = prepare_key_figure(item({**ROW, "estimate": None, "status": "suppressed",
                                    "status_reason": "Effectif insuffisant (12 répondants)"}, ROW))
    assert card["value"] == "Non diffusé" and card["change"] == ""


def test_build_key_figures_on_a_synthetic_store():
    frame = make_indicator_frame(indicators=("cambriolage", "insecurite_quartier"), periods=("2024", "2025"),
                                 breakdowns=("ensemble",), include=("france",))
    data = IndicatorStore(frame, {})
    items = build_key_figures(data, ("cambriolage", "insecurite_quartier", "absent_du_catalogue"))
    assert [i["indicator"] for i in items] == ["cambriolage", "insecurite_quartier"]
    assert items[0]["edition"] == "2025" and items[0]["previous_edition"] == "2024"
    # the factory forces the first indicator's first period at the finest level (FE 2024) to suppressed
    assert items[0]["previous"]["status"] == "suppressed" and items[0]["change"] == ""
    assert items[1]["change"] in {"hausse significative", "baisse significative", "évolution non significative"}
    assert previous_edition(data, "2024") is None
