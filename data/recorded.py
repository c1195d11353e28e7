"""Recorded crime (SSMSI open data, Licence Ouverte 2.0): offences recorded by police and
gendarmerie per département and year, read beside the survey's victimisation rates.

Reads both published layouts (BRIEF §6, shared/data/PROVENANCE.md): the original one
(quoted fields, decimal comma, `Code_departement`) and the re-saved one (lowercase headers,
decimal point, unpadded codes '1'...'9'). Rates are per 1,000 inhabitants, except burglaries
of dwellings, per 1,000 dwellings. National figures for the survey's scope are recomputed
from summed counts and denominators, never by averaging rates.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

import config
from geo.territories import departement_codes

REQUIRED = ["code_departement", "annee", "indicateur", "nombre", "insee_pop", "insee_log"]
PER_DWELLING = {"Cambriolages de logement"}
# Survey indicator -> recorded indicators closest in scope (the definitions differ: the survey
# counts people or households victimised, recorded crime counts offences, victims or vehicles).
MATCHES: dict[str, tuple[str, ...]] = {
    "cambriolage": ("Cambriolages de logement",),
    "vol_voiture": ("Vols de véhicule", "Vols de véhicules"),
    "vol_dans_voiture": ("Vols dans les véhicules",),
    "vandalisme_voiture": ("Destructions et dégradations volontaires",),
    "vol_violent": ("Vols violents sans arme",),
    "vol_sans_violence": ("Vols sans violence contre des personnes",),
    "violences_physiques": ("Violences physiques hors cadre familial", "Autres coups et blessures volontaires"),
    "violences_conjugales": ("Violences physiques intrafamiliales", "Coups et blessures volontaires intrafamiliaux"),
    "violences_sexuelles": ("Violences sexuelles",),
    "debit_frauduleux": ("Escroqueries et fraudes aux moyens de paiement", "Escroqueries"),
}


class RecordedCrimeError(ValueError):
    """The recorded-crime file cannot be used; the message names the file and the problem."""


def read_recorded(path: Path | str | None = None) -> pd.DataFrame:
    """Tidy frame: dep, year, indicator, count, population, dwellings, rate_per_1000, denominator."""
    path = Path(config.get("recorded_crime_path", path))
    if not path.exists():
        raise RecordedCrimeError(f"{path} : fichier de délinquance enregistrée introuvable.")
    try:
        raw = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except UnicodeDecodeError as exc:
        raise RecordedCrimeError(f"{path} : encodage non UTF-8 (octet {exc.start}) ; "
                                 "réenregistrer le fichier en UTF-8.") from exc
    raw.columns = [c.strip().lower() for c in raw.columns]
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise RecordedCrimeError(f"{path} : colonne(s) manquante(s) : {', '.join(missing)}.")
    numbers = {c: pd.to_numeric(raw[c].str.replace(",", ".", regex=False), errors="coerce")
               for c in ("annee", "nombre", "insee_pop", "insee_log")}
    bad = pd.concat(numbers, axis=1).isna().any(axis=1)
    if bad.any():
        first = int(bad.idxmax()) + 2  # header is line 1
        raise RecordedCrimeError(f"{path} : {int(bad.sum())} ligne(s) avec une valeur non numérique "
                                 f"(première : ligne {first}).")
    code = raw["code_departement"].str.strip()
    code = code.where(~code.str.fullmatch(r"\d"), code.str.zfill(2))
    frame = pd.DataFrame({
        "dep": code, "year": numbers["annee"].astype(int), "indicator": raw["indicateur"].str.strip(),
        "count": numbers["nombre"], "population": numbers["insee_pop"], "dwellings": numbers["insee_log"],
    })
    return _with_rates(frame)


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    per_dwelling = frame["indicator"].isin(PER_DWELLING)
    denominator = frame["dwellings"].where(per_dwelling, frame["population"])
    return frame.assign(rate_per_1000=frame["count"] / denominator * 1000,
                        denominator=per_dwelling.map({True: "logements", False: "habitants"}))


def survey_scope_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """France within the survey's scope (metropole + 971, 972, 974): summed counts, recomputed rates."""
    scope = frame[frame["dep"].isin(departement_codes())]
    totals = scope.groupby(["year", "indicator"], as_index=False)[["count", "population", "dwellings"]].sum()
    return _with_rates(totals.assign(dep="FE"))


@lru_cache(maxsize=1)
def recorded_store() -> tuple[pd.DataFrame | None, str]:
    """(départements + 'FE' rows, problem message). Read once per process; None when unusable."""
    try:
        frame = read_recorded()
    except RecordedCrimeError as exc:
        return None, str(exc)
    return pd.concat([frame, survey_scope_totals(frame)], ignore_index=True), ""


def recorded_for(dep: str, survey_indicator: str, year: int) -> dict | None:
    """Recorded rate for a département and France for the survey indicator's closest match."""
    frame, _ = recorded_store()
    if frame is None or survey_indicator not in MATCHES:
        return None
    rows = frame[(frame["year"] == year) & frame["indicator"].isin(MATCHES[survey_indicator])]
    local, national = rows[rows["dep"] == dep], rows[rows["dep"] == "FE"]
    if local.empty or national.empty:
        return None
    return {"indicator": local["indicator"].iloc[0], "year": year, "count": float(local["count"].iloc[0]),
            "rate": float(local["rate_per_1000"].iloc[0]), "france_rate": float(national["rate_per_1000"].iloc[0]),
            "denominator": local["denominator"].iloc[0]}
