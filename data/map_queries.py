"""Query helpers of the map and home pages: what the data allow, the map's values, national figures.

Everything here reads the process-wide `IndicatorStore` and the built geometry, both loaded
once; results are new objects (never mutated by callers). `map_view` is memoised with the
app's flask-caching `cache` (Redis when configured), so a callback only looks values up.
`build_*` functions take the store as an argument and are what the tests exercise.
"""
from __future__ import annotations

from functools import lru_cache

from components.map_figure import MapView, prepare_map_view
from components.map_url import MapChoices
from data.cache import cache
from data.catalogue import load_catalogue
from data.compare import change_label
from data.loader import IndicatorStore, store
from data.schema import BREAKDOWNS
from geo import territories

MAP_BREAKDOWNS = ("ensemble", "sexe", "age", "tuu")   # estimated at département level
FRANCE_LEVEL, FRANCE_CODE = "france", territories.FRANCE
HOME_INDICATORS = ("cambriolage", "debit_frauduleux", "violences_physiques", "plainte_violences_physiques",
                   "insecurite_quartier", "renoncement_sortir", "satisfaction_forces")


def build_choices(data: IndicatorStore) -> MapChoices:
    """Indicators, periods, groups and départements the map can show."""
    return MapChoices(indicators=data.indicators(), periods=data.periods(),
                      categories={b: BREAKDOWNS[b] for b in MAP_BREAKDOWNS},
                      departements=territories.departement_codes(),
                      default_period=data.latest_edition())


@lru_cache(maxsize=1)
def choices() -> MapChoices:
    return build_choices(store())


@lru_cache(maxsize=1)
def departement_names() -> dict[str, str]:
    return territories.departements()["nom"].to_dict()


@lru_cache(maxsize=1)
def base_figure() -> dict:
    """The empty inset map with the geometry, as a plain dict (built once per process).

    Raises `geo.loader.GeometryError` when the geometry has not been built.
    """
    from geo.layout import make_base_figure
    from geo.loader import load_geojson
    return make_base_figure(load_geojson()).to_plotly_json()


def france_row(data: IndicatorStore, indicator: str, period: str, breakdown: str, category: str) -> dict | None:
    return data.row(indicator, period, FRANCE_LEVEL, FRANCE_CODE, breakdown, category)


def build_map_view(data: IndicatorStore, indicator: str, period: str, breakdown: str, category: str,
                   mode: str, adjust: bool = True) -> MapView:
    values = data.values(indicator, period, "departement", breakdown, category)
    france = france_row(data, indicator, period, breakdown, category)
    return prepare_map_view(values, france, territories.departement_codes(), departement_names(),
                            mode=mode, adjust=adjust)


@cache.memoize()
def map_view(indicator: str, period: str, breakdown: str, category: str, mode: str) -> MapView:
    """Cached `build_map_view` on the app's store (Benjamini–Hochberg adjusted verdicts)."""
    return build_map_view(store(), indicator, period, breakdown, category, mode)


def previous_edition(data: IndicatorStore, period: str) -> str | None:
    editions = data.editions()
    return editions[editions.index(period) - 1] if period in editions and editions.index(period) > 0 else None


def build_key_figures(data: IndicatorStore, indicators=HOME_INDICATORS, edition: str | None = None) -> list[dict]:
    """National figure of each indicator for `edition` (default the latest), with the previous
    edition's and the significance of the change (independent samples: both SEs)."""
    edition = edition or data.latest_edition()
    previous = previous_edition(data, edition) if edition else None
    catalogue = load_catalogue()
    out = []
    for indicator in indicators:
        if indicator not in catalogue.index:
            continue
        current = france_row(data, indicator, edition, "ensemble", "ensemble") if edition else None
        before = france_row(data, indicator, previous, "ensemble", "ensemble") if previous else None
        change = ""
        if current and before and current["status"] != "suppressed" and before["status"] != "suppressed":
            change = change_label(before["estimate"], before["se"], current["estimate"], current["se"])
        out.append({"indicator": indicator, "catalogue": catalogue.loc[indicator].to_dict(), "edition": edition,
                    "previous_edition": previous, "current": current, "previous": before, "change": change})
    return out
