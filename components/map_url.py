"""The map page's state and its URL: parse a query string into a valid `MapState`, write it back.

The URL is the state (STYLE §7): `/carte?indicateur=...&periode=...&ventilation=...&categorie=...
&mode=...&dep=...` opens exactly that view. Parsing never fails: an unknown or malformed
parameter falls back to its default and yields a French message naming it, shown on the page.
Pure: the valid choices come in as a `MapChoices` built from the data by the page.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

MODES = ("valeur", "comparaison")
MODE_LABELS = {"valeur": "Valeur", "comparaison": "Comparaison avec la France"}
# URL parameter -> MapState field
PARAMS = {"indicateur": "indicator", "periode": "period", "ventilation": "breakdown",
          "categorie": "category", "mode": "mode", "dep": "dep"}
PARAM_LABELS = {"indicateur": "indicateur", "periode": "période", "ventilation": "ventilation",
                "categorie": "catégorie", "mode": "mode", "dep": "département"}


@dataclass(frozen=True)
class MapChoices:
    """What the data allow: indicators, periods, breakdown -> categories, département codes."""
    indicators: Sequence[str]
    periods: Sequence[str]
    categories: Mapping[str, Sequence[str]]
    departements: Sequence[str]
    default_indicator: str = "insecurite_quartier"
    default_period: str | None = None

    def defaults(self) -> MapState:
        indicator = self.default_indicator if self.default_indicator in self.indicators else self.indicators[0]
        editions = [p for p in self.periods if "-" not in p]
        period = self.default_period if self.default_period in self.periods else (editions or self.periods)[-1]
        return MapState(indicator=indicator, period=period)


@dataclass(frozen=True)
class MapState:
    indicator: str
    period: str
    breakdown: str = "ensemble"
    category: str = "ensemble"
    mode: str = "valeur"
    dep: str | None = None
    messages: tuple[str, ...] = field(default=(), compare=False)


def parse_query(params: Mapping[str, object], choices: MapChoices) -> MapState:
    """A valid state from URL parameters; every rejected parameter is named in `state.messages`."""
    state = choices.defaults()
    messages: list[str] = []
    values = {name: _single(params.get(name)) for name in PARAMS}

    def take(name: str, allowed: Sequence[str], current: str | None) -> str | None:
        raw = values[name]
        if raw is None or raw == "":
            return current
        if raw in allowed:
            return raw
        messages.append(f"Paramètre « {PARAM_LABELS[name]} » inconnu ou mal formé ({name}={raw[:40]}) : "
                        f"valeur par défaut utilisée.")
        return current

    indicator = take("indicateur", choices.indicators, state.indicator)
    period = take("periode", choices.periods, state.period)
    breakdown = take("ventilation", list(choices.categories), state.breakdown)
    categories = choices.categories.get(breakdown, ("ensemble",))
    default_category = categories[0]
    category = take("categorie", categories, default_category)
    mode = take("mode", MODES, state.mode)
    dep = take("dep", choices.departements, None)
    unknown = sorted(k for k in params if k not in PARAMS)
    for name in unknown:
        messages.append(f"Paramètre « {name[:40]} » inconnu : ignoré.")
    return MapState(indicator, period, breakdown, category, mode, dep, tuple(messages))


def to_search(state: MapState) -> str:
    """The query string of a state ('?indicateur=...'), in a fixed parameter order."""
    query = {"indicateur": state.indicator, "periode": state.period, "ventilation": state.breakdown,
             "categorie": state.category, "mode": state.mode}
    if state.dep:
        query["dep"] = state.dep
    return "?" + urlencode(query)


def parse_search(search: str | None) -> dict[str, list[str]]:
    """'?a=1&b=2' -> {'a': ['1'], 'b': ['2']} (what `parse_query` accepts, like Dash's page params)."""
    return parse_qs((search or "").lstrip("?"), keep_blank_values=True)


def with_changes(state: MapState, **changes: object) -> MapState:
    return replace(state, messages=(), **changes)


def _single(value: object) -> str | None:
    """Dash passes a repeated parameter as a list: keep its last value."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)
