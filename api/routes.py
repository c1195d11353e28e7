"""The `/api/v1` blueprint: catalogue, data rows (JSON or CSV, paginated), OpenAPI description.

Views only wire: parse the query (`api.selection`), query the store, serialise. Every bad
parameter is an HTTP 400 whose JSON body names the parameter and the values it admits; an
unknown path is a JSON 404, a wrong method a JSON 405. A suppressed row leaves here with its
secret columns null whatever the store holds (`SECRET_COLUMNS`), and `status` is in every row.
"""
from __future__ import annotations

import io
import json
import math
import re
from functools import lru_cache
from urllib.parse import urlencode

import pandas as pd
from flask import Blueprint, Response, request

from api.openapi import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, openapi_document
from api.selection import SELECTION_PARAMS, ParamProblem, Selection, parse_selection, single, unknown_params
from data.catalogue import THEMES, load_catalogue
from data.loader import store
from data.schema import COLUMNS, SECRET_COLUMNS

PREFIX = "/api/v1"
DONNEES_PARAMS = (*SELECTION_PARAMS, "format", "page", "par_page")
ENDPOINTS = ("indicateurs", "donnees", "openapi.json")
SOURCE = "SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS)"
LICENCE = "Licence Ouverte 2.0 (Etalab)"
SIMULATED = ("Données simulées : chiffres issus d'une simulation réaliste de l'enquête, pas des microdonnées "
             "réelles. Ils ne doivent pas être cités.")
_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)

blueprint = Blueprint("api_v1", __name__, url_prefix=PREFIX)


