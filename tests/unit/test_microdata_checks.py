"""Bad microdata stop the build with a message naming the column, the value and the row count."""
import numpy as np
import pandas as pd
import pytest

from data.microdata import MicrodataError, check_microdata

INDICATORS = ["cambriolage", "plainte_cambriolage"]
YEARS = [2022, 2023, 2024, 2025]


def valid_microdata() -> pd.DataFrame:
    rows = 12
    return pd.DataFrame({
        "year": [2024] * rows, "ident": [f"i{i}" for i in range(rows)],
        "strata": ["13"] * 6 + ["75"] * 6, "weight": np.linspace(100, 300, rows),
        "dep": ["13"] * 6 + ["75"] * 6, "region": ["93"] * 6 + ["11"] * 6,
        "sexe": ["femme", "homme"] * 6, "age": ["18-24", "35-49", "75+"] * 4,
        "tuu": ["rural", "agglo_paris", "uu_100k_plus"] * 4,
        "cambriolage": [0, 1] * 6, "plainte_cambriolage": [np.nan, 1, np.nan, 0] * 3,
    })


def test_valid_microdata_pass():
    check_microdata(valid_microdata(), INDICATORS, YEARS)


def _drop_weight(f):
    return f.drop(columns="weight")


def _negative_weight(f):
    f.loc[[0, 3], "weight"] = -5.0
    return f


def _null_weight(f):
    f.loc[2, "weight"] = np.nan
    return f


def _singleton(f):
    f.loc[0, "strata"] = "99"
    return f


def _unknown_dep(f):
    f.loc[[1, 2, 4], "dep"] = "973"
    return f


def _old_edition(f):
    f.loc[0, "year"] = 2019
    return f


def _bad_indicator(f):
    f.loc[5, "cambriolage"] = 2
    return f


@pytest.mark.parametrize("mutate, fragments", [
    (_drop_weight, ["colonne manquante : weight"]),
    (_negative_weight, ["colonne weight", "2 ligne(s)", "-5.0"]),
    (_null_weight, ["colonne weight", "1 ligne(s)"]),
    (_singleton, ["colonne strata", "un seul répondant", "2024/99"]),
    (_unknown_dep, ["colonne dep", "3 ligne(s)", "'973'"]),
    (_old_edition, ["colonne year", "hors du catalogue 2022-2025", "2019"]),
    (_bad_indicator, ["colonne cambriolage", "autre que 0, 1 ou vide", "2"]),
])
def test_bad_input_stops_with_a_named_problem(mutate, fragments):
    with pytest.raises(MicrodataError) as error:
        check_microdata(mutate(valid_microdata()), INDICATORS, YEARS)
    for fragment in fragments:
        assert fragment in str(error.value)
