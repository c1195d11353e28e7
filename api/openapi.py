"""The OpenAPI 3.0 description of `/api/v1`, built from the data actually loaded.

Enumerations (indicators, periods, levels, breakdowns, territory codes) come from the store
and the territory reference, so the description never promises a value the API refuses.
Property-based tests (`tests/pipeline/test_api_schemathesis.py`) generate requests from it
and check every answer against it.
"""
from __future__ import annotations

from data.schema import BREAKDOWNS, COLUMNS, STATUSES
from geo.territories import GEO_LEVELS, geo_codes

MAX_PER_PAGE = 10_000
DEFAULT_PER_PAGE = 1_000
MAX_PAGE = 1_000_000

_JSON_TYPES = {"str": "string", "int": "integer", "float": "number"}
_NULLABLE = {"estimate", "se", "ci_low", "ci_high", "cv", "n_cases", "weighted_count"}
_DESCRIPTIONS = {
    "estimate": "Proportion estimée dans [0, 1] ; null si le statut est `suppressed` (secret statistique).",
    "se": "Erreur type (linéarisation de Taylor, plan stratifié) ; null si `suppressed`.",
    "ci_low": "Borne basse de l'IC à 95 % (échelle logit, Student à `df`) ; null si `suppressed`.",
    "ci_high": "Borne haute de l'IC à 95 % ; null si `suppressed`.",
    "cv": "Coefficient de variation se / estimate ; null si `suppressed` ou si l'estimation vaut 0.",
    "n_unweighted": "Répondants dans le domaine (dénominateur), toujours présent.",
    "n_cases": "Répondants présentant l'attribut ; null si `suppressed`.",
    "weighted_count": "Nombre estimé de personnes présentant l'attribut ; null si `suppressed`.",
    "status": "ok, caution (E), unreliable (F) ou suppressed (s : aucune valeur diffusée).",
    "status_reason": "Motif du statut en français (vide si ok).",
}


def _list_param(name: str, values: list[str], description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "style": "form", "explode": False,
            "schema": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": values}}}


def _enum_param(name: str, values: list[str], default: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string", "enum": values, "default": default}}


def _int_param(name: str, maximum: int, default: int, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default}}


def _row_schema() -> dict:
    properties = {}
    for column, kind in COLUMNS.items():
        schema = {"type": _JSON_TYPES[kind]}
        if column in _NULLABLE:
            schema["nullable"] = True
        if column == "status":
            schema["enum"] = list(STATUSES)
        if column == "geo_level":
            schema["enum"] = list(GEO_LEVELS)
        if column == "breakdown":
            schema["enum"] = list(BREAKDOWNS)
        if column in _DESCRIPTIONS:
            schema["description"] = _DESCRIPTIONS[column]
        properties[column] = schema
    return {"type": "object", "required": list(COLUMNS), "properties": properties}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}}}


def _schemas() -> dict:
    meta = {"type": "object", "required": ["source", "licence", "version_donnees", "simulees"],
            "properties": {"source": {"type": "string"}, "licence": {"type": "string"},
                           "version_donnees": {"type": "string"}, "construites_le": {"type": "string"},
                           "origine": {"type": "string"}, "simulees": {"type": "boolean"},
                           "avertissement": {"type": "string", "nullable": True}}}
    pagination = {"type": "object", "required": ["page", "par_page", "total", "pages"],
                  "properties": {"page": {"type": "integer"}, "par_page": {"type": "integer"},
                                 "total": {"type": "integer"}, "pages": {"type": "integer"},
                                 "suivante": {"type": "string", "nullable": True},
                                 "precedente": {"type": "string", "nullable": True}}}
    indicator = {"type": "object", "required": ["id", "label_fr", "label_en", "theme", "unit_fr", "definition_fr"],
                 "properties": {k: {"type": "string"} for k in
                                ("id", "label_fr", "label_en", "theme", "theme_fr", "unit_fr", "definition_fr",
                                 "universe_fr", "reference_period")}}
    return {
        "Ligne": _row_schema(),
        "Meta": meta,
        "Donnees": {"type": "object", "required": ["parametres", "pagination", "meta", "donnees"],
                    "properties": {"parametres": {"type": "object"}, "pagination": pagination,
                                   "meta": {"$ref": "#/components/schemas/Meta"},
                                   "donnees": {"type": "array", "items": {"$ref": "#/components/schemas/Ligne"}}}},
        "Indicateurs": {"type": "object", "required": ["meta", "indicateurs"],
                        "properties": {"meta": {"$ref": "#/components/schemas/Meta"},
                                       "indicateurs": {"type": "array", "items": indicator}}},
        "Erreur": {"type": "object", "required": ["erreur", "parametre", "message", "valeurs_admises"],
                   "properties": {"erreur": {"type": "string"}, "parametre": {"type": "string"},
                                  "message": {"type": "string"},
                                  "valeurs_admises": {"type": "array", "items": {"type": "string"}},
                                  "problemes": {"type": "array", "items": {"type": "object"}}}},
    }


