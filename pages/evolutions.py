"""Évolutions since 2022: one indicator over the editions for France, régions and up to five
départements, with CI bands, quality markers, and the significance of each change in words.

URL is state: `/evolutions?indicateur=cambriolage&territoires=FE,R93,13,2A&ventilation=sexe&categorie=femme`
(régions are written R + code, since région and département codes overlap: R84 is
Auvergne-Rhône-Alpes, 84 is Vaucluse). The layout builds the whole view from the URL; a change
of control redraws and rewrites the URL without reloading the page.
"""
from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, dcc, html

from components.timeseries import (change_table, graph_config, make_change_table, make_evolution_figure,
                                   make_values_table, missing_notes, prepare_evolution)
from data.catalogue import THEMES, load_catalogue
from data.fiche_queries import (DEFAULT_INDICATOR, evolution_rows, resolve_choice, resolve_territories,
                                territory, token_of)
from data.loader import store
from data.schema import BREAKDOWN_LABELS, BREAKDOWNS, SEXE_AGE_LEVELS, category_label
from geo.territories import FRANCE, METROPOLE, departements, fold, regions

dash.register_page(__name__, path="/evolutions", name="Évolutions", order=2, title="Évolutions depuis 2022 – VRS")

# --- component ids (declared once) -------------------------------------------------------------
INDICATOR = "evol-indicateur"
TERRITORIES = "evol-territoires"
BREAKDOWN = "evol-ventilation"
CATEGORY = "evol-categorie"
GRAPH = "evol-graphique"
CHANGES = "evol-changements"
VALUES = "evol-valeurs"
NOTES = "evol-notes"
MESSAGE = "evol-message"
URL = "evol-url"
KNOWN_PARAMS = {"indicateur", "territoires", "ventilation", "categorie"}
LABELS_FR = {"select_all": "Tout sélectionner", "deselect_all": "Tout désélectionner",
             "selected_count": "{num_selected} choisis", "search": "Rechercher", "clear_search": "Effacer",
             "clear_selection": "Tout retirer", "no_options_found": "Aucun résultat"}


def _indicator_options() -> list[dict]:
    catalogue = load_catalogue()
    return [{"label": catalogue.loc[i, "label_fr"], "value": i,
             "search": fold(f"{catalogue.loc[i, 'label_fr']} {THEMES[catalogue.loc[i, 'theme']]} {i}")}
            for i in store().indicators()]


def _territory_options() -> list[dict]:
    options = [{"label": "France", "value": FRANCE, "search": "france fe"},
               {"label": "France métropolitaine", "value": METROPOLE, "search": "france metropolitaine fm"}]
    options += [{"label": f"Région {row.nom}", "value": token_of("region", row.code),
                 "search": fold(f"region {row.nom} r{row.code}")} for row in regions().itertuples()]
    options += [{"label": f"{row.nom} ({row.code})", "value": row.code, "search": f"{row.code} {fold(row.nom)}"}
                for row in departements().itertuples()]
    return options


def _category_options(breakdown: str) -> list[dict]:
    return [{"label": category_label(c), "value": c} for c in BREAKDOWNS[breakdown]]


def resolve(params: dict) -> tuple[dict, list[str]]:
    """The view's state from the URL parameters, with defaults and messages for bad values."""
    indicators = store().indicators()
    default_indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in indicators else (indicators or [""])[0]
    indicator, m1 = resolve_choice("indicateur", params.get("indicateur"), indicators, default_indicator)
    tokens, m2 = resolve_territories(params.get("territoires"))
    breakdown, m3 = resolve_choice("ventilation", params.get("ventilation"), list(BREAKDOWNS), "ensemble")
    categories = list(BREAKDOWNS[breakdown])
    category, m4 = resolve_choice("categorie", params.get("categorie"), categories, categories[0])
    unknown = [f"Paramètre « {name} » inconnu, ignoré." for name in params if name not in KNOWN_PARAMS]
    state = {"indicateur": indicator, "territoires": tokens, "ventilation": breakdown, "categorie": category}
    return state, [m for m in [m1, *m2, m3, m4, *unknown] if m]


def search_of(state: dict) -> str:
    return "?" + urlencode({"indicateur": state["indicateur"], "territoires": ",".join(state["territoires"]),
                            "ventilation": state["ventilation"], "categorie": state["categorie"]})


