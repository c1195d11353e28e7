"""The app's only way to the indicator table: read once per process, validated, read-only.

`store()` returns the process-wide `IndicatorStore`. If the file is missing or some rows
break the contract, the store keeps every valid row, lists the problems (shown on screen),
and the app keeps serving. Query helpers return new frames; nothing here is mutated later.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

import config
from data.catalogue import load_catalogue
from data.schema import COLUMNS

log = logging.getLogger(__name__)
GROUP_KEY = ["indicator", "period", "geo_level", "breakdown"]


@dataclass
class IndicatorStore:
    """Validated indicator rows, grouped for fast look-ups, plus the manifest and load problems."""

    frame: pd.DataFrame
    manifest: dict
    problems: list[str] = field(default_factory=list)
    source: str = ""

    def __post_init__(self) -> None:
        self._positions = self.frame.groupby(GROUP_KEY, sort=False, observed=True).indices
        self._indexed: dict[tuple, pd.DataFrame] = {}
        self._periods = self._find_periods()
        present = set(self.frame["indicator"].unique())
        self._indicators = [i for i in load_catalogue().index if i in present]

    def _group(self, key: tuple) -> pd.DataFrame | None:
        """Rows of one group indexed by (geo_code, category), built on first use and kept."""
        if key not in self._indexed:
            positions = self._positions.get(key)
            if positions is None:
                return None
            self._indexed[key] = self.frame.take(positions).set_index(["geo_code", "category"]).sort_index()
        return self._indexed[key]

    # --- what exists -------------------------------------------------------------------
    def indicators(self) -> list[str]:
        """Catalogue ids present in the file, in catalogue order."""
        return list(self._indicators)

    def periods(self) -> list[str]:
        """Single editions in order, then pooled periods."""
        return list(self._periods)

    def _find_periods(self) -> list[str]:
        found = self.frame[["period", "year_first", "year_last"]].drop_duplicates()
        found = found.assign(pooled=found["year_first"] != found["year_last"])
        return found.sort_values(["pooled", "year_first", "year_last"])["period"].tolist()

    def editions(self) -> list[str]:
        return [p for p in self.periods() if "-" not in p]

    def latest_edition(self) -> str | None:
        editions = self.editions()
        return editions[-1] if editions else None

    # --- queries -----------------------------------------------------------------------
    def group(self, indicator: str, period: str, geo_level: str, breakdown: str = "ensemble") -> pd.DataFrame:
        """All rows of one (indicator, period, level, breakdown), indexed by (geo_code, category)."""
        found = self._group((indicator, period, geo_level, breakdown))
        return found.copy() if found is not None else _empty_indexed()

    def values(self, indicator: str, period: str, geo_level: str, breakdown: str = "ensemble",
               category: str = "ensemble") -> pd.DataFrame:
        """One category across territories of a level, indexed by geo_code (what a map shows)."""
        grp = self.group(indicator, period, geo_level, breakdown)
        if grp.empty:
            return grp.reset_index(level="category")
        return grp.xs(category, level="category", drop_level=True)

    def row(self, indicator: str, period: str, geo_level: str, geo_code: str, breakdown: str = "ensemble",
            category: str = "ensemble") -> dict | None:
        """One estimate as a dict, or None when the file has no such row."""
        grp = self._group((indicator, period, geo_level, breakdown))
        if grp is None or (geo_code, category) not in grp.index:
            return None
        found = grp.loc[(geo_code, category)]
        record = found.iloc[0] if isinstance(found, pd.DataFrame) else found
        return {"geo_code": geo_code, "category": category, **record.to_dict()}

    def series(self, indicator: str, geo_level: str, geo_code: str, breakdown: str = "ensemble",
               category: str = "ensemble") -> pd.DataFrame:
        """One territory across single editions, in time order (for time series and sparklines)."""
        rows = [self.row(indicator, p, geo_level, geo_code, breakdown, category) for p in self.editions()]
        return pd.DataFrame([r for r in rows if r is not None], columns=["geo_code", "category", *self.frame.columns])

    def query(self, indicators: list[str], periods: list[str], geo_level: str, geo_codes: list[str] | None,
              breakdown: str = "ensemble") -> pd.DataFrame:
        """Contract rows for a cross-tab or the API, in a stable order (catalogue, period, code, category)."""
        parts = []
        for indicator in indicators:
            for period in periods:
                grp = self._group((indicator, period, geo_level, breakdown))
                if grp is None:
                    continue
                grp = grp.reset_index()
                if geo_codes is not None:
                    grp = grp[grp["geo_code"].isin(geo_codes)]
                parts.append(grp)
        if not parts:
            return pd.DataFrame(columns=list(COLUMNS))
        return pd.concat(parts, ignore_index=True)[list(COLUMNS)]


def _empty_indexed() -> pd.DataFrame:
    return pd.DataFrame(columns=[c for c in COLUMNS if c not in ("geo_code", "category")],
                        index=pd.MultiIndex.from_arrays([[], []], names=["geo_code", "category"]))


def load_store(path: Path | str | None = None) -> IndicatorStore:
    """Read, validate and index an indicator file. Never raises: problems are listed in the store."""
    from data.manifest import read_manifest_or_default
    from data.validate import validate_rows

    path = Path(config.get("indicators_path", path))
    manifest = read_manifest_or_default(config.manifest_path(path))
    empty = pd.DataFrame({c: pd.Series(dtype="float64" if k == "float" else "object") for c, k in COLUMNS.items()})
    messages = [manifest["problem"]] if manifest.get("problem") else []
    if not path.exists():
        messages.append(f"{path} : fichier d'indicateurs introuvable (lancer `make data`).")
        return IndicatorStore(empty, manifest, messages, str(path))
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # any unreadable file: keep serving, say why
        messages.append(f"{path} : fichier illisible ({exc.__class__.__name__}: {exc}).")
        return IndicatorStore(empty, manifest, messages, str(path))
    problems, bad = validate_rows(frame, load_catalogue().index.tolist(), source=str(path))
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        messages.extend(str(p) for p in problems)
        return IndicatorStore(empty, manifest, messages, str(path))
    if problems:
        messages.extend(str(p) for p in problems[:50])
        if bad.any():
            messages.append(f"{path} : {int(bad.sum())} ligne(s) non conformes écartées de l'affichage.")
        log.warning("%s: %d problème(s) de conformité", path, len(problems))
    return IndicatorStore(_shared_text(frame[~bad]).reset_index(drop=True), manifest, messages, str(path))


def _shared_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain Python strings, one object per distinct value (via categories):
    group look-ups are about 5x faster than with pandas' arrow-backed `str` dtype, at ~20 MB."""
    text = [c for c, kind in COLUMNS.items() if kind == "str"]
    return frame.astype({c: "category" for c in text}).astype({c: object for c in text})


@lru_cache(maxsize=1)
def store() -> IndicatorStore:
    """The process-wide store (read once per worker)."""
    return load_store()
