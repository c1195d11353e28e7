"""Survey vs recorded-crime rows: indices relative to France, unpublishable survey cells say why."""
import pytest

from components.recorded_table import prepare_recorded_rows

LOCAL = {"estimate": 0.04, "ci_low": 0.03, "ci_high": 0.05, "status": "ok", "status_reason": ""}
FRANCE = {"estimate": 0.03, "ci_low": 0.029, "ci_high": 0.031, "status": "ok", "status_reason": ""}
RECORDED = {"indicator": "Cambriolages de logement", "year": 2023, "count": 1000.0, "rate": 9.0,
            "france_rate": 6.0, "denominator": "logements"}


def test_indices_are_relative_to_france():
    row = prepare_recorded_rows([("Cambriolage", LOCAL, FRANCE, RECORDED)])[0]
    assert row["survey_index"] == pytest.approx(133.333, abs=1e-3)  # 100 * 0.04 / 0.03
    assert row["recorded_index"] == pytest.approx(150.0)  # 100 * 9 / 6
    assert row["survey"] == "4,0\u00a0% [3,0 – 5,0]"
    assert row["recorded"] == "9,00 pour 1\u00a0000 logements"


def test_unreliable_survey_cell_shows_its_reason_and_no_index():
    unreliable = {**LOCAL, "status": "unreliable", "status_reason": "Estimation peu fiable : coefficient de variation de 32 %"}
    row = prepare_recorded_rows([("Vol violent", unreliable, FRANCE, RECORDED)])[0]
    assert row["survey_index"] is None
    assert row["survey"].startswith("Estimation peu fiable")


def test_rows_without_recorded_counterpart_are_left_out():
    assert prepare_recorded_rows([("Injures", LOCAL, FRANCE, None)]) == []
