"""Cross-tab builder: contract rows -> displayed table (labels, rounding, flags, order, layouts) -> grid props.

Rows come from the test factory (`tests/factories.py`): départements 13, 2A, 75, 974, where
cambriolage 2024 ensemble is caution in 75, unreliable in 2A and suppressed in 974.
"""
import json

import numpy as np
import pandas as pd
import pytest

from components.crosstab import (ABSENT_FLAG, EXPERT, ROW_ID, Order, column_defs, make_table, period_label,
                                 prepare_rows, row_data)
from data.catalogue import load_catalogue
from data.schema import SECRET_COLUMNS
from tests.factories import make_indicator_frame

INDICATORS = ["insecurite_quartier", "cambriolage"]  # user's order, not the catalogue's
PERIODS = ["2024", "2025"]
CODES = ["13", "2A", "75", "974"]


@pytest.fixture(scope="module")
def contract():
    return make_indicator_frame(periods=("2024", "2025", "2022-2025"), departements=("13", "75", "2A", "974"))


def rows_of(contract, breakdown="ensemble", periods=PERIODS, indicators=INDICATORS):
    keep = (contract["geo_level"] == "departement") & (contract["breakdown"] == breakdown)
    keep &= contract["period"].isin(periods) & contract["indicator"].isin(indicators)
    return contract[keep]


def tidy_of(contract, breakdown="ensemble", periods=PERIODS, categories=None):
    categories = categories or (["ensemble"] if breakdown == "ensemble" else ["femme", "homme"])
    return prepare_rows(rows_of(contract, breakdown, periods), load_catalogue(),
                        Order(INDICATORS, list(periods), CODES, categories))


@pytest.mark.parametrize("period, reference, label", [
    ("2024", "annee_precedente", "Édition 2024 (faits de 2023)"),
    ("2024", "moment_enquete", "Édition 2024"),
    ("2022-2025", "annee_precedente", "Éditions 2022-2025 cumulées"),
])
def test_period_label_says_edition_and_reference_period(period, reference, label):
    assert period_label(period, reference) == label


def test_prepare_rows_orders_labels_and_rounds(contract):
    tidy = tidy_of(contract)
    assert list(tidy["indicator"].unique()) == INDICATORS
    first = tidy[tidy["indicator"] == "insecurite_quartier"]
    assert list(first["period"].unique()) == PERIODS
    assert list(first[first["period"] == "2024"]["geo_code"]) == CODES
    source = rows_of(contract).set_index(["indicator", "period", "geo_code"])
    row = tidy.iloc[0]
    original = source.loc[(row["indicator"], row["period"], row["geo_code"])]
    assert row["value"] == round(original["estimate"] * 100, 1)
    assert row["se_pt"] == round(original["se"] * 100, 2)
    assert row["n"] == original["n_unweighted"]
    assert row["indicator_label"] == "Insécurité dans le quartier ou le village"
    assert row["territory"] == "Bouches-du-Rhône"


@pytest.mark.parametrize("code, flag", [("75", "E"), ("2A", "F"), ("974", "s")])
def test_prepare_rows_flags_follow_status(contract, code, flag):
    tidy = tidy_of(contract)
    row = tidy[(tidy["indicator"] == "cambriolage") & (tidy["period"] == "2024") & (tidy["geo_code"] == code)].iloc[0]
    assert row["flag"] == flag
    assert row["reason"]


def test_prepare_rows_drops_a_secret_value_even_if_the_input_carries_one(contract):
    rows = rows_of(contract).copy()
    secret = rows["status"] == "suppressed"
    assert secret.any()
    for column in SECRET_COLUMNS:
        rows.loc[secret, column] = 3 if column == "n_cases" else 0.123  # a leaking source
    tidy = prepare_rows(rows, load_catalogue(), Order(INDICATORS, PERIODS, CODES, ["ensemble"]))
    hidden = tidy[tidy["status"] == "suppressed"]
    for column in ["value", "ci_low_pct", "ci_high_pct", "se_pt", "cv_pct", *SECRET_COLUMNS]:
        assert hidden[column].isna().all(), column
    assert hidden["n"].notna().all()  # n_unweighted stays: it is the reason


def test_cross_layout_columns_rows_and_groups(contract):
    table = make_table(tidy_of(contract, "sexe"), "croise", expert=False, breakdown="sexe")
    headers = [c.header for c in table.columns]
    assert headers[:3] == ["Territoire", "Code", "Sexe"]
    assert headers[3:] == ["Estimation (%)", "Statut"] * 4
    assert [c.group for c in table.columns[3::2]] == [
        "Insécurité dans le quartier ou le village · Édition 2024", "Insécurité dans le quartier ou le village · Édition 2025",
        "Cambriolage ou tentative · Édition 2024 (faits de 2023)", "Cambriolage ou tentative · Édition 2025 (faits de 2024)"]
    assert len(table.frame) == len(CODES) * 2
    assert list(table.frame["geo_code"]) == [c for c in CODES for _ in range(2)]
    assert list(table.frame["category_label"][:2]) == ["Femmes", "Hommes"]
    assert table.shown().columns[3] == "Insécurité dans le quartier ou le village · Édition 2024 – Estimation (%)"


