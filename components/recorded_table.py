"""'Ce que déclarent les habitants, ce qui est enregistré': survey rates beside recorded crime.

Pure builder. Rows come from `prepare_recorded_rows` (survey rows + recorded-crime dicts);
the table compares each with France as a ratio, because the two sources count different
things (people victimised vs offences recorded) and only their relative positions compare.
"""
from __future__ import annotations

from dash import html

from components.formatting import estimate_with_ci, number

EXPLANATION = ("L'enquête mesure la part des habitants qui déclarent avoir été victimes, qu'ils aient porté plainte "
               "ou non ; la délinquance enregistrée compte les faits portés à la connaissance de la police et de la "
               "gendarmerie. Les deux ne se comparent pas en niveau : seul l'écart à la France (indice 100) se "
               "compare. Un indice enregistré nettement plus élevé que l'indice déclaré peut refléter un dépôt de "
               "plainte plus fréquent, et inversement.")


def prepare_recorded_rows(pairs: list[tuple[str, dict | None, dict | None, dict | None]]) -> list[dict]:
    """pairs: (label, survey row of the département, survey row of France, recorded dict) -> display rows."""
    rows = []
    for label, local, france, recorded in pairs:
        if recorded is None:
            continue
        survey_ok = local is not None and france is not None and local.get("status") not in ("suppressed", "unreliable")
        survey_index = (100 * local["estimate"] / france["estimate"]) if survey_ok and france["estimate"] else None
        rows.append({
            "label": label,
            "survey": estimate_with_ci(local["estimate"], local["ci_low"], local["ci_high"]) if survey_ok
            else (local or {}).get("status_reason") or "Non disponible",
            "survey_index": survey_index,
            "recorded": f"{number(recorded['rate'], 2)} pour 1\u00a0000 {recorded['denominator']}",
            "recorded_label": recorded["indicator"],
            "recorded_index": 100 * recorded["rate"] / recorded["france_rate"] if recorded["france_rate"] else None,
            "year": recorded["year"],
        })
    return rows


def make_recorded_table(rows: list[dict], edition: str, table_id: str) -> html.Div:
    """The comparison table, with its caption and the sources."""
    if not rows:
        return html.Div()
    year = rows[0]["year"]
    head = html.Thead(html.Tr([
        html.Th("Atteinte", scope="col"),
        html.Th(f"Victimes déclarées (enquête {edition})", scope="col"),
        html.Th("Indice France = 100", scope="col"),
        html.Th(f"Faits enregistrés en {year}", scope="col"),
        html.Th("Indice France = 100", scope="col"),
    ]))
    body = html.Tbody([html.Tr([
        html.Th(row["label"], scope="row"),
        html.Td(row["survey"]),
        html.Td(number(row["survey_index"]) if row["survey_index"] is not None else "–"),
        html.Td([row["recorded"], html.Br(), html.Small(row["recorded_label"], className="text-muted")]),
        html.Td(number(row["recorded_index"]) if row["recorded_index"] is not None else "–"),
    ]) for row in rows])
    return html.Div([
        html.Div(html.Table([html.Caption("Enquête et délinquance enregistrée, rapportées à la France"), head, body],
                            className="table table-sm", id=table_id), className="table-responsive"),
        html.P(EXPLANATION, className="small"),
        html.P(["Source des faits enregistrés : SSMSI, bases statistiques départementales de la délinquance "
                "enregistrée par la police et la gendarmerie nationales (data.gouv.fr), Licence Ouverte 2.0. "
                "Taux pour 1 000 habitants, sauf cambriolages : pour 1 000 logements."], className="small text-muted"),
    ], className="recorded-crime")
