"""The indicator catalogue (`data/catalogue.csv`): ids, themes, labels, definitions, units.

One row per indicator. `universe` is `ensemble` (everyone aged 18+) or the id of the
victimisation indicator whose victims form the denominator (complaint rates).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

import config

THEMES = {
    "menage": "Atteintes aux biens du ménage",
    "personne": "Atteintes aux personnes",
    "plainte": "Dépôt de plainte",
    "sentiment": "Sentiment d'insécurité et opinions",
}
THEMES_EN = {
    "menage": "Household property offences",
    "personne": "Personal offences",
    "plainte": "Reporting to the police",
    "sentiment": "Feelings of insecurity and opinions",
}
REFERENCE_PERIODS = {
    "annee_precedente": "faits subis au cours de l'année civile précédant l'édition",
    "moment_enquete": "opinion au moment de l'enquête",
}
COLUMNS = ["id", "theme", "label_fr", "label_en", "definition_fr", "unit_fr", "universe",
           "universe_fr", "reference_period", "variable", "higher_is", "target_rate",
           "published_value", "published_edition", "published_source"]


@lru_cache(maxsize=4)
def load_catalogue(path: Path | str | None = None) -> pd.DataFrame:
    """Read and check the catalogue once per process; the frame is indexed by id, read-only by convention."""
    path = Path(config.get("catalogue_path", path))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: colonnes manquantes dans le catalogue : {', '.join(missing)}")
    duplicated = frame.loc[frame["id"].duplicated(), "id"].tolist()
    if duplicated:
        raise ValueError(f"{path}: identifiants en double : {', '.join(duplicated)}")
    unknown_theme = frame.loc[~frame["theme"].isin(list(THEMES)), "id"].tolist()
    if unknown_theme:
        raise ValueError(f"{path}: thème inconnu pour : {', '.join(unknown_theme)}")
    bad_universe = frame.loc[~frame["universe"].isin(["ensemble", *frame["id"]]), "id"].tolist()
    if bad_universe:
        raise ValueError(f"{path}: univers inconnu pour : {', '.join(bad_universe)}")
    for column in ("target_rate", "published_value"):
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    frame["published_edition"] = pd.to_numeric(frame["published_edition"].replace("", None)).astype("Int64")
    return frame.set_index("id", drop=False)


def indicator_ids() -> list[str]:
    """Catalogue ids in catalogue order (themes grouped)."""
    return load_catalogue().index.tolist()
