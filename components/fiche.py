"""The département diagnostic ("fiche"), as pure functions shared by the page and the PDF.

Two steps, after the project's builders: `prepare_fiche` turns the query rows of
`data.fiche_queries.fiche_rows` into a tidy frame (verdicts, change labels, formatted texts);
`summary_sentences` writes the plain-French summary from the verdicts; the Dash rendering is
in `components.fiche_view`, the PDF in `components.pdf_fiche`. Both read the same tidy frame,
so the page and the PDF cannot disagree.

Verdicts: `data.compare` (z test with both standard errors, 5 %, no multiplicity correction
within a fiche — the page says so). Changes: previous edition vs this one, same test
(independent samples).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.formatting import estimate_with_ci, percent, percent_points
from data.compare import CHANGE_LABELS, HIGHER, LOWER, SAME, difference_pvalue, verdicts
from data.schema import STATUS_FLAGS, STATUS_LABELS

SHOWN = ("ok", "caution", "unreliable")
HIGHLIGHTED = ("ok", "caution")  # unreliable estimates are never put forward in the summary
MAX_HIGHLIGHTS = 3
ALPHA = 0.05
VERDICT_SHORT = {HIGHER: "Plus élevé", SAME: "Non différent", LOWER: "Plus faible", "": "—"}
# INSEE article codes (TNCC): subject form and "de" form of a name.
ARTICLES = {0: ("", "de "), 1: ("", "d'"), 2: ("Le ", "du "), 3: ("La ", "de la "), 4: ("Les ", "des "),
            5: ("L'", "de l'"), 6: ("Aux ", "des "), 7: ("Las ", "de Las "), 8: ("Los ", "de Los ")}
PLURAL_TNCC = (4, 6, 7, 8)


# --- names ---------------------------------------------------------------------------------
def subject(name: str, tncc: int) -> str:
    """Name with its article, as the subject of a sentence: 'La Seine-Saint-Denis', 'Paris'."""
    return ARTICLES[int(tncc)][0] + name


def of_name(name: str, tncc: int) -> str:
    """'de la Manche', 'du Nord', 'des Bouches-du-Rhône', "de l'Ain", 'de Paris'."""
    return ARTICLES[int(tncc)][1] + name


def verb(tncc: int, singular: str, plural: str) -> str:
    """Agreement with the subject: plural articles take the plural form."""
    return plural if int(tncc) in PLURAL_TNCC else singular


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# --- step 1: the tidy frame ----------------------------------------------------------------
def testable(status, se) -> np.ndarray:
    """A value that can enter a test: shown, with a positive SE (no respondent concerned gives
    an estimate of 0 with SE 0: it says 'rare', not 'exactly zero', so it is never tested)."""
    se = np.asarray(se, dtype=float)
    return np.isin(np.asarray(status, dtype=object), SHOWN) & (np.nan_to_num(se) > 0)


def prepare_fiche(rows: pd.DataFrame) -> pd.DataFrame:
    """Add verdicts vs France, change vs previous edition and display texts (a new frame)."""
    out = rows.copy()
    dep_ok = testable(out["dep_status"], out["dep_se"])
    vs_france = dep_ok & testable(out["fr_status"], out["fr_se"])
    vs_previous = dep_ok & testable(out["prev_status"], out["prev_se"])
    z, _ = difference_pvalue(out["dep_estimate"], out["dep_se"], out["fr_estimate"], out["fr_se"])
    out["z_france"] = np.where(vs_france, z, np.nan)
    found = verdicts(out["dep_estimate"], out["dep_se"], out["fr_estimate"], out["fr_se"], ALPHA)
    out["verdict"] = np.where(vs_france, found, "")
    out["verdict_label"] = [VERDICT_SHORT[v] if v or s not in SHOWN else "Non testable" for v, s in
                            zip(out["verdict"], out["dep_status"])]
    change = verdicts(out["dep_estimate"], out["dep_se"], out["prev_estimate"], out["prev_se"], ALPHA)
    z_change, _ = difference_pvalue(out["dep_estimate"], out["dep_se"], out["prev_estimate"], out["prev_se"])
    out["z_change"] = np.where(vs_previous, z_change, np.nan)
    out["change"] = np.where(vs_previous, change, "")
    out["change_label"] = [_change_text(c, p, shown) for c, p, shown in
                           zip(out["change"], out["previous_period"], out["dep_status"].isin(SHOWN))]
    out["change_points"] = [points(d - p) if c else "" for c, d, p in
                            zip(out["change"], out["dep_estimate"], out["prev_estimate"])]
    for prefix in ("dep_", "fr_", "reg_", "prev_"):
        out[f"{prefix}text"] = [_value_text(*args) for args in zip(
            out[f"{prefix}estimate"], out[f"{prefix}ci_low"], out[f"{prefix}ci_high"], out[f"{prefix}se"],
            out[f"{prefix}status"])]
        out[f"{prefix}flag"] = out[f"{prefix}status"].map(STATUS_FLAGS).fillna("")
    out["dep_status_label"] = out["dep_status"].map(STATUS_LABELS).fillna("Aucune estimation")
    out["rank_text"] = [rank_text(r, lo, hi, n) for r, lo, hi, n in
                        zip(out["rank"], out["rank_low"], out["rank_high"], out["rank_total"])]
    return out


def points(difference: float) -> str:
    """Difference in points, rounded first so that −0.04 pt prints '0,0 pt', not '−0,0 pt'."""
    return percent_points(round(float(difference), 3))


def _value_text(estimate, low, high, se, status) -> str:
    if status == "suppressed":
        return "secret statistique"
    if status not in SHOWN:
        return "non disponible"
    if not se > 0:
        return f"{percent(estimate)} (aucun répondant concerné)"
    return estimate_with_ci(estimate, low, high)


def _change_text(change: str, previous_period: str, shown: bool) -> str:
    if not previous_period:
        return "sans objet"
    if change:
        return CHANGE_LABELS[change]
    return "non testable" if shown else "—"


def rank_text(rank, low, high, total) -> str:
    """'8 sur 98 (entre 6 et 26)'; '' without a rank."""
    if rank is None or not np.isfinite(rank):
        return ""
    rank, low, high, total = int(rank), int(low), int(high), int(total)
    if low == high:
        return f"{rank} sur {total}"
    return f"{rank} sur {total} (entre {low} et {high})"


# --- step 2: the summary -------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """The plain-French summary: a lead sentence, the indicators standing out, counts, changes."""

    higher_lead: str
    higher: list[str]
    lower_lead: str
    lower: list[str]
    counts: str
    changes: str

    def paragraphs(self) -> list[str]:
        """The summary as plain paragraphs (what the PDF prints and the tests read)."""
        out = []
        if self.higher_lead:
            out.append(self.higher_lead + " " + " ; ".join(self.higher) + ("." if self.higher else ""))
        if self.lower_lead:
            out.append(self.lower_lead + " " + " ; ".join(self.lower) + ("." if self.lower else ""))
        return [p.strip() for p in out + [self.counts, self.changes] if p]


def _item(row) -> str:
    """'insécurité dans le quartier ou le village : 23,7 % [21,8 – 25,8], contre 18,0 % en France'."""
    return f"{lower_first(row['label_fr'])} : {row['dep_text']}, contre {percent(row['fr_estimate'])} en France"


def _strongest(tidy: pd.DataFrame, column: str, z_column: str, direction: str,
               limit: int = MAX_HIGHLIGHTS) -> pd.DataFrame:
    found = tidy[(tidy[column] == direction) & tidy["dep_status"].isin(HIGHLIGHTED)]
    return found.reindex(found[z_column].abs().sort_values(ascending=False).index).head(limit)


def standing_out(tidy: pd.DataFrame, direction: str, limit: int = MAX_HIGHLIGHTS) -> pd.DataFrame:
    """The indicators significantly above (HIGHER) or below (LOWER) France, strongest first."""
    return _strongest(tidy, "verdict", "z_france", direction, limit)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {plural if count > 1 else singular}"


def summarise(tidy: pd.DataFrame, name: str, tncc: int) -> Summary:
    """Who stands out, in which direction, with values and CIs — generated from the verdicts."""
    who = subject(name, tncc)
    stands = verb(tncc, "se distingue", "se distinguent")
    higher, lower = standing_out(tidy, HIGHER), standing_out(tidy, LOWER)
    tested = tidy[tidy["verdict"] != ""]
    counts = tested["verdict"].value_counts()
    n_high, n_low, n_same = (int(counts.get(k, 0)) for k in (HIGHER, LOWER, SAME))
    if higher.empty and lower.empty:
        higher_lead = (f"{who} ne {stands} significativement de la France sur aucun indicateur fiable : "
                       f"les écarts observés restent dans les marges d'erreur.")
        lower_lead = ""
    elif higher.empty:
        higher_lead, lower_lead = "", f"{who} {stands} de la France par des niveaux significativement plus faibles pour :"
    else:
        higher_lead = f"{who} {stands} de la France par des niveaux significativement plus élevés pour :"
        lower_lead = "Les niveaux sont significativement plus faibles qu'en France pour :" if not lower.empty else ""
    count_text = (f"Sur {_plural(len(tested), 'indicateur comparé', 'indicateurs comparés')} à la France, "
                  f"{n_high} {'sont' if n_high > 1 else 'est'} significativement plus élevé{'s' if n_high > 1 else ''}, "
                  f"{n_low} plus faible{'s' if n_low > 1 else ''} et {n_same} non significativement "
                  f"différent{'s' if n_same > 1 else ''} (test au seuil de 5 % sans correction pour tests "
                  f"multiples : sur {len(tested)} tests, un ou deux écarts peuvent être dus au hasard).")
    return Summary(higher_lead, [_item(r) for _, r in higher.iterrows()],
                   lower_lead, [_item(r) for _, r in lower.iterrows()], count_text, _change_sentence(tidy))


def _change_sentence(tidy: pd.DataFrame) -> str:
    previous = next((p for p in tidy["previous_period"] if p), "")
    if not previous:
        return ""
    ups, downs = (_strongest(tidy, "change", "z_change", d) for d in (HIGHER, LOWER))
    if ups.empty and downs.empty:
        return f"Aucune évolution significative depuis l'édition {previous} parmi les indicateurs fiables."
    parts = []
    for label, found in (("hausse significative", ups), ("baisse significative", downs)):
        if not found.empty:
            parts.append(f"{label} pour " + _join([f"{lower_first(r['label_fr'])} ({percent(r['prev_estimate'])} "
                                                    f"→ {percent(r['dep_estimate'])})" for _, r in found.iterrows()]))
    return f"Depuis l'édition {previous} : " + " ; ".join(parts) + "."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]
