"""Tableaux personnalisés: a cross-tab built to the user's question, downloadable as shown.

URL is state: `/tableaux?indicateur=cambriolage,insecurite_quartier&periode=2024,2025&niveau=departement&code=13,2A,75&ventilation=sexe&expert=1&disposition=croise`
— the same parameter names and values as the API (`api.selection`), so the page links to the
API call of the table on screen. `layout(**params)` rebuilds the whole view; a change of control
redraws the grid and rewrites the URL without reloading. Grid and downloads render the same
`components.crosstab.GridTable`; a download follows the grid's current sort and filter (the ids
of the displayed rows travel, the values never come back from the browser).
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlencode

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from api.selection import SELECTION_PARAMS, Selection, breakdowns_for, describe, parse_selection, single, unknown_params
from components.crosstab import (LAYOUTS, GridTable, Order, column_defs, make_table, prepare_rows, row_data)
from components.exports import XLSX_MIME, export_metadata, status_legend, to_csv_bytes, to_xlsx_bytes
from components.formatting import count
from data.catalogue import load_catalogue
from data.loader import store
from data.schema import BREAKDOWN_LABELS
from geo.territories import LEVEL_LABELS, departements, geo_codes, regions

dash.register_page(__name__, path="/tableaux", name="Tableaux", order=4, title="Tableaux personnalisés – VRS")

# --- component ids (declared once) -------------------------------------------------------------
INDICATORS = "tab-indicateurs"
PERIODS = "tab-periodes"
LEVEL = "tab-niveau"
CODES = "tab-codes"
BREAKDOWN = "tab-ventilation"
LAYOUT = "tab-disposition"
EXPERT = "tab-expert"
MESSAGE = "tab-message"
COUNT = "tab-compte"
GRID = "tab-grille"
VISIBLE_IDS = "tab-lignes-visibles"
CSV_BUTTON = "tab-bouton-csv"
XLSX_BUTTON = "tab-bouton-xlsx"
CSV_DOWNLOAD = "tab-telechargement-csv"
XLSX_DOWNLOAD = "tab-telechargement-xlsx"
API_LINK = "tab-lien-api"
LEGEND = "tab-legende"
URL = "tab-url"

PAGE_PARAMS = (*SELECTION_PARAMS, "expert", "disposition")
MAX_ROWS = 20_000
DEFAULT_INDICATORS = ("cambriolage", "insecurite_quartier")
TRUE, FALSE = ("1", "oui", "true"), ("0", "non", "false")
DROPDOWN_LABELS = {"select_all": "Tout sélectionner", "deselect_all": "Tout désélectionner",
                   "selected_count": "{num_selected} choisi(s)", "search": "Rechercher",
                   "clear_search": "Effacer la recherche", "clear_selection": "Tout retirer",
                   "no_options_found": "Aucun résultat"}
LOCALE_FR = {
    "noRowsToShow": "Aucune ligne à afficher", "loadingOoo": "Chargement…", "filterOoo": "Filtrer…",
    "searchOoo": "Rechercher…", "selectAll": "Tout sélectionner", "blanks": "Vide", "noMatches": "Aucun résultat",
    "equals": "Égal à", "notEqual": "Différent de", "blank": "Vide", "notBlank": "Non vide", "empty": "Choisir…",
    "lessThan": "Inférieur à", "greaterThan": "Supérieur à", "lessThanOrEqual": "Inférieur ou égal à",
    "greaterThanOrEqual": "Supérieur ou égal à", "inRange": "Entre", "inRangeStart": "De", "inRangeEnd": "À",
    "contains": "Contient", "notContains": "Ne contient pas", "startsWith": "Commence par", "endsWith": "Se termine par",
    "andCondition": "ET", "orCondition": "OU", "applyFilter": "Appliquer", "resetFilter": "Réinitialiser",
    "clearFilter": "Effacer", "cancelFilter": "Annuler", "sortAscending": "Tri croissant",
    "sortDescending": "Tri décroissant", "sortUnSort": "Sans tri", "pinColumn": "Épingler la colonne",
    "autosizeThisColumn": "Ajuster cette colonne", "autosizeAllColumns": "Ajuster toutes les colonnes",
    "resetColumns": "Réinitialiser les colonnes", "columns": "Colonnes", "filters": "Filtres",
    "ariaFilterInput": "Saisie du filtre", "ariaFilterValue": "Valeur du filtre", "ariaFilterFromValue": "Filtrer à partir de",
    "ariaFilterToValue": "Filtrer jusqu'à", "ariaFilteringOperator": "Opérateur de filtre",
}


@dataclass(frozen=True)
class TableState:
    """Everything the URL says: the selection, the layout and the expert switch."""

    selection: Selection
    layout: str = "croise"
    expert: bool = False

    def params(self) -> dict[str, str]:
        return {**self.selection.params(), "expert": "1" if self.expert else "0", "disposition": self.layout}

    def search(self) -> str:
        return "?" + urlencode(self.params(), safe=",")

    def key(self) -> str:
        """Short digest of the state: prefixes row ids so that stale ids never match a new table."""
        return hashlib.sha1(self.search().encode()).hexdigest()[:8]


# --- state --------------------------------------------------------------------------------------
def default_selection() -> Selection:
    data_store = store()
    available = data_store.indicators()
    indicators = tuple(i for i in DEFAULT_INDICATORS if i in available) or tuple(available[:1])
    latest = data_store.latest_edition()
    return Selection(indicators, (latest,) if latest else (), "departement", None, "ensemble")


def resolve(params: dict) -> tuple[TableState, list[str]]:
    """The table's state from URL parameters; bad or unknown ones fall back to defaults, with a message each."""
    data_store = store()
    problems = unknown_params(params, PAGE_PARAMS)
    selection, more = parse_selection(params, data_store.indicators(), data_store.periods(), default_selection())
    problems += more
    messages = [_page_message(p) for p in problems]
    layout, problem = single(params, "disposition")
    if problem or (layout is not None and layout not in LAYOUTS):
        messages.append(f"Paramètre « disposition » : valeur « {layout} » inconnue (croise ou long). Tableau croisé utilisé.")
        layout = None
    expert, problem = single(params, "expert")
    if problem or (expert is not None and expert.lower() not in TRUE + FALSE):
        messages.append(f"Paramètre « expert » : valeur « {expert} » inconnue (1 ou 0). Mode expert désactivé.")
        expert = None
    return TableState(selection, layout or "croise", (expert or "0").lower() in TRUE), messages


