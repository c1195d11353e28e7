"""Carte des départements: one indicator, period and population group, as values or as verdicts
against France, with the France value, the selected département, a ranked chart and a table.

The URL is the state: `layout(**params)` rebuilds the whole view from the query string
(unknown parameters fall back to defaults, with a message naming them), and every change
writes the query string back (`dcc.Location(refresh=False)`: the URL changes without the
page router re-rendering the page, so the geometry is sent once; Back/Forward re-render).
Callbacks only wire: they read the controls, look up `data.map_queries` and return
`dash.Patch` objects from `components.*` builders.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components import map_controls as controls
from components.map_figure import make_map_figure, make_map_patch, make_selection_patch
from components.map_legend import make_legend
from components.map_panel import make_france_box, make_selected_box, view_title
from components.map_table import make_table
from components.map_url import MapState, parse_query, parse_search, to_search
from components.ranked_chart import make_ranked_figure, make_ranked_patch, prepare_ranked
from data import map_queries as q
from data.catalogue import load_catalogue
from geo.layout import graph_config
from geo.loader import GeometryError

dash.register_page(__name__, path="/carte", name="Carte", order=1, title="Carte des départements – VRS")

# Component ids, declared once.
URL = "carte-url"
MESSAGES = "carte-messages"
INDICATOR = "carte-indicateur"
PERIOD = "carte-periode"
BREAKDOWN = "carte-ventilation"
CATEGORY = "carte-categorie"
MODE = "carte-mode"
DEP = "carte-dep"
TITLE = "carte-titre"
MAP = "carte-map"
LEGEND = "carte-legende"
FRANCE = "carte-france"
SELECTED = "carte-selection"
RANKED = "carte-classement"
TABLE = "carte-tableau"
CONTROLS = [Input(INDICATOR, "value"), Input(PERIOD, "value"), Input(BREAKDOWN, "value"),
            Input(CATEGORY, "value"), Input(MODE, "value")]


# --- labels and builders used by the layout and the callbacks ------------------------------
def _meta(indicator: str) -> dict:
    row = load_catalogue().loc[indicator]
    return {"label": row["label_fr"], "unit": row["unit_fr"], "reference": row["reference_period"]}


def _filename(state: MapState, what: str) -> str:
    group = "" if state.category == "ensemble" else f"_{state.category}"
    return f"vrs_{what}_{state.indicator}_{state.period}{group}_{state.mode}"


def _config(state: MapState, what: str, map_: bool = False) -> dict:
    options = controls.export_config(_filename(state, what))
    return graph_config(**options) if map_ else options


def _filename_patch(state: MapState, what: str) -> dash.Patch:
    """Only the PNG file name changes in a graph's config when the view changes."""
    patch = dash.Patch()
    patch["toImageButtonOptions"]["filename"] = _filename(state, what)
    return patch


def _legend_title(meta: dict, mode: str) -> str:
    return "Comparaison avec la France" if mode == "comparaison" else f"{meta['unit']}"


def _table_caption(title: str) -> str:
    return (f"{title}. Départements classés du plus élevé au plus faible ; valeur et intervalle de "
            "confiance à 95\u00a0%, nombre de répondants, qualité de l'estimation.")


def _state(indicator, period, breakdown, category, mode, dep=None) -> MapState:
    return MapState(indicator, period, breakdown, category, mode, dep)


# --- layout -----------------------------------------------------------------------------------
def _control(label: str, component, width: dict) -> dbc.Col:
    return dbc.Col(html.Div([html.Label(label, htmlFor=component.id, className="form-label"), component]),
                   **width, className="mb-2")


