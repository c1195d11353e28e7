"""One query vocabulary for the `/tableaux` URL and the `/api/v1/donnees` API.

    ?indicateur=cambriolage,insecurite_quartier&periode=2024,2025&niveau=departement&code=13,2A&ventilation=sexe

Both read the same parameter names and the same values, so a table on screen and its API
call are one and the same selection (the page links to it). Parsing never raises: it returns
the valid part of the request and one `ParamProblem` per bad parameter, naming the parameter
and the values it admits. The API answers HTTP 400 on the first problem; the page falls back
to defaults and shows the problems as messages. Pure: the available indicators and periods
are arguments (from `data.loader.store()`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from data.schema import BREAKDOWN_LABELS, BREAKDOWNS, SEXE_AGE_LEVELS
from geo.territories import GEO_LEVELS, LEVEL_LABELS, geo_codes

SELECTION_PARAMS = ("indicateur", "periode", "niveau", "code", "ventilation")


@dataclass(frozen=True)
class ParamProblem:
    """A bad query parameter: its name, a French sentence, the values it admits."""

    param: str
    message: str
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """What to show: indicators × periods × territories of one level × categories of one breakdown.

    `codes` None means every territory of the level. Order of `indicators` is the user's; periods
    follow the store's order (editions, then pooled)."""

    indicators: tuple[str, ...]
    periods: tuple[str, ...]
    level: str = "departement"
    codes: tuple[str, ...] | None = None
    breakdown: str = "ensemble"

    def territory_codes(self) -> list[str]:
        return list(self.codes) if self.codes else geo_codes(self.level)

    def categories(self) -> tuple[str, ...]:
        return BREAKDOWNS[self.breakdown]

    def size(self) -> int:
        """Contract rows this selection can return at most (checked before querying)."""
        return len(self.indicators) * len(self.periods) * len(self.territory_codes()) * len(self.categories())

    def query(self, data_store):
        """Contract rows from an `IndicatorStore`, in its stable order."""
        return data_store.query(list(self.indicators), list(self.periods), self.level,
                                list(self.codes) if self.codes else None, self.breakdown)

    def params(self) -> dict[str, str]:
        """Query parameters that rebuild this selection (omitting `code` when all territories)."""
        out = {"indicateur": ",".join(self.indicators), "periode": ",".join(self.periods), "niveau": self.level}
        if self.codes:
            out["code"] = ",".join(self.codes)
        out["ventilation"] = self.breakdown
        return out


def breakdowns_for(level: str) -> list[str]:
    """Breakdowns estimated at a level (`sexe_age` only for France and France métropolitaine)."""
    return [b for b in BREAKDOWNS if b != "sexe_age" or level in SEXE_AGE_LEVELS]


def single(params: Mapping, name: str) -> tuple[str | None, ParamProblem | None]:
    """One scalar parameter; a repeated one is a problem (the API reads `request.args` lists)."""
    raw = params.get(name)
    if isinstance(raw, (list, tuple)):
        if len(raw) > 1:
            return None, ParamProblem(name, f"Paramètre « {name} » répété : une seule valeur attendue.")
        raw = raw[0] if raw else None
    return (None if raw is None else str(raw)), None


def split_list(params: Mapping, name: str) -> list[str] | None:
    """A comma-separated list (repeated parameters are joined); None when absent; order kept, no duplicates."""
    raw = params.get(name)
    if raw is None:
        return None
    parts = raw if isinstance(raw, (list, tuple)) else [raw]
    items = [item.strip() for part in parts for item in str(part).split(",")]
    return list(dict.fromkeys(item for item in items if item))


def _choose_list(params, name, allowed, default, what) -> tuple[tuple[str, ...], list[ParamProblem]]:
    values = split_list(params, name)
    if values is None:
        if default:
            return tuple(default), []
        return (), [ParamProblem(name, f"Paramètre « {name} » obligatoire : {what}.", tuple(allowed))]
    unknown = [v for v in values if v not in allowed]
    known = tuple(v for v in values if v in allowed)
    problems = []
    if unknown:
        problems.append(ParamProblem(name, f"Paramètre « {name} » : valeur(s) inconnue(s) « {', '.join(unknown)} ».",
                                     tuple(allowed)))
    if not known:
        if not unknown:
            problems.append(ParamProblem(name, f"Paramètre « {name} » vide : {what}.", tuple(allowed)))
        return tuple(default), problems
    return known, problems


def _choose_one(params, name, allowed, default) -> tuple[str, list[ParamProblem]]:
    value, problem = single(params, name)
    if problem:
        return default, [replace(problem, allowed=tuple(allowed))]
    if value is None:
        return default, []
    if value not in allowed:
        return default, [ParamProblem(name, f"Paramètre « {name} » : valeur « {value} » inconnue.", tuple(allowed))]
    return value, []


def parse_selection(params: Mapping, indicators: list[str], periods: list[str],
                    default: Selection) -> tuple[Selection, list[ParamProblem]]:
    """The selection a query string asks for, and its problems (empty list: all good).

    `default` fills absent parameters; an empty `default.indicators` makes `indicateur`
    required (the API). Invalid values are dropped (lists) or replaced by the default
    (scalars), so the returned selection is always valid."""
    chosen, problems = _choose_list(params, "indicateur", indicators, default.indicators, "au moins un indicateur")
    chosen_periods, more = _choose_list(params, "periode", periods, default.periods, "au moins une période")
    problems += more
    chosen_periods = tuple(p for p in periods if p in chosen_periods)  # store order
    level, more = _choose_one(params, "niveau", GEO_LEVELS, default.level)
    problems += more
    codes, more = _codes(params, level)
    problems += more
    breakdown, more = _choose_one(params, "ventilation", breakdowns_for(level), "ensemble")
    if more and split_list(params, "ventilation") == ["sexe_age"]:
        more = [replace(more[0], message="Paramètre « ventilation » : le croisement sexe × âge n'est estimé que pour "
                                         "la France et la France métropolitaine (niveau france ou metropole).")]
    problems += more
    return Selection(chosen, chosen_periods, level, codes, breakdown), problems


def _codes(params, level) -> tuple[tuple[str, ...] | None, list[ParamProblem]]:
    values = split_list(params, "code")
    if not values:
        return None, []
    allowed = geo_codes(level)
    unknown = [v for v in values if v not in allowed]
    problems = []
    if unknown:
        problems.append(ParamProblem("code", f"Paramètre « code » : code(s) « {', '.join(unknown)} » inconnu(s) "
                                             f"pour le niveau {level} ({LEVEL_LABELS[level]}).", tuple(allowed)))
    known = [c for c in allowed if c in values]  # territory order
    return (tuple(known) or None), problems


def unknown_params(params: Mapping, known: tuple[str, ...]) -> list[ParamProblem]:
    """One problem per parameter nobody reads (a typo would otherwise pass unnoticed)."""
    return [ParamProblem(name, f"Paramètre « {name} » inconnu.", tuple(known)) for name in params if name not in known]


def describe(selection: Selection) -> dict[str, str]:
    """The selection in words, for the metadata sheet of downloads."""
    codes = ", ".join(selection.codes) if selection.codes else f"tous ({len(geo_codes(selection.level))})"
    return {"Indicateurs": ", ".join(selection.indicators), "Périodes": ", ".join(selection.periods),
            "Niveau géographique": LEVEL_LABELS[selection.level], "Territoires": codes,
            "Ventilation": BREAKDOWN_LABELS[selection.breakdown]}
