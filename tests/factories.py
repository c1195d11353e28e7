"""Small synthetic indicator tables for tests: valid under the data contract (`data/SCHEMA.md`).

    from tests.factories import make_indicator_frame, write_indicator_files
    frame = make_indicator_frame()                         # 2 indicators, 3 periods, 4 départements
    frame = make_indicator_frame(breakdowns=("ensemble",), include=("departement",))
    path = write_indicator_files(tmp_path, frame)          # indicators.parquet + manifest.json

What every frame holds (the values are plausible, not calibrated; deterministic for a seed):
- the domains of the `include`d levels: France `FE`, France métropolitaine `FM`, the regions of
  the given départements, the départements; `sexe_age` rows only at france/metropole levels;
- consistent numbers: se from a design effect of 1.5, 95 % CI on the logit scale (Student t
  at `df`), cv = se / estimate, n_cases and weighted_count matching the estimate;
- statuses assigned by the default rules (BRIEF §5: n < 30 or 1-4 cases -> suppressed,
  CV > 0.30 -> unreliable, CV > 0.15 -> caution), with the same French reasons as the pipeline;
- three guaranteed rows, for the first indicator, first period, first category of the first
  breakdown ("ensemble" by default) on the LAST domains of the finest included level (with the
  defaults: départements 974, 2A and 75):
      last domain      -> suppressed, n_unweighted 24, "Effectif insuffisant (24 répondants)",
                          all SECRET_COLUMNS null;
      second-to-last   -> unreliable (CV ≈ 0.40);
      third-to-last    -> caution (CV ≈ 0.22).
  Other rows may be caution/unreliable/suppressed too when their sample is small.
Mutate a copy to build invalid frames (see tests/unit/test_validate.py).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from data.schema import BREAKDOWNS, COLUMNS, SECRET_COLUMNS, SEXE_AGE_LEVELS
from geo.territories import DROM_IN_SCOPE, GEO_LEVELS, all_departements, departement_codes, region_of

DEFF = 1.5
ADULTS = {"france": 52.3e6, "metropole": 50.6e6}
ADULT_SHARE = 0.79
# Respondents per edition in a domain.
SAMPLE = {"france": 100_000, "metropole": 96_000, "region": 6_000, "departement": 1_000, "drom": 500}
SHARES = {
    "ensemble": (1.0,),
    "sexe": (0.52, 0.48),
    "age": (0.105, 0.150, 0.240, 0.245, 0.140, 0.120),
    "tuu": (0.22, 0.16, 0.14, 0.30, 0.18),
}
SHARES["sexe_age"] = tuple(s * a for s in SHARES["sexe"] for a in SHARES["age"])
FORCED = (("suppressed", None), ("unreliable", 0.40), ("caution", 0.22))  # last domain first
FORCED_RATE = 0.05
RULES = {"min_respondents": 30, "min_cases": 5, "cv_caution": 0.15, "cv_unreliable": 0.30}


def make_indicator_frame(indicators=("cambriolage", "insecurite_quartier"),
                         periods=("2024", "2025", "2022-2025"),
                         departements=("13", "75", "2A", "974"),
                         breakdowns=("ensemble", "sexe"),
                         seed: int = 0,
                         include=GEO_LEVELS) -> pd.DataFrame:
    """A valid contract frame (columns and dtypes of `data.schema.COLUMNS`), rows in key order.

    `include`: the geo levels to produce. `departements`: in-scope codes (pass
    `geo.territories.departement_codes()` for all 99)."""
    unknown = set(include) - set(GEO_LEVELS) or set(departements) - set(departement_codes())
    if unknown:
        raise ValueError(f"outside the contract: {sorted(unknown)}")
    rng = np.random.default_rng(seed)
    rows = _skeleton(indicators, periods, _domains(departements, include), breakdowns)
    base = dict(zip(indicators, rng.uniform(0.03, 0.25, len(indicators))))
    logit = np.log([base[i] / (1 - base[i]) for i in rows["indicator"]]) + rng.normal(0, 0.25, len(rows))
    rows["estimate"] = 1 / (1 + np.exp(-logit))
    _force_statuses(rows, include, breakdowns, indicators[0], periods[0])
    return _finish(rows)


def _domains(departements, include) -> pd.DataFrame:
    deps = all_departements().loc[list(departements)]
    rows = []
    for level in GEO_LEVELS:
        if level not in include:
            continue
        if level in ("france", "metropole"):
            rows.append((level, "FE" if level == "france" else "FM", SAMPLE[level], ADULTS[level]))
        elif level == "region":
            for code in sorted({region_of(d) for d in deps.index}):
                members = deps[deps["region_code"] == code]
                drom = members.index.isin(DROM_IN_SCOPE).all()
                rows.append((level, code, SAMPLE["drom" if drom else "region"],
                             members["population_2017"].sum() * ADULT_SHARE))
        else:
            for code in deps.index:
                rows.append((level, code, SAMPLE["drom" if code in DROM_IN_SCOPE else "departement"],
                             deps.loc[code, "population_2017"] * ADULT_SHARE))
    return pd.DataFrame(rows, columns=["geo_level", "geo_code", "sample", "adults"])


def _skeleton(indicators, periods, domains, breakdowns) -> pd.DataFrame:
    cats = pd.DataFrame([(b, c, s) for b in breakdowns for c, s in zip(BREAKDOWNS[b], SHARES[b])],
                        columns=["breakdown", "category", "share"])
    cells = domains.merge(cats, how="cross")
    cells = cells[(cells["breakdown"] != "sexe_age") | cells["geo_level"].isin(SEXE_AGE_LEVELS)]
    spans = pd.DataFrame({"period": list(periods)})
    years = spans["period"].str.split("-", expand=True)
    spans["year_first"] = years[0].astype(int)
    spans["year_last"] = years[years.columns[-1]].fillna(years[0]).astype(int)
    index = pd.DataFrame({"indicator": list(indicators)}).merge(spans, how="cross")
    rows = index.merge(cells, how="cross").reset_index(drop=True)
    editions = rows["year_last"] - rows["year_first"] + 1
    rows["n_unweighted"] = np.maximum(np.round(rows["sample"] * rows["share"] * editions), 1).astype("int64")
    rows["population"] = rows["adults"] * rows["share"]
    return rows


def _force_statuses(rows: pd.DataFrame, include, breakdowns, indicator, period) -> None:
    """Give the documented rows their status by setting their sample size (see module docstring)."""
    finest = [level for level in GEO_LEVELS if level in include][-1]
    target = rows[(rows["indicator"] == indicator) & (rows["period"] == period) & (rows["geo_level"] == finest)
                  & (rows["breakdown"] == breakdowns[0]) & (rows["category"] == BREAKDOWNS[breakdowns[0]][0])]
    for position, (status, cv) in zip(target.index[::-1], FORCED):
        p = FORCED_RATE
        rows.loc[position, "estimate"] = p
        n = 24 if status == "suppressed" else round(DEFF * (1 - p) / (p * cv ** 2))
        rows.loc[position, "n_unweighted"] = n


def _finish(rows: pd.DataFrame) -> pd.DataFrame:
    """Derive se, CI, cv, counts and statuses from estimate and n_unweighted; order and type columns."""
    p, n = rows["estimate"].to_numpy(), rows["n_unweighted"].to_numpy()
    rows["df"] = np.maximum(n - 10, 1)
    rows["se"] = np.sqrt(DEFF * p * (1 - p) / n)
    half = stats.t.ppf(0.975, rows["df"]) * rows["se"] / (p * (1 - p))
    logit = np.log(p / (1 - p))
    rows["ci_low"] = 1 / (1 + np.exp(-(logit - half)))
    rows["ci_high"] = 1 / (1 + np.exp(-(logit + half)))
    rows["cv"] = rows["se"] / p
    rows["n_cases"] = np.round(p * n).astype("int64")
    rows["weighted_count"] = p * rows["population"]
    _assign_status(rows)
    out = rows[list(COLUMNS)].copy()
    for column, kind in COLUMNS.items():
        out[column] = out[column].astype({"str": "str", "int": "int64", "float": "float64"}[kind])
    out["n_cases"] = out["n_cases"].astype("Int64")
    suppressed = out["status"] == "suppressed"
    for column in SECRET_COLUMNS:
        out.loc[suppressed, column] = None
    return out


def _assign_status(rows: pd.DataFrame) -> None:
    n, cases, cv = rows["n_unweighted"], rows["n_cases"], rows["cv"]
    too_few = n < RULES["min_respondents"]
    few_cases = ~too_few & (cases >= 1) & (cases < RULES["min_cases"])
    unreliable = ~too_few & ~few_cases & (cv > RULES["cv_unreliable"])
    caution = ~too_few & ~few_cases & ~unreliable & (cv > RULES["cv_caution"])
    rows["status"] = np.select([too_few, few_cases, unreliable, caution],
                               ["suppressed", "suppressed", "unreliable", "caution"], "ok")
    percent = (cv * 100).round().astype(int).astype(str)
    rows["status_reason"] = np.select(
        [too_few, few_cases, unreliable, caution],
        ["Effectif insuffisant (" + n.astype(str) + " répondants)",
         f"Secret statistique : moins de {RULES['min_cases']} répondants concernés",
         "Estimation peu fiable : coefficient de variation de " + percent + " %",
         "À interpréter avec prudence : coefficient de variation de " + percent + " %"],
        "")


def write_indicator_files(tmp_path: Path | str, frame: pd.DataFrame, origin: str = "simulation",
                          data_version: str = "test") -> Path:
    """Write `indicators.parquet` and `manifest.json` into `tmp_path`; return the Parquet path
    (point `VRS_INDICATORS` at it; the manifest is found beside it)."""
    from data.manifest import write_manifest

    folder = Path(tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "indicators.parquet"
    frame.to_parquet(path, index=False)
    write_manifest(folder / "manifest.json", origin=origin, data_version=data_version,
                   row_count=len(frame), thresholds=dict(RULES), seed=None)
    return path