def test_expert_mode_adds_ci_n_se_cv_df_per_group(contract):
    plain = make_table(tidy_of(contract), "croise", expert=False)
    expert = make_table(tidy_of(contract), "croise", expert=True)
    assert len(expert.columns) - len(plain.columns) == 4 * len(EXPERT)
    group = [c.header for c in expert.columns if c.group.startswith("Cambriolage ou tentative · Édition 2024")]
    assert group == ["Estimation (%)", "Statut", "IC 95 % bas (%)", "IC 95 % haut (%)", "n (répondants)",
                     "Erreur type (pt)", "CV (%)", "ddl"]


def test_ensemble_has_no_category_column(contract):
    table = make_table(tidy_of(contract), "croise")
    assert [c.header for c in table.columns[:3]] == ["Territoire", "Code", "Estimation (%)"]


def test_cross_cells_keep_status_and_no_secret_value(contract):
    table = make_table(tidy_of(contract), "croise", expert=True)
    group = next(c for c in table.columns if c.group.startswith("Cambriolage ou tentative · Édition 2024"))
    prefix = group.field.removesuffix("value")
    row = table.frame[table.frame["geo_code"] == "974"].iloc[0]
    assert row[f"{prefix}flag"] == "s"
    assert row[f"{prefix}reason"] == "Effectif insuffisant (24 répondants)"
    for name in ("value", "ci_low_pct", "ci_high_pct", "se_pt", "cv_pct"):
        assert pd.isna(row[prefix + name])


def test_absent_combination_is_flagged_nd(contract):
    tidy = tidy_of(contract)
    tidy = tidy[~((tidy["indicator"] == "cambriolage") & (tidy["period"] == "2025") & (tidy["geo_code"] == "13"))]
    table = make_table(tidy, "croise")
    group = next(c for c in table.columns if c.group == "Cambriolage ou tentative · Édition 2025 (faits de 2024)")
    row = table.frame[table.frame["geo_code"] == "13"].iloc[0]
    prefix = group.field.removesuffix("value")
    assert row[prefix + "flag"] == ABSENT_FLAG and pd.isna(row[prefix + "value"])


def test_long_layout_one_row_per_estimate(contract):
    tidy = tidy_of(contract, "sexe")
    table = make_table(tidy, "long", expert=True, breakdown="sexe")
    assert len(table.frame) == len(tidy)
    assert [c.header for c in table.columns] == [
        "Indicateur", "Période", "Territoire", "Code", "Sexe", "Estimation (%)", "Statut",
        "IC 95 % bas (%)", "IC 95 % haut (%)", "n (répondants)", "Erreur type (pt)", "CV (%)", "ddl", "Motif"]


def test_in_order_follows_the_grid_and_ignores_unknown_ids(contract):
    table = make_table(tidy_of(contract), "long", key="k1")
    ids = list(table.frame[ROW_ID])
    shown = table.in_order([ids[3], "autre-r0", ids[1]])
    assert list(shown.frame[ROW_ID]) == [ids[3], ids[1]]
    assert table.in_order(None) is table
    assert all(i.startswith("k1r") for i in ids)


def test_row_data_is_plain_json_without_nan(contract):
    table = make_table(tidy_of(contract, "sexe"), "croise", expert=True, breakdown="sexe")
    records = row_data(table)
    text = json.dumps(records, allow_nan=False)  # raises on NaN
    assert len(records) == len(table.frame)
    assert "NaN" not in text


def test_column_defs_group_values_and_pin_only_a_leading_territory(contract):
    cross = column_defs(make_table(tidy_of(contract), "croise"))
    assert cross[0]["field"] == "territory" and cross[0]["pinned"] == "left"
    groups = [d for d in cross if "children" in d]
    assert len(groups) == 4 and all(len(g["children"]) == 2 for g in groups)
    value = groups[0]["children"][0]
    assert "'.1f'" in value["valueFormatter"]["function"].replace(",.1f", ".1f")
    assert set(value["cellClassRules"]) == {"tab-cell-caution", "tab-cell-unreliable", "tab-cell-suppressed",
                                            "tab-cell-absent"}
    assert value["tooltipField"].endswith("reason")
    long_defs = column_defs(make_table(tidy_of(contract), "long"))
    assert not any(d.get("pinned") for d in long_defs)  # pinning would show another order than the files


def test_expert_columns_carry_no_caution_tint(contract):
    defs = column_defs(make_table(tidy_of(contract), "croise", expert=True))
    children = [child for d in defs if "children" in d for child in d["children"]]
    tinted = [c["headerName"] for c in children if "tab-cell-caution" in c.get("cellClassRules", {})]
    assert set(tinted) == {"Estimation (%)", "Statut"}


def test_values_are_rounded_like_the_screen(contract):
    table = make_table(tidy_of(contract), "long", expert=True)
    for column in table.columns:
        if column.kind in ("pct", "pt"):
            values = table.frame[column.field].dropna().to_numpy(dtype=float)
            decimals = 1 if column.kind == "pct" else 2
            assert np.allclose(values, np.round(values, decimals)), column.header
