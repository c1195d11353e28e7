"""The fiche's pure logic (components/fiche.py): names with INSEE articles, verdicts vs France,
change since the previous edition, and the wording of the plain-French summary.

Reference numbers are worked by hand in the comments: z = (a - b) / sqrt(se_a² + se_b²),
significant at 5 % when |z| > 1.96 (two-sided normal), as in data/compare.py.
"""
import numpy as np
import pandas as pd
import pytest

from components.fiche import of_name, prepare_fiche, subject, summarise, verb
from data.compare import HIGHER, LOWER, SAME, change_label

FIELDS = ["estimate", "se", "ci_low", "ci_high", "cv", "n_unweighted", "status", "status_reason"]


def estimate(value, se, status="ok", n=1000):
    """One estimate's fields with a symmetric CI (enough for the wording tests)."""
    if status == "suppressed":
        return {"estimate": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan, "cv": np.nan,
                "n_unweighted": 20, "status": status, "status_reason": "Effectif insuffisant (20 répondants)"}
    return {"estimate": value, "se": se, "ci_low": value - 1.96 * se, "ci_high": value + 1.96 * se,
            "cv": se / value if value else np.nan, "n_unweighted": n, "status": status, "status_reason": ""}


def fiche_row(indicator, label, dep, fr, prev=None, reg=None, theme="sentiment", previous_period="2024"):
    row = {"indicator": indicator, "period": "2025", "previous_period": previous_period, "theme": theme,
           "label_fr": label, "unit_fr": "% des personnes de 18 ans ou plus", "higher_is": "worse",
           "reference_period": "moment_enquete", "rank": np.nan, "rank_low": np.nan, "rank_high": np.nan,
           "rank_total": 0}
    for prefix, values in (("dep_", dep), ("fr_", fr), ("reg_", reg or fr), ("prev_", prev or estimate(np.nan, np.nan, "absent"))):
        row.update({prefix + k: v for k, v in values.items()})
    return row


def frame(*rows):
    return pd.DataFrame(list(rows))


# --- names --------------------------------------------------------------------------------
@pytest.mark.parametrize("name, tncc, who, of", [
    ("Seine-Saint-Denis", 3, "La Seine-Saint-Denis", "de la Seine-Saint-Denis"),
    ("Nord", 2, "Le Nord", "du Nord"),
    ("Bouches-du-Rhône", 4, "Les Bouches-du-Rhône", "des Bouches-du-Rhône"),
    ("Ain", 5, "L'Ain", "de l'Ain"),
    ("Paris", 0, "Paris", "de Paris"),
    ("La Réunion", 0, "La Réunion", "de La Réunion"),
    ("Eure-et-Loir", 1, "Eure-et-Loir", "d'Eure-et-Loir"),
])
def test_names_take_their_insee_article(name, tncc, who, of):
    assert subject(name, tncc) == who
    assert of_name(name, tncc) == of


def test_plural_articles_take_plural_verbs():
    assert verb(4, "se distingue", "se distinguent") == "se distinguent"
    assert verb(3, "se distingue", "se distinguent") == "se distingue"


# --- verdicts vs France -----------------------------------------------------------------------
@pytest.mark.parametrize("dep, fr, expected", [
    # z = (0.22 - 0.18) / sqrt(0.01² + 0.002²) = 0.04 / 0.010198 = 3.92 -> higher
    (estimate(0.22, 0.01), estimate(0.18, 0.002), HIGHER),
    # z = 0.01 / 0.010198 = 0.98 -> not different
    (estimate(0.19, 0.01), estimate(0.18, 0.002), SAME),
    # z = -0.03 / 0.010198 = -2.94 -> lower
    (estimate(0.15, 0.01), estimate(0.18, 0.002), LOWER),
    # edge: z = 0.02 / sqrt(0.01² + 0.0001²) = 0.02 / 0.0100005 = 1.9999 > 1.96 (p = 0.046) -> higher
    (estimate(0.20, 0.01), estimate(0.18, 0.0001), HIGHER),
    # edge: z = 0.0195 / 0.0100005 = 1.9499 < 1.96 (p = 0.051) -> not different
    (estimate(0.1195, 0.01), estimate(0.10, 0.0001), SAME),
    # an unreliable estimate is still tested (its large SE is in the test): z = 0.10 / 0.04 = 2.5
    (estimate(0.20, 0.04, "unreliable"), estimate(0.10, 0.0001), HIGHER),
])
def test_verdict_against_france(dep, fr, expected):
    tidy = prepare_fiche(frame(fiche_row("x", "X", dep, fr)))
    assert tidy.loc[0, "verdict"] == expected


