"""Query helpers of the département diagnostic and the évolutions page (read-only, via the store).

Everything goes through `IndicatorStore.values` (one group of rows indexed by geo_code, a
cheap copy) rather than `row`/`series`, which index per call: a whole fiche needs about
300 look-ups and must stay well under a second. Functions return new frames.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.catalogue import load_catalogue
from data.ranks import rank_range
from data.similar import HEADLINE_INDICATORS, similar_departements
from geo.territories import FRANCE, METROPOLE, all_departements, departement_codes, region_of, regions

ESTIMATE_FIELDS = ["estimate", "se", "ci_low", "ci_high", "cv", "n_unweighted", "status", "status_reason"]
SHOWN = ("ok", "caution", "unreliable")  # statuses that carry a value
RANK_MIN_TOTAL = 10  # fewer départements with a value: no rank (a rank among 3 says nothing)


@dataclass(frozen=True)
class Territory:
    """A territory as the pages address it: level, code, display name."""

    level: str
    code: str
    name: str


def level_of(token: str) -> str | None:
    """Contract level of a territory token used in URLs: FE, FM, R84 (région), 13 (département)."""
    if token == FRANCE:
        return "france"
    if token == METROPOLE:
        return "metropole"
    if token.startswith("R") and token[1:] in regions().index:
        return "region"
    if token in departement_codes():
        return "departement"
    return None


def territory(token: str) -> Territory | None:
    """Territory of a URL token, or None when unknown or out of the survey's scope."""
    level = level_of(token)
    if level is None:
        return None
    if level == "france":
        return Territory(level, FRANCE, "France")
    if level == "metropole":
        return Territory(level, METROPOLE, "France métropolitaine")
    if level == "region":
        return Territory(level, token[1:], str(regions().loc[token[1:], "nom"]))
    return Territory(level, token, str(all_departements().loc[token, "nom"]))


def token_of(level: str, code: str) -> str:
    """Inverse of `territory`: the URL token of a (level, code)."""
    return f"R{code}" if level == "region" else code


def period_label(period: str) -> str:
    """'Édition 2025 (faits de 2024)' or 'Période cumulée 2022-2025 (moyenne annuelle)'."""
    if "-" in period:
        return f"Période cumulée {period} (moyenne annuelle)"
    return f"Édition {period} (faits de {int(period) - 1})"


def previous_edition(editions: list[str], period: str) -> str | None:
    """The edition before `period` among `editions`, None for the first one or a pooled period."""
    if period not in editions:
        return None
    position = editions.index(period)
    return editions[position - 1] if position > 0 else None


@dataclass(frozen=True)
class EnsembleIndex:
    """The whole-population rows of a store as plain look-ups, built once per store.

    A fiche reads ~400 single estimates; through `store.values` each costs a frame copy
    (~0.5 ms), through this dict a few microseconds. Built from `store.frame` (read-only)."""

    records: dict          # (indicator, period, level, code) -> {field: value}
    departements: dict     # (indicator, period) -> frame of départements [estimate, se, status], by code
    editions: tuple
    indicators: tuple
    periods: tuple


_INDEXES: dict[int, tuple] = {}


def ensemble_index(store) -> EnsembleIndex:
    """The index of `store` (cached per store object; a new store gets a new index)."""
    entry = _INDEXES.get(id(store))
    if entry is None or entry[0]() is not store:
        entry = (weakref.ref(store), _build_index(store))
        _INDEXES[id(store)] = entry
    return entry[1]


def _build_index(store) -> EnsembleIndex:
    frame = store.frame
    whole = frame[(frame["breakdown"] == "ensemble") & (frame["category"] == "ensemble")]
    keys = zip(whole["indicator"], whole["period"], whole["geo_level"], whole["geo_code"])
    records = dict(zip(keys, whole[ESTIMATE_FIELDS].to_dict("records")))
    deps = whole[whole["geo_level"] == "departement"]
    by_group = {key: group.set_index("geo_code")[["estimate", "se", "status"]].sort_index()
                for key, group in deps.groupby(["indicator", "period"], sort=False)}
    return EnsembleIndex(records, by_group, tuple(store.editions()), tuple(store.indicators()), tuple(store.periods()))


def _pick(record: dict | None, prefix: str) -> dict:
    """One estimate's fields, prefixed; NaN and status 'absent' when the file has no such row."""
    if record is not None:
        return {f"{prefix}{f}": record[f] for f in ESTIMATE_FIELDS}
    empty = {f"{prefix}{f}": np.nan for f in ESTIMATE_FIELDS}
    empty[f"{prefix}status"] = "absent"
    empty[f"{prefix}status_reason"] = "Aucune estimation dans le fichier"
    return empty


def _pick_frame(frame: pd.DataFrame, code: str, prefix: str) -> dict:
    """`_pick` on a `store.values` frame (indexed by geo_code)."""
    if code not in frame.index:
        return _pick(None, prefix)
    record = frame.loc[code]
    return _pick((record.iloc[0] if isinstance(record, pd.DataFrame) else record).to_dict(), prefix)