def content(state: dict) -> tuple:
    """Figure, change table, values table and notes for a state (shared by layout and callback)."""
    data_store = store()
    info = load_catalogue().loc[state["indicateur"]]
    rows = evolution_rows(data_store, state["indicateur"], state["territoires"], state["ventilation"],
                          state["categorie"])
    tidy = prepare_evolution(rows)
    population = "" if state["ventilation"] == "ensemble" else f" – {category_label(state['categorie'])}"
    figure = make_evolution_figure(tidy, f"{info['label_fr']}{population}", info["reference_period"], info["unit_fr"])
    notes = missing_notes(tidy)
    if state["ventilation"] == "sexe_age" and any(territory(t).level not in SEXE_AGE_LEVELS for t in state["territoires"]):
        notes.insert(0, "Le croisement sexe × âge n'est estimé que pour la France et la France métropolitaine.")
    return (figure, make_change_table(change_table(tidy)), make_values_table(tidy, data_store.editions()),
            _notes(notes))


def _notes(notes: list[str]) -> html.Div:
    base = [html.Li("Bandes : intervalles de confiance à 95 %. Cercle vide : estimation à interpréter avec prudence "
                    "(E) ; croix : estimation peu fiable (F).")]
    return html.Ul(base + [html.Li(n) for n in notes], className="evol-notes")


def _message(messages: list[str]) -> list:
    return [html.P(m, className="mb-0") for m in messages]


def _control(label: str, component) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component.id), component])


def layout(**params) -> html.Div:
    state, messages = resolve(params)
    figure, changes, values, notes = content(state)
    filename = "vrs-evolution-" + state["indicateur"] + "-" + "-".join(state["territoires"])
    return html.Div([
        html.H1("Évolutions depuis 2022"),
        html.P("Un indicateur d'une édition à l'autre, pour la France, des régions et jusqu'à cinq départements. "
               "Chaque édition porte sur les atteintes subies l'année civile précédente et sur les opinions au "
               "moment de l'enquête.", className="lead"),
        html.Div(_message(messages), id=MESSAGE, className="alert alert-warning" if messages else "", role="status"),
        html.Div([
            _control("Indicateur", dcc.Dropdown(id=INDICATOR, options=_indicator_options(), value=state["indicateur"],
                                                clearable=False, maxHeight=320, labels=LABELS_FR)),
            _control("Territoires (jusqu'à 5 départements)",
                     dcc.Dropdown(id=TERRITORIES, options=_territory_options(), value=state["territoires"], multi=True,
                                  placeholder="France, une région, des départements…", maxHeight=320,
                                  labels=LABELS_FR)),
            _control("Population", dcc.Dropdown(id=BREAKDOWN, value=state["ventilation"], clearable=False, labels=LABELS_FR,
                                                options=[{"label": BREAKDOWN_LABELS[b], "value": b} for b in BREAKDOWNS])),
            _control("Catégorie", dcc.Dropdown(id=CATEGORY, value=state["categorie"], clearable=False, labels=LABELS_FR,
                                               options=_category_options(state["ventilation"]))),
        ], className="evol-controls no-print"),
        dcc.Graph(id=GRAPH, figure=figure, config=graph_config(filename), className="evol-graph"),
        html.H2("L'évolution est-elle significative ?", className="h4"),
        html.Div(changes, id=CHANGES),
        html.Div(notes, id=NOTES),
        html.Details([html.Summary("Voir les valeurs (intervalles de confiance, effectifs)"), html.Div(values, id=VALUES)]),
        dcc.Location(id=URL, refresh=False),
    ], className="evol-page")


# --- callbacks (wiring only) ----------------------------------------------------------------------
@callback(Output(CATEGORY, "options"), Output(CATEGORY, "value"), Input(BREAKDOWN, "value"), prevent_initial_call=True)
def update_categories(breakdown):
    options = _category_options(breakdown or "ensemble")
    return options, options[0]["value"]


@callback(Output(GRAPH, "figure"), Output(GRAPH, "config"), Output(CHANGES, "children"), Output(VALUES, "children"),
          Output(NOTES, "children"), Output(MESSAGE, "children"), Output(MESSAGE, "className"), Output(URL, "search"),
          Output(TERRITORIES, "value"),
          Input(INDICATOR, "value"), Input(TERRITORIES, "value"), Input(BREAKDOWN, "value"), Input(CATEGORY, "value"),
          prevent_initial_call=True)
def update_view(indicator, tokens, breakdown, category):
    # while the category list catches up with a new breakdown, its old value is not an error
    category = category if category in BREAKDOWNS.get(breakdown, ()) else None
    state, messages = resolve({"indicateur": indicator, "territoires": tokens or [], "ventilation": breakdown,
                               "categorie": category})
    figure, changes, values, notes = content(state)
    config = graph_config("vrs-evolution-" + state["indicateur"] + "-" + "-".join(state["territoires"]))
    return (figure, config, changes, values, notes, _message(messages),
            "alert alert-warning" if messages else "", search_of(state), state["territoires"])