def _page_message(problem) -> str:
    if problem.param not in PAGE_PARAMS:
        return f"{problem.message} Il est ignoré."
    if problem.param in ("indicateur", "periode", "code") and "vide" not in problem.message:
        return f"{problem.message} Ignorée(s)."
    return f"{problem.message} Valeur par défaut utilisée."


def state_from_search(search: str | None) -> TableState:
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}
    return resolve(params)[0]


def build(state: TableState) -> tuple[GridTable | None, str]:
    """The displayed table of a state, or None and a French notice (empty or too large request).
    Kept per state and data version: the downloads of the table on screen reuse it (read-only)."""
    return _build(state, str(store().manifest.get("data_version", "")))


@lru_cache(maxsize=8)
def _build(state: TableState, _data_version: str) -> tuple[GridTable | None, str]:
    selection = state.selection
    if not selection.indicators or not selection.periods:
        return None, "Choisissez au moins un indicateur et une période pour construire le tableau."
    size = selection.size()
    if size > MAX_ROWS:
        return None, (f"Ce tableau compterait jusqu'à {count(size)} estimations, au-delà de la limite de "
                      f"{count(MAX_ROWS)}. Réduisez le nombre d'indicateurs, de périodes ou de territoires, ou "
                      "choisissez une ventilation plus simple. Pour tout télécharger, utilisez l'API.")
    rows = selection.query(store())
    if rows.empty:
        return None, "Aucune estimation n'existe pour cette sélection."
    order = Order(list(selection.indicators), list(selection.periods), selection.territory_codes(),
                  list(selection.categories()))
    tidy = prepare_rows(rows, load_catalogue(), order)
    return make_table(tidy, state.layout, state.expert, selection.breakdown, key=state.key()), ""


def api_href(state: TableState) -> str:
    return "/api/v1/donnees?" + urlencode({**state.selection.params(), "format": "csv", "par_page": 10000}, safe=",")


