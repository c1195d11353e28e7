"""'Départements comparables' table: CI text, ▲/▼ marks (hand-computed z), flags with reasons,
suppressed cells carry no value, links keep the period, the fiche's département first in bold."""
from dash import dcc, html

from components.similar_table import has_unpublished, make_similar_table, prepare_similar_rows


def est(estimate, se, status="ok", reason=""):
    return {"estimate": estimate, "se": se, "ci_low": estimate - 1.96 * se, "ci_high": estimate + 1.96 * se,
            "status": status, "status_reason": reason, "n_unweighted": 600}


SUPPRESSED = {"estimate": None, "se": None, "ci_low": None, "ci_high": None, "status": "suppressed",
              "status_reason": "Secret statistique : 3 répondants concernés", "n_unweighted": 600}
NAMES = {"48": "Lozère", "23": "Creuse", "15": "Cantal"}
# insecurite: 23 vs 48 -> z = (0.20 - 0.10) / sqrt(0.01² + 0.01²) = 7.07 (higher); 15 -> z = -0.04/0.0141 = -2.83 (lower)
# cambriolage: 23 suppressed, 15 unreliable, 48 caution
ESTIMATES = {
    ("48", "insecurite_quartier"): est(0.10, 0.01), ("23", "insecurite_quartier"): est(0.20, 0.01),
    ("15", "insecurite_quartier"): est(0.06, 0.01),
    ("48", "cambriolage"): est(0.02, 0.004, "caution", "CV de 20 %"), ("23", "cambriolage"): SUPPRESSED,
    ("15", "cambriolage"): est(0.012, 0.005, "unreliable", "Estimation peu fiable : CV de 42 %"),
}
INDICATORS = ["insecurite_quartier", "cambriolage"]


def rows(period="2025"):
    return prepare_similar_rows("48", ["23", "15"], INDICATORS, ESTIMATES, NAMES, period)


def cell(found, code, indicator):
    row = next(r for r in found if r["code"] == code)
    return next(c for c in row["cells"] if c["indicator"] == indicator)


def test_focus_first_then_comparables_in_order():
    found = rows()
    assert [r["code"] for r in found] == ["48", "23", "15"]
    assert [r["focus"] for r in found] == [True, False, False]


def test_values_carry_their_ci():
    assert cell(rows(), "48", "insecurite_quartier")["text"] == "10,0\u00a0% [8,0 – 12,0]"
    caution = cell(rows(), "48", "cambriolage")
    assert caution["text"] == "2,0\u00a0% [1,2 – 2,8]" and caution["flag"] == "E"


def test_marks_compare_with_the_fiche_departement():
    found = rows()
    assert cell(found, "23", "insecurite_quartier")["mark"] == "plus_eleve"
    assert cell(found, "15", "insecurite_quartier")["mark"] == "plus_faible"
    assert cell(found, "48", "insecurite_quartier")["mark"] == ""  # never against itself


def test_no_mark_when_the_difference_is_not_significant():
    close = {**ESTIMATES, ("23", "insecurite_quartier"): est(0.12, 0.01)}  # z = 1.41
    found = prepare_similar_rows("48", ["23"], INDICATORS, close, NAMES, "2025")
    assert cell(found, "23", "insecurite_quartier")["mark"] == ""


def test_suppressed_cell_carries_no_value_only_its_reason():
    suppressed = cell(rows(), "23", "cambriolage")
    assert suppressed["text"] == "" and suppressed["flag"] == "s" and suppressed["mark"] == ""
    assert suppressed["title"] == "Secret statistique : 3 répondants concernés"


def test_unreliable_cell_shows_f_with_reason_and_no_value():
    unreliable = cell(rows(), "15", "cambriolage")
    assert unreliable["text"] == "" and unreliable["flag"] == "F" and unreliable["mark"] == ""
    assert "42 %" in unreliable["title"]


def test_missing_row_is_not_available():
    found = prepare_similar_rows("48", ["23"], ["violences_physiques"], {}, NAMES, "2025")
    assert cell(found, "23", "violences_physiques")["flag"] == "—"
    assert cell(found, "23", "violences_physiques")["status"] == "absent"


def test_links_keep_the_period():
    assert [r["href"] for r in rows("2022-2025")] == ["/departement/48?periode=2022-2025",
                                                     "/departement/23?periode=2022-2025",
                                                     "/departement/15?periode=2022-2025"]


def test_has_unpublished():
    assert has_unpublished(rows())
    assert not has_unpublished(prepare_similar_rows("48", ["23"], ["insecurite_quartier"], ESTIMATES, NAMES, "2025"))


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            yield from walk(child)


def text_of(component) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    children = children if isinstance(children, list) else [children]
    return "".join(text_of(c) for c in children if c is not None)


def test_table_rows_links_bold_focus_and_caption():
    table = make_similar_table(rows("2024"), ["Insécurité", "Cambriolage"], "de la Lozère", "dep-comparables-table")
    assert table.children[0].className == "table-responsive"
    assert isinstance(table.children[0].children, html.Table)
    parts = list(walk(table))
    body_rows = [p for p in parts if isinstance(p, html.Tr)][1:]
    assert len(body_rows) == 3
    assert isinstance(body_rows[0].children[0].children, html.Strong)
    assert text_of(body_rows[0].children[0]) == "Lozère (48)"
    links = [p.href for p in parts if isinstance(p, dcc.Link)]
    assert links == ["/departement/23?periode=2024", "/departement/15?periode=2024"]
    caption = text_of(table.children[1])  # below the scrolling box, not inside it
    assert "▲ / ▼" in caption and "de la Lozère" in caption and "intervalle de confiance" in caption
    marks = [p for p in parts if getattr(p, "className", "") and "dep-comparables-mark" in p.className]
    assert [m.title for m in marks] == ["Valeur significativement plus élevée que celle de la Lozère",
                                        "Valeur significativement plus faible que celle de la Lozère"]


def test_rendered_suppressed_cell_holds_no_number():
    table = make_similar_table(rows(), ["Insécurité", "Cambriolage"], "de la Lozère", "t")
    cells = [p for p in walk(table) if isinstance(p, html.Td)]
    suppressed = cells[3]  # row 23, cambriolage
    assert text_of(suppressed) == "s" and not any(ch.isdigit() for ch in text_of(suppressed))
    assert "[" in text_of(cells[0]) and "%" in text_of(cells[0])


def test_fiche_inputs_from_fiche_data_and_catalogue():
    from types import SimpleNamespace

    from components.similar_table import fiche_similar_inputs
    from data.catalogue import load_catalogue

    data = SimpleNamespace(code="48", name="Lozère", tncc=3, period="2025", comparables=("23", "15"),
                           comparable_rows=ESTIMATES)
    found = fiche_similar_inputs(data, load_catalogue(), NAMES, indicators=INDICATORS)
    assert found["labels"] == ["Insécurité dans le quartier ou le village", "Cambriolage ou tentative"]
    assert found["unit"] == "% des personnes de 18 ans ou plus" and found["focus_of"] == "de la Lozère"
    assert "pas d'après les résultats de l'enquête" in found["sentence"] and "outre-mer" not in found["sentence"]
    assert [r["code"] for r in found["rows"]] == ["48", "23", "15"]
