"""Query helpers of the fiche and évolutions pages (data/fiche_queries.py) on a small synthetic
store (tests/factories.py: 2 indicators, 99 départements, editions 2024-2025 + pooled), the
comparable départements' rows, and the
URL parameter resolvers (unknown or malformed values -> defaults + a message naming the parameter)."""
import numpy as np
import pytest

from data.fiche_queries import (FicheData, departement_estimates, evolution_rows, fiche_data, fiche_rows,
                                normalise_token, period_label, previous_edition, resolve_choice,
                                resolve_departement, resolve_period, resolve_territories, sparkline_rows, territory)
from data.loader import load_store
from data.ranks import rank_range
from geo.territories import departement_codes
from tests.factories import make_indicator_frame, write_indicator_files


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    frame = make_indicator_frame(departements=departement_codes(), breakdowns=("ensemble", "sexe"))
    return load_store(write_indicator_files(tmp_path_factory.mktemp("fiche"), frame))


def test_fiche_rows_hold_departement_france_region_previous_and_rank(store):
    rows = fiche_rows(store, "13", "2025")
    assert rows["indicator"].tolist() == ["cambriolage", "insecurite_quartier"]
    row = rows.iloc[0]
    expected = store.row("cambriolage", "2025", "departement", "13")
    assert row["dep_estimate"] == expected["estimate"] and row["dep_se"] == expected["se"]
    assert row["fr_estimate"] == store.row("cambriolage", "2025", "france", "FE")["estimate"]
    assert row["reg_estimate"] == store.row("cambriolage", "2025", "region", "93")["estimate"]
    assert row["previous_period"] == "2024"
    assert row["prev_estimate"] == store.row("cambriolage", "2024", "departement", "13")["estimate"]
    assert row["theme"] == "menage" and row["label_fr"] == "Cambriolage ou tentative"
    # the rank range is the one of data.ranks on the départements with a value
    deps = departement_estimates(store, "cambriolage", "2025")
    found = rank_range(deps["estimate"].to_numpy(), deps["se"].to_numpy(), deps.index.get_loc("13"))
    assert (row["rank"], row["rank_low"], row["rank_high"], row["rank_total"]) == (found.rank, found.low,
                                                                                 found.high, found.total)


def test_pooled_period_has_no_previous_edition(store):
    rows = fiche_rows(store, "2A", "2022-2025")
    assert (rows["previous_period"] == "").all()
    assert (rows["prev_status"] == "absent").all()


def test_suppressed_departement_has_no_value_and_no_rank(store):
    # the factory suppresses cambriolage 2024 in the last département (974)
    row = fiche_rows(store, "974", "2024").iloc[0]
    assert row["dep_status"] == "suppressed"
    assert np.isnan(row["dep_estimate"]) and np.isnan(row["rank"])
    assert "974" not in departement_estimates(store, "cambriolage", "2024").index


def test_sparkline_and_evolution_rows_follow_the_editions(store):
    sparks = sparkline_rows(store, "13")
    assert sorted(sparks["period"].unique()) == ["2024", "2025"]
    evolution = evolution_rows(store, "cambriolage", ["FE", "R93", "13", "zz"], "sexe", "femme")
    assert evolution["token"].unique().tolist() == ["FE", "R93", "13"]  # unknown token dropped
    assert evolution["name"].unique().tolist() == ["France", "Provence-Alpes-Côte d'Azur", "Bouches-du-Rhône"]


def test_fiche_data_bundles_names_and_tokens(store):
    data = fiche_data(store, "974", "2025")
    assert isinstance(data, FicheData)
    assert (data.name, data.tncc, data.region_name) == ("La Réunion", 0, "La Réunion")
    assert data.tokens == ["FE", "R04", "974"]
    assert data.period_label == "Édition 2025 (faits de 2024)"
    assert set(data.comparables[:2]) == {"971", "972"} and len(data.comparables) == 5


def test_comparable_rows_are_the_store_rows_none_when_absent(store):
    data = fiche_data(store, "13", "2025")
    codes = ["13", *data.comparables]
    assert {code for code, _ in data.comparable_rows} == set(codes)
    found = data.comparable_rows[(data.comparables[0], "cambriolage")]
    assert found["estimate"] == store.row("cambriolage", "2025", "departement", data.comparables[0])["estimate"]
    assert data.comparable_rows[("13", "satisfaction_forces")] is None  # not in this synthetic store


@pytest.mark.parametrize("raw, expected", [
    ("13", ("fiche", "13")), ("2a", ("fiche", "2A")), ("2B", ("fiche", "2B")), ("1", ("fiche", "01")),
    ("974", ("fiche", "974")), ("973", ("hors_champ", "973")), ("976", ("hors_champ", "976")),
    ("20", ("corse", "20")), ("xyz", ("inconnu", "xyz")), ("99", ("inconnu", "99")), ("", ("inconnu", "")),
    (None, ("inconnu", "")),
])
def test_resolve_departement(raw, expected):
    assert resolve_departement(raw) == expected


@pytest.mark.parametrize("raw, period, says", [
    (None, "2025", ""), ("2024", "2024", ""), ("2022-2025", "2022-2025", ""),
    ("2030", "2025", "« periode »"), (["2024", "2025"], "2025", "« periode »"),
])
def test_resolve_period(raw, period, says):
    found, message = resolve_period(raw, ["2024", "2025", "2022-2025"], "2025")
    assert found == period
    assert (says in message) if says else message == ""


def test_resolve_territories_keeps_order_and_limits():
    tokens, messages = resolve_territories("fe,R84,13,2a,13,973,zz,01,02,03,04")
    assert tokens == ["FE", "R84", "13", "2A", "01", "02", "03"]
    assert any("« 973 » ignoré (hors champ de l'enquête)" in m for m in messages)
    assert any("« zz » ignoré (code inconnu)" in m for m in messages)
    assert any("au plus 5 départements" in m and "« 04 »" in m for m in messages)
    assert all(m.startswith("Paramètre « territoires »") for m in messages)


def test_resolve_territories_defaults_to_france():
    assert resolve_territories(None) == (["FE"], [])
    assert resolve_territories("zz")[0] == ["FE"]


def test_region_and_departement_codes_do_not_collide():
    assert (territory("R84").level, territory("R84").name) == ("region", "Auvergne-Rhône-Alpes")
    assert (territory("84").level, territory("84").name) == ("departement", "Vaucluse")
    assert territory("973") is None


@pytest.mark.parametrize("raw, expected", [("fe", "FE"), ("r84", "R84"), (" 2a ", "2A"), ("1", "01"), ("974", "974")])
def test_normalise_token(raw, expected):
    assert normalise_token(raw) == expected


def test_resolve_choice_names_the_parameter():
    assert resolve_choice("indicateur", "zzz", ["a", "b"], "a") == (
        "a", "Paramètre « indicateur » non reconnu (« zzz ») : valeur par défaut « a » utilisée.")
    assert resolve_choice("indicateur", "b", ["a", "b"], "a") == ("b", "")


def test_period_labels_and_previous_edition():
    assert period_label("2024") == "Édition 2024 (faits de 2023)"
    assert period_label("2022-2025") == "Période cumulée 2022-2025 (moyenne annuelle)"
    assert previous_edition(["2022", "2023"], "2023") == "2022"
    assert previous_edition(["2022", "2023"], "2022") is None
    assert previous_edition(["2022", "2023"], "2022-2025") is None