def grid_height(table: GridTable | None) -> str:
    rows = 0 if table is None else len(table.frame)
    headers = 3 if table is not None and table.layout == "croise" else 2
    return f"{min(640, headers * 52 + max(rows, 2) * 42 + 24)}px"


def grid_outputs(table: GridTable | None) -> tuple:
    if table is None:
        return [], [], {"height": grid_height(None)}
    return column_defs(table), row_data(table), {"height": grid_height(table)}


# --- layout pieces -------------------------------------------------------------------------------
def _indicator_options() -> list[dict]:
    catalogue = load_catalogue()
    return [{"label": catalogue.loc[i, "label_fr"], "value": i} for i in store().indicators()]


def _period_options() -> list[dict]:
    return [{"label": p if "-" not in p else f"{p} (cumul)", "value": p} for p in store().periods()]


def territory_control(level: str) -> tuple[list[dict], str, bool]:
    """Options, placeholder and disabled flag of the territory dropdown for a level."""
    if level == "region":
        options = [{"label": f"{row.nom}", "value": row.code} for row in regions().itertuples()]
        return options, "Toutes les régions (ou choisissez)", False
    if level == "departement":
        options = [{"label": f"{row.nom} ({row.code})", "value": row.code} for row in departements().itertuples()]
        return options, "Tous les départements (ou choisissez)", False
    return [{"label": LEVEL_LABELS[level], "value": geo_codes(level)[0]}], LEVEL_LABELS[level], True


def breakdown_options(level: str) -> list[dict]:
    return [{"label": BREAKDOWN_LABELS[b], "value": b} for b in breakdowns_for(level)]


def legend(thresholds: dict) -> html.Div:
    marks = {"E": "tab-cell-caution", "F": "tab-cell-unreliable", "s": "tab-cell-suppressed", "nd": "tab-cell-absent"}
    items = [html.Li([html.Span(mark, className=f"tab-mark {marks[mark]}"), html.Span(f" {meaning} : {rule}.")])
             for mark, meaning, rule in status_legend(thresholds) if mark in marks]
    return html.Div([
        html.P("Lecture : estimations en % de la population de l'indicateur. Survolez une cellule pour le motif de son "
               "statut ; le mode expert ajoute l'intervalle de confiance à 95 %, l'effectif, l'erreur type, le "
               "coefficient de variation et les degrés de liberté.", className="mb-1"),
        html.Ul(items, className="tab-legend-list"),
    ], className="tab-legend", id=LEGEND)


def _field(label: str, component, width: str = "") -> html.Div:
    return html.Div([html.Label(label, htmlFor=component.id, className="form-label"), component],
                    className=f"tab-field {width}".strip())


def controls(state: TableState) -> html.Div:
    selection = state.selection
    options, placeholder, disabled = territory_control(selection.level)
    return html.Div([
        _field("Indicateurs", dcc.Dropdown(id=INDICATORS, options=_indicator_options(), value=list(selection.indicators),
                                           multi=True, placeholder="Choisissez un ou plusieurs indicateurs",
                                           maxHeight=320, labels=DROPDOWN_LABELS), "tab-field-wide"),
        html.Fieldset([html.Legend("Périodes", className="form-label"),
                       dcc.Checklist(id=PERIODS, options=_period_options(), value=list(selection.periods), inline=True,
                                     className="tab-checklist", inputClassName="form-check-input")],
                      className="tab-field"),
        html.Fieldset([html.Legend("Niveau géographique", className="form-label"),
                       dcc.RadioItems(id=LEVEL, value=selection.level, inline=True, className="tab-checklist",
                                      inputClassName="form-check-input",
                                      options=[{"label": LEVEL_LABELS[lvl] if lvl in ("france", "metropole") else
                                                f"{LEVEL_LABELS[lvl]}s", "value": lvl} for lvl in LEVEL_LABELS])],
                      className="tab-field"),
        _field("Territoires", dcc.Dropdown(id=CODES, options=options, value=list(selection.codes or []), multi=True,
                                           placeholder=placeholder, disabled=disabled, maxHeight=320,
                                           labels=DROPDOWN_LABELS), "tab-field-wide"),
        _field("Ventilation (lignes)", dcc.Dropdown(id=BREAKDOWN, options=breakdown_options(selection.level),
                                                    value=selection.breakdown, clearable=False, searchable=False,
                                                    labels=DROPDOWN_LABELS)),
        html.Fieldset([html.Legend("Disposition", className="form-label"),
                       dcc.RadioItems(id=LAYOUT, value=state.layout, inline=True, className="tab-checklist",
                                      inputClassName="form-check-input",
                                      options=[{"label": label, "value": value} for value, label in LAYOUTS.items()])],
                      className="tab-field"),
        html.Div(dbc.Switch(id=EXPERT, label="Mode expert (IC, n, erreur type, CV, ddl)", value=state.expert),
                 className="tab-field tab-switch"),
    ], className="tab-controls no-print")