def rankable(frame: pd.DataFrame) -> pd.DataFrame:
    """Départements that enter a ranking: a value is shown and its SE is positive (a zero
    estimate with SE 0 — nobody concerned among the respondents — has no known position)."""
    keep = frame["status"].isin(SHOWN) & (frame["se"].astype(float).fillna(0) > 0)
    return frame.loc[keep, ["estimate", "se"]].astype(float).sort_index()


def departement_estimates(store, indicator: str, period: str, breakdown: str = "ensemble",
                          category: str = "ensemble") -> pd.DataFrame:
    """Estimate and se of every rankable département, by code (what the rank ranges use)."""
    frame = store.values(indicator, period, "departement", breakdown, category)
    return rankable(frame) if not frame.empty else pd.DataFrame(columns=["estimate", "se"])


def fiche_rows(store, code: str, period: str) -> pd.DataFrame:
    """One row per indicator (catalogue order): département, France, région and previous-edition
    estimates (prefixes dep_, fr_, reg_, prev_), the rank range and the catalogue fields."""
    index = ensemble_index(store)
    catalogue = load_catalogue()
    region = region_of(code)
    previous = previous_edition(list(index.editions), period)
    rows = []
    for indicator in index.indicators:
        get = index.records.get
        record = {"indicator": indicator, "period": period, "previous_period": previous or "",
                  **_pick(get((indicator, period, "departement", code)), "dep_"),
                  **_pick(get((indicator, period, "france", FRANCE)), "fr_"),
                  **_pick(get((indicator, period, "region", region)), "reg_"),
                  **_pick(get((indicator, previous, "departement", code)) if previous else None, "prev_")}
        if not previous:
            record["prev_status_reason"] = ""
        deps = index.departements.get((indicator, period))
        record.update(_rank_fields(deps if deps is not None else pd.DataFrame(columns=["estimate", "se", "status"]),
                                   code))
        rows.append(record)
    frame = pd.DataFrame(rows)
    info = catalogue.loc[frame["indicator"], ["theme", "label_fr", "unit_fr", "higher_is", "reference_period"]]
    return pd.concat([frame, info.reset_index(drop=True)], axis=1)


def _rank_fields(deps: pd.DataFrame, code: str) -> dict:
    shown = rankable(deps)
    if code not in shown.index or len(shown) < RANK_MIN_TOTAL:
        return {"rank": np.nan, "rank_low": np.nan, "rank_high": np.nan, "rank_total": len(shown)}
    found = rank_range(shown["estimate"].to_numpy(float), shown["se"].to_numpy(float), shown.index.get_loc(code))
    return {"rank": found.rank, "rank_low": found.low, "rank_high": found.high, "rank_total": found.total}


def sparkline_rows(store, code: str, level: str = "departement", indicators: list[str] | None = None) -> pd.DataFrame:
    """Long frame (indicator, period, estimate fields) of one territory over the single editions
    (whole population; what the fiche's sparklines draw)."""
    index = ensemble_index(store)
    rows = []
    for indicator in indicators or index.indicators:
        for period in index.editions:
            record = index.records.get((indicator, period, level, code))
            if record is not None:
                rows.append({"indicator": indicator, "period": period, **record})
    return pd.DataFrame(rows, columns=["indicator", "period", *ESTIMATE_FIELDS])


def evolution_rows(store, indicator: str, tokens: list[str], breakdown: str = "ensemble",
                   category: str = "ensemble") -> pd.DataFrame:
    """Long frame of the editions of one indicator for several territories (URL tokens, in order).

    Columns: token, level, code, name, period + estimate fields; a territory with no row for an
    edition (e.g. a breakdown not estimated at its level) gets status 'absent'."""
    rows = []
    editions = store.editions()
    for token in tokens:
        place = territory(token)
        if place is None:
            continue
        for period in editions:
            frame = store.values(indicator, period, place.level, breakdown, category)
            rows.append({"token": token, "level": place.level, "code": place.code, "name": place.name,
                         "period": period, **_pick_frame(frame, place.code, "")})
    return pd.DataFrame(rows, columns=["token", "level", "code", "name", "period", *ESTIMATE_FIELDS])


@dataclass(frozen=True)
class FicheData:
    """Everything a fiche shows, read once: the page and the PDF are built from this object."""

    code: str
    name: str
    tncc: int
    region_code: str
    region_name: str
    period: str
    period_label: str
    editions: list
    rows: pd.DataFrame
    sparks: pd.DataFrame
    reference: pd.DataFrame
    manifest: dict
    comparables: tuple = ()          # the 5 départements most similar by structure (data.similar)
    comparable_rows: dict = field(default_factory=dict)  # (code, indicator) -> store row or None

    @property
    def tokens(self) -> list[str]:
        """Territories of the évolutions link: France, the région, the département."""
        return [FRANCE, token_of("region", self.region_code), self.code]


