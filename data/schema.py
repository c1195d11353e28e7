"""The indicator data contract: columns, types, allowed values and key.

Documented for humans in `data/SCHEMA.md`; enforced by `data.validate`. Every page reads
this table only through `data.loader`.
"""
from __future__ import annotations

KEY = ["indicator", "period", "geo_level", "geo_code", "breakdown", "category"]

# column -> kind: "str", "int", "float"
COLUMNS: dict[str, str] = {
    "indicator": "str",
    "period": "str",
    "year_first": "int",
    "year_last": "int",
    "geo_level": "str",
    "geo_code": "str",
    "breakdown": "str",
    "category": "str",
    "estimate": "float",
    "se": "float",
    "ci_low": "float",
    "ci_high": "float",
    "cv": "float",
    "df": "int",
    "n_unweighted": "int",
    "n_cases": "int",
    "weighted_count": "float",
    "status": "str",
    "status_reason": "str",
}

# Columns that must be null on `suppressed` rows (statistical secrecy: nothing is shipped).
SECRET_COLUMNS = ["estimate", "se", "ci_low", "ci_high", "cv", "n_cases", "weighted_count"]
# Columns that may be null only on suppressed rows.
NULLABLE = set(SECRET_COLUMNS)

STATUSES = ("ok", "caution", "unreliable", "suppressed")
STATUS_LABELS = {
    "ok": "Estimation fiable",
    "caution": "À interpréter avec prudence (E)",
    "unreliable": "Estimation peu fiable (F)",
    "suppressed": "Effectif insuffisant (secret statistique)",
}
STATUS_FLAGS = {"ok": "", "caution": "E", "unreliable": "F", "suppressed": "s"}

BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "ensemble": ("ensemble",),
    "sexe": ("femme", "homme"),
    "age": ("18-24", "25-34", "35-49", "50-64", "65-74", "75+"),
    "tuu": ("rural", "uu_moins_20k", "uu_20k_100k", "uu_100k_plus", "agglo_paris"),
}
BREAKDOWNS["sexe_age"] = tuple(f"{s}_{a}" for s in BREAKDOWNS["sexe"] for a in BREAKDOWNS["age"])
# sexe_age is estimated at these levels only
SEXE_AGE_LEVELS = ("france", "metropole")

BREAKDOWN_LABELS = {"ensemble": "Ensemble", "sexe": "Sexe", "age": "Âge",
                    "tuu": "Taille d'unité urbaine", "sexe_age": "Sexe et âge"}
CATEGORY_LABELS = {
    "ensemble": "Ensemble", "femme": "Femmes", "homme": "Hommes",
    "18-24": "18-24 ans", "25-34": "25-34 ans", "35-49": "35-49 ans", "50-64": "50-64 ans",
    "65-74": "65-74 ans", "75+": "75 ans ou plus",
    "rural": "Commune rurale", "uu_moins_20k": "Unité urbaine de moins de 20 000 hab.",
    "uu_20k_100k": "Unité urbaine de 20 000 à 99 999 hab.",
    "uu_100k_plus": "Unité urbaine de 100 000 hab. ou plus", "agglo_paris": "Agglomération parisienne",
}


def category_label(category: str) -> str:
    """French label of a category, including the sexe_age crossings ('Femmes, 18-24 ans')."""
    if category in CATEGORY_LABELS:
        return CATEGORY_LABELS[category]
    sexe, _, age = category.partition("_")
    return f"{CATEGORY_LABELS.get(sexe, sexe)}, {CATEGORY_LABELS.get(age, age)}"