def _message(messages: list[str], notice: str) -> tuple[list, str]:
    children = [html.P(m, className="mb-0") for m in messages] + ([html.P(notice, className="mb-0")] if notice else [])
    if messages:
        return children, "alert alert-warning"
    return children, ("alert alert-info" if notice else "")


def grid(table: GridTable | None) -> dag.AgGrid:
    columns, rows, style = grid_outputs(table)
    return dag.AgGrid(
        id=GRID, columnDefs=columns, rowData=rows, style=style, className="tab-grid",
        getRowId="params.data.row_id",
        defaultColDef={"sortable": True, "filter": True, "floatingFilter": True, "resizable": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True, "suppressHeaderMenuButton": True},
        dashGridOptions={"localeText": LOCALE_FR, "tooltipShowDelay": 150, "suppressMovableColumns": True,
                         "enableCellTextSelection": True, "ensureDomOrder": True, "groupHeaderHeight": 66,
                         "suppressDragLeaveHidesColumns": True},
    )


def layout(**params) -> html.Div:
    state, messages = resolve(params)
    table, notice = build(state)
    message, message_class = _message(messages, notice)
    return html.Div([
        html.H1("Tableaux personnalisés"),
        html.P("Croisez indicateurs, périodes, territoires et ventilation de la population, puis téléchargez "
               "exactement le tableau affiché — tri et filtres compris — en CSV ou en XLSX, ou interrogez l'API.",
               className="lead"),
        controls(state),
        html.Div(message, id=MESSAGE, className=message_class, role="status"),
        html.Div([
            html.Span(_count_text(table), id=COUNT, className="tab-count", **{"aria-live": "polite"}),
            html.Div([
                html.Button("Télécharger CSV", id=CSV_BUTTON, className="btn btn-primary btn-sm", n_clicks=0),
                html.Button("Télécharger XLSX", id=XLSX_BUTTON, className="btn btn-outline-primary btn-sm", n_clicks=0),
                html.A("Mêmes données via l'API (CSV)", id=API_LINK, href=api_href(state), className="btn btn-link btn-sm"),
            ], className="tab-actions no-print"),
        ], className="tab-toolbar"),
        legend(store().manifest.get("thresholds") or {}),
        grid(table),
        html.P("Le fichier XLSX contient aussi une feuille « Métadonnées » : source, version des données, définitions "
               "des indicateurs et légende des statuts. Le CSV est au format des tableurs français (séparateur « ; », "
               "virgule décimale, UTF-8).", className="tab-note"),
        dcc.Store(id=VISIBLE_IDS),
        dcc.Download(id=CSV_DOWNLOAD), dcc.Download(id=XLSX_DOWNLOAD),
        dcc.Location(id=URL, refresh=False),
    ], className="tab-page")


def _count_text(table: GridTable | None) -> str:
    """Rows and columns of the table (the browser rewrites it when the grid's filter changes)."""
    if table is None:
        return "Aucune ligne"
    total = len(table.frame)
    return f"{count(total)} {'ligne' if total == 1 else 'lignes'} · {len(table.columns)} colonnes"


def download_table(search: str | None, visible_ids: list[str] | None) -> tuple[GridTable | None, TableState, bool]:
    """The table of the URL's state, restricted to and ordered as the grid's displayed rows;
    the flag says whether the grid's filter left rows out."""
    state = state_from_search(search)
    table, _ = build(state)
    if table is None:
        return None, state, False
    if visible_ids and not set(visible_ids) & set(table.frame["row_id"]):
        visible_ids = None  # ids of a previous table: the grid has not caught up yet
    shown = table.in_order(visible_ids)
    return shown, state, len(shown.frame) < len(table.frame)