def _donnees_operation(indicators: list[str], periods: list[str]) -> dict:
    codes = list(dict.fromkeys(c for level in GEO_LEVELS for c in geo_codes(level)))
    return {
        "summary": "Estimations (lignes du contrat de données), filtrées et paginées",
        "description": "Une ligne par estimation : indicateur × période × territoire × catégorie. `status` est toujours "
                       "présent ; une ligne `suppressed` n'a aucune valeur (secret statistique). Les codes doivent "
                       "appartenir au niveau choisi ; `sexe_age` n'existe qu'aux niveaux france et metropole. Ordre "
                       "stable : indicateur, période, code, catégorie. CSV : séparateur virgule, point décimal, UTF-8.",
        "operationId": "donnees",
        "parameters": [
            _list_param("indicateur", indicators, "Identifiant(s) d'indicateur, séparés par des virgules.", True),
            _list_param("periode", periods, "Période(s) : édition (2024) ou période cumulée (2022-2025). Défaut : toutes."),
            _enum_param("niveau", list(GEO_LEVELS), "france", "Niveau géographique."),
            _list_param("code", codes, "Code(s) de territoire du niveau (FE, FM, code région ou département). "
                                       "Défaut : tous les territoires du niveau."),
            _enum_param("ventilation", list(BREAKDOWNS), "ensemble", "Ventilation de la population."),
            _enum_param("format", ["json", "csv"], "json", "Format de la réponse."),
            _int_param("page", MAX_PAGE, 1, "Numéro de page (à partir de 1)."),
            _int_param("par_page", MAX_PER_PAGE, DEFAULT_PER_PAGE, "Lignes par page."),
        ],
        "responses": {
            "200": {"description": "Une page de lignes (en-têtes X-Total-Count et Link : pagination).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Donnees"}},
                                "text/csv": {"schema": {"type": "string"}}}},
            "400": _error_response("Paramètre invalide : le corps nomme le paramètre et les valeurs admises."),
        },
    }


def openapi_document(indicators: list[str], periods: list[str], data_version: str) -> dict:
    """The OpenAPI description of the API for the indicators and periods loaded."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "API ouverte – enquête Vécu et ressenti en matière de sécurité (VRS)",
                 "version": f"1 (données {data_version})",
                 "description": "Estimations précalculées de l'enquête de victimation du SSMSI, avec leur erreur type, "
                                "leur intervalle de confiance, leurs effectifs et leur statut de qualité. Données "
                                "sous Licence Ouverte 2.0. Les valeurs couvertes par le secret statistique ne sont "
                                "jamais diffusées.",
                 "license": {"name": "Licence Ouverte 2.0", "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}},
        "paths": {
            "/api/v1/indicateurs": {"get": {
                "summary": "Catalogue des indicateurs", "operationId": "indicateurs",
                "responses": {"200": {"description": "Les indicateurs (identifiant, libellés, thème, unité, définition).",
                                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Indicateurs"}}}},
                              "400": _error_response("Paramètre inconnu.")}}},
            "/api/v1/donnees": {"get": _donnees_operation(indicators, periods)},
            "/api/v1/openapi.json": {"get": {
                "summary": "Cette description OpenAPI", "operationId": "openapi",
                "responses": {"200": {"description": "Document OpenAPI 3.0.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": _schemas()},
    }
