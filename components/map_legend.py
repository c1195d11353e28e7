"""The map's legend, in HTML beside the map: one entry per class (bounds in French format and
the number of départements in it), then the statuses that carry no value, then the scope note.

An HTML legend reads better than a colour bar, is printed with the page and is testable as
text. In comparison mode it also says how the test works and how the 99 comparisons are
handled (Benjamini–Hochberg), so the verdicts are never read as more than they are.
"""
from __future__ import annotations

from dash import html

from components import map_classes as mc
from components.map_figure import MapView
from data.compare import VERDICT_LABELS

SCOPE_NOTE = "Guyane et Mayotte : hors champ de l'enquête (non représentées)."
TEST_NOTE = ("Chaque département est comparé à la France au seuil de 5\u00a0% : l'écart est rapporté à "
             "la racine de la somme des carrés des deux erreurs types (test z bilatéral).")
BH_NOTE = ("Comparer 99 départements à la France produirait, par le seul hasard, environ cinq écarts "
           "« significatifs » à 5\u00a0% : les p-valeurs sont donc ajustées par la méthode de "
           "Benjamini–Hochberg (taux de fausses découvertes de 5\u00a0%).")
RAW_NOTE = ("Avec 99 comparaisons, environ cinq écarts « significatifs » à 5\u00a0% peuvent être dus au hasard "
            "(p-valeurs non ajustées).")
UNRELIABLE_NOTE = "Les estimations peu fiables et les effectifs insuffisants ne sont pas comparés."
UNTESTABLE_NOTE = ("Écart non testable : aucun répondant du département (ou tous) n'est concerné, "
                   "l'erreur type estimée est nulle et le test n'a pas de sens.")


def legend_entries(view: MapView) -> list[dict]:
    """Entries in display order: {'slot', 'color', 'label', 'count', 'kind'} (kind: class/verdict/status).

    Value classes and verdicts are always listed (count may be 0); statuses only when present.
    """
    counts = view.frame["slot"].value_counts().to_dict()
    colors = view.colors
    entries = []
    if view.mode == "comparaison":
        for verdict in mc.VERDICT_ORDER[::-1]:
            index = mc.VERDICT_ORDER.index(verdict)
            entries.append({"slot": index, "color": colors[index], "label": VERDICT_LABELS[verdict],
                            "count": int(counts.get(index, 0)), "kind": "verdict"})
        if counts.get(mc.UNTESTABLE_SLOT):
            entries.append({"slot": mc.UNTESTABLE_SLOT, "color": colors[mc.UNTESTABLE_SLOT],
                            "label": mc.UNTESTABLE_LEGEND, "count": int(counts[mc.UNTESTABLE_SLOT]),
                            "kind": "untestable"})
    else:
        for slot, label in reversed(list(enumerate(view.classes.labels))):
            entries.append({"slot": slot, "color": colors[slot], "label": label,
                            "count": int(counts.get(slot, 0)), "kind": "class"})
    for status, slot in mc.STATUS_SLOTS.items():
        if counts.get(slot, 0):
            entries.append({"slot": slot, "color": colors[slot], "label": mc.STATUS_LEGEND[status],
                            "count": int(counts[slot]), "kind": "status", "status": status})
    return entries


def departements_count(n: int) -> str:
    return f"{n} département" if n <= 1 else f"{n} départements"


SPARSE_NOTE = ("Plus de la moitié des départements n'ont pas d'estimation publiable ici. Une période cumulée "
               "(plusieurs éditions, donc plus de répondants) ou une population plus large donnent des "
               "estimations plus précises.")


def sparse_view(view: MapView) -> bool:
    """True when most départements cannot be mapped (unreliable or suppressed)."""
    status = view.frame["status"]
    return bool(len(status)) and (status.isin(["unreliable", "suppressed"]).mean() > 0.5)


def make_legend(view: MapView, title: str, element_id: str | None = None) -> html.Div:
    """Title, entries with swatches and counts, and the notes that apply."""
    items = [html.Li([
        html.Span(className=f"legend-swatch legend-{entry.get('status', entry['kind'])}",
                  style={"backgroundColor": entry["color"]}, **{"aria-hidden": "true"}),
        html.Span(entry["label"], className="legend-label"),
        html.Span(departements_count(entry["count"]), className="legend-count"),
    ], className="legend-entry", **{"data-slot": str(entry["slot"])}) for entry in legend_entries(view)]
    notes = [html.P(SCOPE_NOTE, className="legend-note")]
    if view.mode == "comparaison":
        notes = [html.P(TEST_NOTE, className="legend-note"),
                 html.P(BH_NOTE if view.adjusted else RAW_NOTE, className="legend-note"),
                 html.P(UNRELIABLE_NOTE, className="legend-note")] + notes
        if (view.frame["slot"] == mc.UNTESTABLE_SLOT).any():
            notes.insert(2, html.P(UNTESTABLE_NOTE, className="legend-note"))
    else:
        notes = [html.P("Classes par quantiles, bornes arrondies.", className="legend-note")] + notes
    if sparse_view(view):
        notes.insert(0, html.P(SPARSE_NOTE, className="legend-note legend-hint"))
    kwargs = {"id": element_id} if element_id else {}
    return html.Div([html.P(title, className="legend-title"), html.Ul(items, className="legend-list"), *notes],
                    className="map-legend", **kwargs)