def _filename(state: TableState, extension: str) -> str:
    names = "-".join(state.selection.indicators[:3]) + ("-etc" if len(state.selection.indicators) > 3 else "")
    return f"vrs-tableau-{names}-{state.selection.level}.{extension}"


# --- callbacks (wiring only) ----------------------------------------------------------------------
@callback(Output(CODES, "options"), Output(CODES, "value"), Output(CODES, "placeholder"), Output(CODES, "disabled"),
          Output(BREAKDOWN, "options"), Output(BREAKDOWN, "value"),
          Input(LEVEL, "value"), State(BREAKDOWN, "value"), prevent_initial_call=True)
def update_level(level, breakdown):
    options, placeholder, disabled = territory_control(level)
    allowed = breakdowns_for(level)
    return options, [], placeholder, disabled, breakdown_options(level), breakdown if breakdown in allowed else "ensemble"


@callback(Output(GRID, "columnDefs"), Output(GRID, "rowData"), Output(GRID, "style"), Output(MESSAGE, "children"),
          Output(MESSAGE, "className"), Output(URL, "search"), Output(API_LINK, "href"),
          Input(INDICATORS, "value"), Input(PERIODS, "value"), Input(LEVEL, "value"), Input(CODES, "value"),
          Input(BREAKDOWN, "value"), Input(LAYOUT, "value"), Input(EXPERT, "value"), prevent_initial_call=True)
def update_table(indicators, periods, level, codes, breakdown, layout_value, expert):
    params = {"indicateur": ",".join(indicators or []), "periode": ",".join(periods or []), "niveau": level,
              "code": ",".join(codes or []), "ventilation": breakdown, "disposition": layout_value,
              "expert": "1" if expert else "0"}
    if not indicators or not periods:
        _, notice = build(TableState(Selection((), (), level)))
        message, message_class = _message([], notice)
        return [], [], {"height": grid_height(None)}, message, message_class, no_update, no_update
    state, messages = resolve(params)
    table, notice = build(state)
    message, message_class = _message(messages, notice)
    return (*grid_outputs(table), message, message_class, state.search(), api_href(state))


clientside_callback(
    """function(rows, allRows, defs) {
        var fmt = function(n) { return n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0'); };
        if (!allRows || !allRows.length) { return [null, 'Aucune ligne']; }
        var leaves = 0;
        (defs || []).forEach(function(d) { leaves += d.children ? d.children.length : 1; });
        var total = allRows.length, shown = rows ? rows.length : total;
        var text = shown === total ? fmt(total) + (total > 1 ? ' lignes' : ' ligne')
                                   : fmt(shown) + ' sur ' + fmt(total) + ' lignes (filtre)';
        return [rows ? rows.map(function(row) { return row.row_id; }) : null, text + ' · ' + leaves + ' colonnes'];
    }""",
    Output(VISIBLE_IDS, "data"), Output(COUNT, "children"),
    Input(GRID, "virtualRowData"), State(GRID, "rowData"), State(GRID, "columnDefs"))


@callback(Output(CSV_DOWNLOAD, "data"), Input(CSV_BUTTON, "n_clicks"), State(URL, "search"), State(VISIBLE_IDS, "data"),
          prevent_initial_call=True)
def download_csv(_clicks, search, visible_ids):
    table, state, _filtered = download_table(search, visible_ids)
    if table is None:
        return no_update
    return dcc.send_bytes(to_csv_bytes(table), _filename(state, "csv"))


@callback(Output(XLSX_DOWNLOAD, "data"), Input(XLSX_BUTTON, "n_clicks"), State(URL, "search"),
          State(VISIBLE_IDS, "data"), prevent_initial_call=True)
def download_xlsx(_clicks, search, visible_ids):
    table, state, filtered = download_table(search, visible_ids)
    if table is None:
        return no_update
    notes = ["Lignes filtrées dans la grille : le fichier contient les lignes affichées, dans l'ordre affiché."
             ] if filtered else []
    meta = export_metadata(store().manifest, load_catalogue(), list(state.selection.indicators),
                           describe(state.selection), permalink="/tableaux" + state.search(),
                           extracted_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), notes=notes)
    return dcc.send_bytes(to_xlsx_bytes(table, meta), _filename(state, "xlsx"), type=XLSX_MIME)
