"""Checks on survey microdata before estimation: the build stops on bad input, never guesses.

Each problem names the column, the offending value and the number of rows concerned.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import BREAKDOWNS
from geo import territories

DESIGN_COLUMNS = ["year", "ident", "strata", "weight", "dep", "region", "sexe", "age", "tuu"]


class MicrodataError(ValueError):
    """Raised with every problem found, one per line."""


def _values(series: pd.Series, limit: int = 5) -> str:
    shown = ", ".join(repr(v) for v in series.unique()[:limit])
    return shown + (", ..." if series.nunique() > limit else "")


def microdata_problems(micro: pd.DataFrame, indicators: list[str], years: range | list[int]) -> list[str]:
    """Every problem found in `micro` (empty list when it can be estimated)."""
    missing = [c for c in DESIGN_COLUMNS + list(indicators) if c not in micro.columns]
    if missing:
        return [f"colonne manquante : {c}" for c in missing]
    problems = []
    weight = pd.to_numeric(micro["weight"], errors="coerce")
    bad_weight = weight.isna() | (weight <= 0)
    if bad_weight.any():
        problems.append(f"colonne weight : {int(bad_weight.sum())} ligne(s) avec un poids nul, négatif ou manquant "
                        f"(valeurs {_values(micro.loc[bad_weight, 'weight'])})")
    bad_year = ~micro["year"].isin(list(years))
    if bad_year.any():
        problems.append(f"colonne year : {int(bad_year.sum())} ligne(s) avec une édition hors du catalogue "
                        f"{min(years)}-{max(years)} (valeurs {_values(micro.loc[bad_year, 'year'])})")
    allowed = {"dep": territories.departement_codes(), "region": territories.region_codes(),
               "sexe": BREAKDOWNS["sexe"], "age": BREAKDOWNS["age"], "tuu": BREAKDOWNS["tuu"]}
    for column, codes in allowed.items():
        unknown = ~micro[column].isin(list(codes))
        if unknown.any():
            problems.append(f"colonne {column} : {int(unknown.sum())} ligne(s) avec un code inconnu "
                            f"(valeurs {_values(micro.loc[unknown, column])})")
    sizes = micro.groupby(["year", "strata"]).size()
    singletons = sizes[sizes < 2]
    if len(singletons):
        cells = ", ".join(f"{y}/{s}" for y, s in singletons.index[:5])
        problems.append(f"colonne strata : {len(singletons)} strate(s) d'un seul répondant, variance non "
                        f"estimable ({cells})")
    for indicator in indicators:
        values = pd.to_numeric(micro[indicator], errors="coerce")
        bad = (values.isna() & micro[indicator].notna()) | ~(values.isin([0, 1]) | values.isna())
        if bad.any():
            problems.append(f"colonne {indicator} : {int(bad.sum())} ligne(s) avec une valeur autre que 0, 1 ou vide "
                            f"(valeurs {_values(micro.loc[bad, indicator])})")
    return problems


def check_microdata(micro: pd.DataFrame, indicators: list[str], years: range | list[int]) -> None:
    """Raise MicrodataError listing every problem; return None when the microdata can be estimated."""
    problems = microdata_problems(micro, indicators, years)
    if problems:
        raise MicrodataError("Microdonnées invalides :\n- " + "\n- ".join(problems))


def as_estimation_frame(micro: pd.DataFrame, indicators: list[str]) -> pd.DataFrame:
    """A copy with float indicator columns (NaN outside the universe) and float weights."""
    out = micro.copy()
    out["weight"] = out["weight"].astype(float)
    for indicator in indicators:
        out[indicator] = pd.to_numeric(out[indicator]).astype(float)
    return out