def _controls(state: MapState, choices) -> dbc.Row:
    catalogue = load_catalogue()
    return dbc.Row([
        _control("Indicateur", dcc.Dropdown(id=INDICATOR, options=controls.indicator_options(catalogue, choices.indicators),
                                            value=state.indicator, clearable=False, maxHeight=360,
                                            labels=controls.DROPDOWN_LABELS),
                 {"xs": 12, "lg": 4}),
        _control("Période", dcc.Dropdown(id=PERIOD, options=controls.period_options(choices.periods),
                                         value=state.period, clearable=False, searchable=False,
                                         labels=controls.DROPDOWN_LABELS), {"xs": 6, "lg": 2}),
        _control("Population", dcc.Dropdown(id=BREAKDOWN, options=controls.breakdown_options(list(choices.categories)),
                                            value=state.breakdown, clearable=False, searchable=False,
                                            labels=controls.DROPDOWN_LABELS),
                 {"xs": 6, "lg": 2}),
        _control("Catégorie", dcc.Dropdown(id=CATEGORY, options=controls.category_options(choices.categories[state.breakdown]),
                                           value=state.category, clearable=False, searchable=False,
                                           disabled=state.breakdown == "ensemble",
                                           labels=controls.DROPDOWN_LABELS), {"xs": 6, "lg": 2}),
        dbc.Col(html.Fieldset([html.Legend("Affichage", className="form-label"),
                               dbc.RadioItems(id=MODE, options=controls.mode_options(), value=state.mode,
                                              className="mode-radio")]),
                xs=6, lg=2, className="mb-2"),
    ], className="map-controls g-2")


def _messages(state: MapState) -> list:
    return [dbc.Alert(m, color="warning", className="py-2 mb-2") for m in state.messages]


def layout(**params):
    choices = q.choices()
    state = parse_query(params, choices)
    meta = _meta(state.indicator)
    title = view_title(meta["label"], state.period, state.category, meta["reference"])
    view = q.map_view(state.indicator, state.period, state.breakdown, state.category, state.mode)
    try:
        figure = make_map_figure(q.base_figure(), view, state.dep)
        map_block = dcc.Graph(id=MAP, figure=figure, config=_config(state, "carte", map_=True),
                              className="map-graph", clear_on_unhover=True)
    except GeometryError as error:
        map_block = dbc.Alert(f"La carte ne peut pas être dessinée : {error}", color="danger", id=MAP)
    ranked = prepare_ranked(view)
    return html.Div([
        dcc.Location(id=URL, refresh=False),
        html.H1("Carte des départements"),
        html.Div(_messages(state), id=MESSAGES, role="status"),
        _controls(state, choices),
        html.H2(title, id=TITLE, className="view-title"),
        dbc.Row([
            dbc.Col(map_block, xs=12, lg=8),
            dbc.Col([
                make_legend(view, _legend_title(meta, state.mode), element_id=LEGEND),
                html.Div(make_france_box(view.france, meta["unit"]), id=FRANCE),
                html.Label("Rechercher un département", htmlFor=DEP, className="form-label mt-3"),
                dcc.Dropdown(id=DEP, options=controls.departement_options(q.departement_names()), value=state.dep,
                             placeholder="Nom ou numéro (ex. 13, Réunion)", clearable=True,
                             labels=controls.DROPDOWN_LABELS),
                html.Div(make_selected_box(view, state.dep), id=SELECTED),
            ], xs=12, lg=4, className="map-side"),
        ], className="g-3"),
        html.H2("Classement des départements"),
        html.P("Chaque point est un département, avec son intervalle de confiance à 95\u00a0% ; la ligne "
               "pointillée et la bande bleue donnent la France et son intervalle. Les estimations peu "
               "fiables et les effectifs insuffisants ne sont pas représentés.", className="chart-note"),
        dcc.Graph(id=RANKED, figure=make_ranked_figure(ranked, view.france, state.dep, meta["unit"]),
                  config=_config(state, "classement"), className="ranked-graph"),
        html.Details([
            html.Summary("Tableau des départements (alternative accessible à la carte)"),
            html.Div(make_table(view, _table_caption(title)), id=TABLE, className="table-responsive"),
        ], className="map-table-details"),
    ], className="carte-page")