@pytest.mark.parametrize("dep, label", [
    (estimate(np.nan, np.nan, "suppressed"), "—"),
    # nobody concerned among the respondents: estimate 0 with SE 0 says "rare", not "exactly 0"
    (estimate(0.0, 0.0), "Non testable"),
])
def test_untestable_values_get_no_verdict(dep, label):
    tidy = prepare_fiche(frame(fiche_row("x", "X", dep, estimate(0.05, 0.001))))
    assert tidy.loc[0, "verdict"] == ""
    assert tidy.loc[0, "verdict_label"] == label


def test_value_texts_carry_the_ci_or_say_why_there_is_none():
    tidy = prepare_fiche(frame(
        fiche_row("a", "A", estimate(0.182, 0.0066), estimate(0.18, 0.002)),
        fiche_row("b", "B", estimate(np.nan, np.nan, "suppressed"), estimate(0.18, 0.002)),
        fiche_row("c", "C", estimate(0.0, 0.0), estimate(0.18, 0.002))))
    # 0.182 ± 1.96 × 0.0066 = [0.1691, 0.1949]
    assert tidy["dep_text"].tolist() == ["18,2\u00a0% [16,9 – 19,5]", "secret statistique",
                                         "0,0\u00a0% (aucun répondant concerné)"]


# --- change since the previous edition ---------------------------------------------------------
@pytest.mark.parametrize("previous, current, expected", [
    # z = (0.13 - 0.10) / sqrt(0.01² + 0.01²) = 0.03 / 0.014142 = 2.12 -> hausse (p = 0.034)
    ((0.10, 0.01), (0.13, 0.01), "hausse significative"),
    # z = 0.02 / 0.014142 = 1.41 -> non significative (p = 0.157)
    ((0.10, 0.01), (0.12, 0.01), "évolution non significative"),
    # z = -0.03 / 0.014142 = -2.12 -> baisse
    ((0.10, 0.01), (0.07, 0.01), "baisse significative"),
    # z = 0.0138 / sqrt(0.005² + 0.005²) = 0.0138 / 0.0070711 = 1.952 -> just not significant
    ((0.10, 0.005), (0.1138, 0.005), "évolution non significative"),
    # z = 0.0139 / 0.0070711 = 1.966 -> just significant
    ((0.10, 0.005), (0.1139, 0.005), "hausse significative"),
])
def test_change_significance(previous, current, expected):
    assert change_label(previous[0], previous[1], current[0], current[1]) == expected
    tidy = prepare_fiche(frame(fiche_row("x", "X", estimate(*current), estimate(0.5, 0.001),
                                         prev=estimate(*previous))))
    assert tidy.loc[0, "change_label"] == expected


def test_change_is_not_applicable_without_a_previous_edition():
    tidy = prepare_fiche(frame(fiche_row("x", "X", estimate(0.1, 0.01), estimate(0.1, 0.001), previous_period="")))
    assert tidy.loc[0, "change_label"] == "sans objet"
    assert tidy.loc[0, "change_points"] == ""


def test_change_points_never_print_minus_zero():
    # 0.1000 - 0.1004 = -0.04 pt, printed with one decimal: '0,0 pt', not '−0,0 pt'
    tidy = prepare_fiche(frame(fiche_row("x", "X", estimate(0.1000, 0.01), estimate(0.5, 0.001),
                                         prev=estimate(0.1004, 0.01))))
    assert tidy.loc[0, "change_points"] == "0,0\u00a0pt"


# --- summary wording --------------------------------------------------------------------------------
def seine_saint_denis():
    fr = estimate(0.18, 0.002)
    return frame(
        # z = (0.331 - 0.18) / sqrt(0.0148² + 0.002²) = 0.151 / 0.014935 = 10.1
        fiche_row("insecurite_quartier", "Insécurité dans le quartier ou le village", estimate(0.331, 0.0148), fr),
        # z = (0.22 - 0.18) / 0.010198 = 3.92
        fiche_row("renoncement_sortir", "Renoncement à sortir seul", estimate(0.22, 0.01), fr),
        # z = (0.059 - 0.146) / sqrt(0.0063² + 0.002²) = -0.087 / 0.00661 = -13.2
        fiche_row("patrouilles_jamais", "Ne voit jamais de patrouilles", estimate(0.059, 0.0063), estimate(0.146, 0.002)),
        # not different: z = 0.005 / 0.010198 = 0.49
        fiche_row("inquietude_vol", "Inquiétude : vol", estimate(0.185, 0.01), fr),
        # unreliable and far above France: tested, counted, never put forward
        fiche_row("violences_conjugales", "Violences conjugales", estimate(0.09, 0.03, "unreliable"), estimate(0.009, 0.0005)),
    )