def fiche_data(store, code: str, period: str) -> FicheData:
    """The fiche of an in-scope département for one period (editions or pooled)."""
    info = all_departements().loc[code]
    region = region_of(code)
    comparables = similar_departements(code)
    return FicheData(
        code=code, name=str(info["nom"]), tncc=int(info["tncc"]), region_code=region,
        region_name=str(regions().loc[region, "nom"]), period=period, period_label=period_label(period),
        editions=list(ensemble_index(store).editions), rows=fiche_rows(store, code, period),
        sparks=sparkline_rows(store, code), reference=sparkline_rows(store, FRANCE, level="france"),
        manifest=dict(store.manifest), comparables=tuple(comparables),
        comparable_rows=comparable_estimates(store, [code, *comparables], HEADLINE_INDICATORS, period))


def comparable_estimates(store, codes: list[str], indicators, period: str) -> dict:
    """{(code, indicator): estimate dict (estimate, se, ci_low, ci_high, status, ...) or None}
    for the 'Départements comparables' table (one `store.values` per indicator)."""
    found = {}
    for indicator in indicators:
        frame = store.values(indicator, period, "departement")
        for code in codes:
            if code not in frame.index:
                found[(code, indicator)] = None
                continue
            record = frame.loc[code]
            found[(code, indicator)] = (record.iloc[0] if isinstance(record, pd.DataFrame) else record).to_dict()
    return found


# --- URL parameters ---------------------------------------------------------------------------
CORSICA_OLD_CODE = "20"


def resolve_departement(raw: str | None) -> tuple[str, str]:
    """(kind, code) for a /departement/<code> path: kind is 'fiche', 'hors_champ' (973, 976),
    'corse' (20, split into 2A/2B since 1976) or 'inconnu'. Case and a missing leading zero
    are forgiven ('2a' -> '2A', '1' -> '01')."""
    text = (raw or "").strip().upper()
    if text.isdigit() and len(text) == 1:
        text = "0" + text
    if text == CORSICA_OLD_CODE:
        return "corse", text
    known = all_departements()
    if text in known.index:
        return ("fiche" if bool(known.loc[text, "in_scope"]) else "hors_champ"), text
    return "inconnu", (raw or "").strip()


def resolve_period(raw, periods: list[str], default: str | None) -> tuple[str | None, str]:
    """(period, message): an unknown or repeated `periode` falls back to `default` with a
    message naming the parameter; '' when the value was fine or absent."""
    if raw is None or raw == "":
        return default, ""
    if isinstance(raw, list) or raw not in periods:
        shown = raw if not isinstance(raw, list) else ", ".join(map(str, raw))
        fallback = f" ({period_label(default)})" if default else ""
        return default, f"Paramètre « periode » non reconnu (« {shown} ») : retour à la période par défaut{fallback}."
    return raw, ""


MAX_DEPARTEMENTS = 5
MAX_REGIONS = 3
DEFAULT_INDICATOR = "cambriolage"


def normalise_token(raw: str) -> str:
    """'fe' -> 'FE', 'r84' -> 'R84', '2a' -> '2A', '1' -> '01'."""
    text = raw.strip().upper()
    return "0" + text if text.isdigit() and len(text) == 1 else text


def resolve_territories(raw, default: tuple[str, ...] = (FRANCE,)) -> tuple[list[str], list[str]]:
    """Valid territory tokens (order kept, duplicates dropped, at most 5 départements and 3 régions)
    and messages naming what was dropped and why."""
    if raw is None or raw == "" or raw == []:
        return list(default), []
    parts = raw if isinstance(raw, list) else str(raw).split(",")
    tokens, messages, deps, regs = [], [], 0, 0
    for part in parts:
        token = normalise_token(str(part))
        if not token or token in tokens:
            continue
        level = level_of(token)
        if level is None:
            known = all_departements()
            why = "hors champ de l'enquête" if token in known.index else "code inconnu"
            messages.append(f"Paramètre « territoires » : « {part.strip()} » ignoré ({why}).")
            continue
        if level == "departement":
            deps += 1
            if deps > MAX_DEPARTEMENTS:
                messages.append(f"Paramètre « territoires » : au plus {MAX_DEPARTEMENTS} départements, "
                                f"« {token} » ignoré.")
                continue
        if level == "region":
            regs += 1
            if regs > MAX_REGIONS:
                messages.append(f"Paramètre « territoires » : au plus {MAX_REGIONS} régions, « {token} » ignoré.")
                continue
        tokens.append(token)
    return (tokens or list(default)), messages


def resolve_choice(name: str, raw, allowed: list[str], default: str) -> tuple[str, str]:
    """(value, message) for a single-valued URL parameter that must be one of `allowed`."""
    if raw is None or raw == "":
        return default, ""
    if isinstance(raw, list) or raw not in allowed:
        return default, f"Paramètre « {name} » non reconnu (« {raw} ») : valeur par défaut « {default} » utilisée."
    return raw, ""


def available_periods(store) -> list[str]:
    """Editions then pooled periods (cached with the store's index; `store.periods()` scans the table)."""
    return list(ensemble_index(store).periods)
