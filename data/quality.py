"""Quality and confidentiality rules (BRIEF §5) as one table, applied to estimated rows.

Rules are evaluated in order; the first that matches gives the status. Thresholds come from
`config` (explicit argument > environment > default) and are written to the manifest.

- suppressed: fewer than `min_respondents` respondents in the domain, or 1 to
  `min_cases - 1` respondents having the attribute (statistical secrecy). The value, SE,
  CI, CV, n_cases and weighted count are blanked in the file itself.
- unreliable (F): CV > `cv_unreliable`; or nobody (or everybody) in the domain has the
  attribute: the estimate is 0 (or 1) with a zero standard error, so its precision cannot be
  measured and a test against France would wrongly call it significant.
- caution (E): `cv_caution` < CV <= `cv_unreliable`.
- ok: otherwise.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

import config
from data.schema import SECRET_COLUMNS


def _french_number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def status_table(thresholds: dict | None = None) -> list[dict]:
    """The rules as a readable table (also shown on the methodology page)."""
    t = thresholds or config.quality_thresholds()
    return [
        {"status": "suppressed", "condition": f"moins de {t['min_respondents']} répondants dans le domaine",
         "reason": "Effectif insuffisant ({n} répondants)"},
        {"status": "suppressed", "condition": f"de 1 à {t['min_cases'] - 1} répondants concernés",
         "reason": "Secret statistique : moins de {min_cases} répondants concernés"},
        {"status": "unreliable", "condition": "aucun répondant concerné, ou tous (estimation de 0 ou 100 %)",
         "reason": "Aucun répondant concerné parmi {n} : précision non mesurable"},
        {"status": "unreliable", "condition": f"coefficient de variation supérieur à {_french_number(t['cv_unreliable'])}",
         "reason": "Estimation peu fiable : coefficient de variation de {cv} %"},
        {"status": "caution", "condition": f"coefficient de variation entre {_french_number(t['cv_caution'])} et {_french_number(t['cv_unreliable'])}",
         "reason": "À interpréter avec prudence : coefficient de variation de {cv} %"},
        {"status": "ok", "condition": "sinon", "reason": ""},
    ]


def assign_status(frame: pd.DataFrame, thresholds: dict | None = None) -> pd.DataFrame:
    """Return a copy of `frame` with `status` and `status_reason`, secret columns blanked when suppressed."""
    t = thresholds or config.quality_thresholds()
    n = frame["n_unweighted"].to_numpy()
    cases = frame["n_cases"].to_numpy()
    cv = frame["cv"].to_numpy(dtype=float)
    too_few = n < t["min_respondents"]
    few_cases = ~too_few & (cases >= 1) & (cases < t["min_cases"])
    none = ~too_few & (cases == 0)
    everyone = ~too_few & (cases == n)
    unreliable = ~too_few & ~few_cases & ~none & ~everyone & (cv > t["cv_unreliable"])
    caution = ~too_few & ~few_cases & ~none & ~everyone & ~unreliable & (cv > t["cv_caution"])
    status = np.select([too_few, few_cases, none, everyone, unreliable, caution],
                       ["suppressed", "suppressed", "unreliable", "unreliable", "unreliable", "caution"], "ok")
    cv_text = pd.Series(np.round(cv * 100).astype("float"), index=frame.index).map(
        lambda v: "" if np.isnan(v) else f"{int(v)}")
    n_text = pd.Series(n, index=frame.index).astype(str)
    reason = np.select(
        [too_few, few_cases, none, everyone, unreliable, caution],
        [
            "Effectif insuffisant (" + n_text + " répondants)",
            pd.Series(f"Secret statistique : moins de {t['min_cases']} répondants concernés", index=frame.index),
            "Aucun répondant concerné parmi " + n_text + " : précision non mesurable",
            "Tous les répondants concernés (" + n_text + ") : précision non mesurable",
            "Estimation peu fiable : coefficient de variation de " + cv_text + " %",
            "À interpréter avec prudence : coefficient de variation de " + cv_text + " %",
        ],
        "",
    )
    out = frame.copy()
    out["status"] = status
    out["status_reason"] = reason
    suppressed = out["status"] == "suppressed"
    for column in SECRET_COLUMNS:
        out[column] = out[column].astype("float64") if column != "n_cases" else out[column].astype("Int64")
        out.loc[suppressed, column] = pd.NA if column == "n_cases" else np.nan
    return out