def test_summary_names_who_stands_out_with_values_and_ci():
    summary = summarise(prepare_fiche(seine_saint_denis()), "Seine-Saint-Denis", 3)
    assert summary.higher_lead == ("La Seine-Saint-Denis se distingue de la France par des niveaux "
                                   "significativement plus élevés pour :")
    # strongest first (|z| 10.1 before 3.92); values with CI ± 1.96 se
    assert summary.higher == [
        "insécurité dans le quartier ou le village : 33,1\u00a0% [30,2 – 36,0], contre 18,0\u00a0% en France",
        "renoncement à sortir seul : 22,0\u00a0% [20,0 – 24,0], contre 18,0\u00a0% en France",
    ]
    assert summary.lower_lead == "Les niveaux sont significativement plus faibles qu'en France pour :"
    assert summary.lower == ["ne voit jamais de patrouilles : 5,9\u00a0% [4,7 – 7,1], contre 14,6\u00a0% en France"]
    assert not any("violences conjugales" in item for item in summary.higher)
    # 5 tested: 3 higher (incl. the unreliable one), 1 lower, 1 not different
    assert summary.counts.startswith("Sur 5 indicateurs comparés à la France, 3 sont significativement plus élevés, "
                                     "1 plus faible et 1 non significativement différent (")


def test_summary_uses_plural_agreement():
    summary = summarise(prepare_fiche(seine_saint_denis()), "Bouches-du-Rhône", 4)
    assert summary.higher_lead.startswith("Les Bouches-du-Rhône se distinguent de la France")


def test_summary_when_nothing_stands_out():
    tidy = prepare_fiche(frame(fiche_row("inquietude_vol", "Inquiétude : vol", estimate(0.185, 0.01),
                                         estimate(0.18, 0.002))))
    summary = summarise(tidy, "Lozère", 3)
    assert summary.paragraphs()[0] == ("La Lozère ne se distingue significativement de la France sur aucun indicateur "
                                       "fiable : les écarts observés restent dans les marges d'erreur.")
    assert summary.higher == summary.lower == []


def test_summary_lists_at_most_three_per_direction():
    fr = estimate(0.10, 0.001)
    rows = [fiche_row(f"i{k}", f"Indicateur {k}", estimate(0.10 + 0.01 * (k + 3), 0.005), fr) for k in range(5)]
    summary = summarise(prepare_fiche(frame(*rows)), "Nord", 2)
    assert summary.higher_lead.startswith("Le Nord se distingue")
    assert [item.split(" :")[0] for item in summary.higher] == ["indicateur 4", "indicateur 3", "indicateur 2"]


def test_summary_only_lower_starts_with_the_territory():
    tidy = prepare_fiche(frame(fiche_row("x", "Vol de vélo", estimate(0.01, 0.002), estimate(0.016, 0.0005))))
    summary = summarise(tidy, "Ain", 5)
    assert summary.higher_lead == ""
    assert summary.lower_lead == "L'Ain se distingue de la France par des niveaux significativement plus faibles pour :"


def test_summary_states_significant_changes():
    fr = estimate(0.18, 0.002)
    tidy = prepare_fiche(frame(
        # z = (0.357 - 0.310) / sqrt(0.016² + 0.016²) = 0.047 / 0.022627 = 2.08 -> hausse
        fiche_row("insecurite_quartier", "Insécurité dans le quartier ou le village", estimate(0.357, 0.016), fr,
                  prev=estimate(0.310, 0.016)),
        fiche_row("inquietude_vol", "Inquiétude : vol", estimate(0.185, 0.01), fr, prev=estimate(0.18, 0.01))))
    summary = summarise(tidy, "La Réunion", 0)
    assert summary.changes == ("Depuis l'édition 2024 : hausse significative pour insécurité dans le quartier ou le "
                               "village (31,0\u00a0% → 35,7\u00a0%).")