# --- callbacks: wiring only ------------------------------------------------------------------
@callback(Output(CATEGORY, "options"), Output(CATEGORY, "value"), Output(CATEGORY, "disabled"),
          Input(BREAKDOWN, "value"), State(CATEGORY, "value"), prevent_initial_call=True)
def update_categories(breakdown, category):
    categories = q.choices().categories.get(breakdown, ("ensemble",))
    return (controls.category_options(categories), category if category in categories else categories[0],
            breakdown == "ensemble")


@callback(Output(MAP, "figure"), Output(MAP, "config"), Output(LEGEND, "children"), Output(TITLE, "children"),
          Output(FRANCE, "children"), *CONTROLS, prevent_initial_call=True)
def update_map(indicator, period, breakdown, category, mode):
    view = q.map_view(indicator, period, breakdown, category, mode)
    meta = _meta(indicator)
    state = _state(indicator, period, breakdown, category, mode)
    legend = make_legend(view, _legend_title(meta, mode))
    return (make_map_patch(view), _filename_patch(state, "carte"), legend.children,
            view_title(meta["label"], period, category, meta["reference"]), make_france_box(view.france, meta["unit"]))


@callback(Output(RANKED, "figure"), Output(RANKED, "config"), *CONTROLS, Input(DEP, "value"),
          prevent_initial_call=True)
def update_ranked(indicator, period, breakdown, category, mode, dep):
    view = q.map_view(indicator, period, breakdown, category, mode)
    return make_ranked_patch(prepare_ranked(view), view.france, dep), _filename_patch(
        _state(indicator, period, breakdown, category, mode), "classement")


@callback(Output(TABLE, "children"), *CONTROLS, prevent_initial_call=True)
def update_table(indicator, period, breakdown, category, mode):
    view = q.map_view(indicator, period, breakdown, category, mode)
    meta = _meta(indicator)
    return make_table(view, _table_caption(view_title(meta["label"], period, category, meta["reference"])))


@callback(Output(SELECTED, "children"), *CONTROLS, Input(DEP, "value"), prevent_initial_call=True)
def update_selected(indicator, period, breakdown, category, mode, dep):
    return make_selected_box(q.map_view(indicator, period, breakdown, category, mode), dep)


@callback(Output(MAP, "figure", allow_duplicate=True), Input(DEP, "value"), prevent_initial_call=True)
def outline_selected(dep):
    return make_selection_patch(dep)


@callback(Output(DEP, "value"), Input(MAP, "clickData"), Input(RANKED, "clickData"), prevent_initial_call=True)
def select_clicked(map_click, ranked_click):
    click = map_click if dash.ctx.triggered_id == MAP else ranked_click
    point = (click or {}).get("points", [{}])[0]
    code = point.get("location") or point.get("x")
    return code if code in q.choices().departements else dash.no_update


@callback(Output(URL, "search"), Output(INDICATOR, "value"), Output(PERIOD, "value"),
          Output(BREAKDOWN, "value"), Output(CATEGORY, "value", allow_duplicate=True), Output(MODE, "value"),
          Output(DEP, "value", allow_duplicate=True),
          Input(URL, "search"), *CONTROLS, Input(DEP, "value"), prevent_initial_call=True)
def sync_url(search, indicator, period, breakdown, category, mode, dep):
    """Controls -> query string (a new history entry); query string -> controls (Back/Forward).

    One callback both ways, because the URL is an input and an output. Nothing is sent when
    the URL already says what the controls show (e.g. when the location first mounts).
    """
    current = _state(indicator, period, breakdown, category, mode, dep)
    in_url = parse_query(parse_search(search), q.choices())
    unchanged = (dash.no_update,) * 7
    if in_url == current:
        return unchanged
    if dash.ctx.triggered_id == URL:
        return (dash.no_update, in_url.indicator, in_url.period, in_url.breakdown, in_url.category, in_url.mode,
                in_url.dep)
    return (to_search(current),) + unchanged[1:]