# --- responses ---------------------------------------------------------------------------------------
def _json(payload: dict, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(body, status=status, mimetype="application/json", headers=headers)


def _error(problems: list[ParamProblem], status: int = 400) -> Response:
    first = problems[0]
    return _json({"erreur": "parametre_invalide" if status == 400 else "introuvable", "parametre": first.param,
                  "message": first.message, "valeurs_admises": list(first.allowed),
                  "problemes": [{"parametre": p.param, "message": p.message} for p in problems]}, status)


@blueprint.after_request
def _open_access(response: Response) -> Response:
    """Open data: readable from any origin; answers depend only on the URL and the data version."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Cache-Control", "public, max-age=300")
    response.headers["X-Version-Donnees"] = str(store().manifest.get("data_version", "inconnue"))
    return response


def _meta() -> dict:
    manifest = store().manifest
    simulated = manifest.get("origin") == "simulation"
    return {"source": SOURCE, "licence": LICENCE, "version_donnees": str(manifest.get("data_version", "inconnue")),
            "construites_le": str(manifest.get("built_at", "")), "origine": str(manifest.get("origin", "inconnue")),
            "simulees": simulated, "avertissement": SIMULATED if simulated else None}


# --- parameters ----------------------------------------------------------------------------------------
def _integer(params, name: str, default: int, maximum: int) -> tuple[int, list[ParamProblem]]:
    """A strict positive integer (ASCII digits only: ' 1', '+1', '1.0' are refused)."""
    raw, problem = single(params, name)
    if problem:
        return default, [problem]
    if raw is None:
        return default, []
    allowed = (f"entier de 1 à {maximum}",)
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        return default, [ParamProblem(name, f"Paramètre « {name} » : « {raw} » n'est pas un entier de 1 à {maximum}.",
                                      allowed)]
    return int(raw), []


def parse_donnees(params) -> tuple[dict, list[ParamProblem]]:
    """Everything `/donnees` reads from its query string, and the problems found."""
    data_store = store()
    problems = unknown_params(params, DONNEES_PARAMS)
    default = Selection((), tuple(data_store.periods()), "france", None, "ensemble")
    selection, more = parse_selection(params, data_store.indicators(), data_store.periods(), default)
    problems += more
    fmt, problem = single(params, "format")
    fmt = "json" if fmt is None else fmt  # an empty `format=` is an error, not json
    if problem or fmt not in ("json", "csv"):
        problems.append(ParamProblem("format", f"Paramètre « format » : valeur « {fmt} » inconnue (json ou csv).", ("json", "csv")))
    page, more = _integer(params, "page", 1, MAX_PAGE)
    per_page, more2 = _integer(params, "par_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    problems += more + more2
    return {"selection": selection, "format": fmt, "page": page, "par_page": per_page}, problems


@lru_cache(maxsize=4)
def selected_rows(selection: Selection, data_version: str) -> pd.DataFrame:
    """Contract rows of a selection, secret columns emptied; the last few are kept for the next
    pages of the same answer (read-only by convention; keyed by the data version too; at most
    4 × the largest answer, ~20 MB each, stay in memory)."""
    return secret_safe(selection.query(store()))


# --- serialisation ---------------------------------------------------------------------------------------
def secret_safe(rows: pd.DataFrame) -> pd.DataFrame:
    """Contract columns in order, secret columns emptied on suppressed rows (a new frame)."""
    out = rows[list(COLUMNS)].copy()
    secret = out["status"] == "suppressed"
    for column in SECRET_COLUMNS:
        out[column] = out[column].astype("Int64" if column == "n_cases" else "float64").where(~secret)
    return out


def records(rows: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: Python numbers, None for every missing value (never NaN)."""
    frame = rows.astype(object)
    return frame.where(rows.notna(), None).to_dict("records")


def _page_url(params: dict, page: int) -> str:
    query = {k: v for k, v in params.items() if k != "page"}
    return f"{PREFIX}/donnees?{urlencode({**query, 'page': page})}"


# --- views -----------------------------------------------------------------------------------------------
@blueprint.get("/")
@blueprint.get("")
def index() -> Response:
    return _json({"api": "VRS – API ouverte", "version": 1, "description": f"{PREFIX}/openapi.json",
                  "points_d_acces": [f"{PREFIX}/{name}" for name in ENDPOINTS], "meta": _meta()})


@blueprint.get("/indicateurs")
def indicateurs() -> Response:
    problems = unknown_params(request.args, ())
    if problems:
        return _error(problems)
    catalogue = load_catalogue()
    fields = ["id", "label_fr", "label_en", "theme", "unit_fr", "definition_fr", "universe_fr", "reference_period"]
    items = [{**{f: str(catalogue.loc[i, f]) for f in fields}, "theme_fr": THEMES[catalogue.loc[i, "theme"]]}
             for i in store().indicators()]
    return _json({"meta": _meta(), "indicateurs": items})


@blueprint.get("/donnees")
def donnees() -> Response:
    params = request.args.to_dict(flat=False)
    parsed, problems = parse_donnees(params)
    if problems:
        return _error(problems)
    selection: Selection = parsed["selection"]
    rows = selected_rows(selection, str(store().manifest.get("data_version", "")))
    total, per_page = len(rows), parsed["par_page"]
    pages = math.ceil(total / per_page)
    if parsed["page"] > max(pages, 1):
        return _error([ParamProblem("page", f"Paramètre « page » : {parsed['page']} au-delà de la dernière page "
                                            f"({max(pages, 1)}).", (f"entier de 1 à {max(pages, 1)}",))])
    start = (parsed["page"] - 1) * per_page
    page_rows = rows.iloc[start:start + per_page]
    query = {**selection.params(), "format": parsed["format"], "par_page": per_page}
    following = _page_url(query, parsed["page"] + 1) if parsed["page"] < pages else None
    previous = _page_url(query, parsed["page"] - 1) if parsed["page"] > 1 else None
    headers = {"X-Total-Count": str(total)}
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (previous, "prev")) if url]
    if links:
        headers["Link"] = ", ".join(links)
    if parsed["format"] == "csv":
        buffer = io.StringIO()
        page_rows.to_csv(buffer, index=False, lineterminator="\n")
        headers["Content-Disposition"] = 'inline; filename="vrs-donnees.csv"'
        return Response(buffer.getvalue(), mimetype="text/csv", headers=headers)
    pagination = {"page": parsed["page"], "par_page": per_page, "total": total, "pages": pages,
                  "suivante": following, "precedente": previous}
    return _json({"parametres": query, "pagination": pagination, "meta": _meta(), "donnees": records(page_rows)},
                 headers=headers)


@blueprint.get("/openapi.json")
def openapi() -> Response:
    data_store = store()
    return _json(openapi_document(data_store.indicators(), data_store.periods(),
                                  str(data_store.manifest.get("data_version", "inconnue"))))


@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(rest: str) -> Response:
    """JSON for every other path or method under /api/v1 (the Dash page catch-all would answer HTML)."""
    if rest.strip("/") in ENDPOINTS:
        response = _json({"erreur": "methode_non_autorisee", "parametre": "", "message": "Seule la méthode GET est "
                          "acceptée.", "valeurs_admises": ["GET"]}, 405)
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
        return response
    return _error([ParamProblem("", f"Chemin inconnu : {PREFIX}/{rest}", tuple(f"{PREFIX}/{e}" for e in ENDPOINTS))], 404)
