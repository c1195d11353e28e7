"""Diagnostic départemental: `/departement` (choose a département) and `/departement/<code>`
(the fiche: every indicator vs France and the région, change, rank range, summary, PDF).

URL is state: `/departement/13?periode=2022-2025`. Period choices are plain links (they work
without JavaScript and are permalinks); the search box navigates on Enter; the PDF is built
server-side (fpdf2) and sent with `dcc.send_bytes` — no extra server route.
"""
from __future__ import annotations

from functools import lru_cache

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from components.fiche import prepare_fiche, subject, summarise
from components.fiche_view import make_notes, make_summary, make_theme_table
from components.pdf_fiche import fiche_pdf
from components.recorded_table import make_recorded_table, prepare_recorded_rows
from components.similar_table import fiche_similar_inputs, has_unpublished, make_similar_table
from data.catalogue import THEMES, load_catalogue
from data.fiche_queries import available_periods, fiche_data, resolve_departement, resolve_period
from data.loader import store
from data.recorded import MATCHES, recorded_for, recorded_store
from geo.territories import all_departements, departements, search_departements

# --- component ids (declared once) -------------------------------------------------------------
URL = "dep-url"
SEARCH = "dep-recherche"
RESULTS = "dep-resultats"
STATE = "dep-etat"
PDF_BUTTON = "dep-pdf-bouton"
DOWNLOAD = "dep-pdf"
PRINT = "dep-imprimer"
MESSAGE = "dep-message"
PERIODS = "dep-periodes"
RECORDED = "dep-enregistre"
COMPARABLES = "dep-comparables"
MAX_RESULTS = 8
KNOWN_PARAMS = {"periode"}


def _title(code: str | None = None) -> str:
    kind, found = resolve_departement(code)
    if kind in ("fiche", "hors_champ"):
        return f"{all_departements().loc[found, 'nom']} ({found}) – Diagnostic départemental – VRS"
    return "Diagnostic départemental – VRS"


dash.register_page(__name__, path_template="/departement/<code>", title=_title,
                   description="Diagnostic d'un département : indicateurs comparés à la France et à la région.")


# --- pieces -------------------------------------------------------------------------------------
def page_state(code: str | None = None, period: str | None = None) -> list:
    """Keys the callbacks need (never data): the département and period shown; the page's Location."""
    return [dcc.Store(id=STATE, data={"code": code, "periode": period}), dcc.Location(id=URL, refresh="callback-nav")]


def search_box() -> html.Div:
    """Search by name or code (accents optional), results as links; Enter opens the first one."""
    return html.Div([
        html.Label("Rechercher un département (nom ou numéro)", htmlFor=SEARCH, className="form-label fw-bold"),
        dcc.Input(id=SEARCH, type="search", placeholder="ex. : reunion, 13, 2A", debounce=False,
                  autoComplete="off", className="form-control dep-search-input"),
        html.Ul(id=RESULTS, className="dep-results list-unstyled", **{"aria-live": "polite"}),
    ], className="dep-search no-print", role="search")


def _message(texts: list[str]) -> html.Div | None:
    texts = [t for t in texts if t]
    if not texts:
        return None
    return html.Div([html.P(t, className="mb-0") for t in texts], className="alert alert-warning", id=MESSAGE,
                    role="status")


def _unknown_params(params: dict) -> list[str]:
    return [f"Paramètre « {name} » inconnu, ignoré." for name in params if name not in KNOWN_PARAMS]


def directory() -> html.Div:
    """Every in-scope département, grouped by région, as links (a keyboard alternative to the map)."""
    deps = departements()
    groups = []
    for region, members in deps.groupby("region_nom", sort=True):
        groups.append(html.Div([html.H3(region, className="h6"), html.Ul([
            html.Li(dcc.Link(f"{row.nom} ({row.code})", href=f"/departement/{row.code}")) for row in members.itertuples()
        ], className="list-unstyled small")], className="dep-directory-region"))
    return html.Div([html.H2("Tous les départements", className="h4"), html.Div(groups, className="dep-directory")])


def search_layout(**params) -> html.Div:
    return html.Div([
        html.H1("Diagnostic départemental"),
        html.P("Tous les indicateurs d'un département comparés à la France et à sa région, leur évolution et le rang "
               "du département, avec une fiche imprimable."),
        _message(_unknown_params(params)),
        search_box(),
        directory(),
        *page_state(),
    ], className="dep-page")


dash.register_page("pages.departement_recherche", path="/departement", name="Département", order=3,
                   title="Diagnostic départemental – VRS", layout=search_layout)


def _problem_page(kind: str, code: str) -> html.Div:
    if kind == "hors_champ":
        info = all_departements().loc[code]
        name = info["nom"]
        heading, text = f"{name} ({code})", (
            f"{subject(name, info['tncc'])} est hors champ de l'enquête : l'enquête « Vécu et ressenti en matière de sécurité » couvre "
            "la France métropolitaine, la Guadeloupe, la Martinique et La Réunion. Il n'y a donc pas de résultats "
            "pour ce département.")
        links = []
    elif kind == "corse":
        heading, text = "Code 20 : la Corse compte deux départements", (
            "Depuis 1976, la Corse est divisée en deux départements, la Corse-du-Sud (2A) et la Haute-Corse (2B).")
        links = [html.Li(dcc.Link("Corse-du-Sud (2A)", href="/departement/2A")),
                 html.Li(dcc.Link("Haute-Corse (2B)", href="/departement/2B"))]
    else:
        heading, text = "Code de département inconnu", (
            f"« {code} » ne correspond à aucun département. Les codes vont de 01 à 95 (2A et 2B pour la Corse), "
            "plus 971, 972 et 974 pour la Guadeloupe, la Martinique et La Réunion.")
        links = []
    return html.Div([html.H1(heading), html.Div(text, className="alert alert-info", id="dep-probleme", role="status"),
                     html.Ul(links) if links else None, search_box(), *page_state()], className="dep-page")


@lru_cache(maxsize=256)
def cached_fiche(code: str, period: str, data_version: str):
    """Fiche data and its tidy frame and summary, memoised per process (read-only results)."""
    data = fiche_data(store(), code, period)
    tidy = prepare_fiche(data.rows)
    return data, tidy, summarise(tidy, data.name, data.tncc)


def _period_links(code: str, current: str, periods: list[str]) -> html.Nav:
    items = []
    for period in periods:
        label = f"{period} (cumul)" if "-" in period else period
        if period == current:
            items.append(html.Span(label, className="btn btn-sm btn-primary", **{"aria-current": "page"}))
        else:
            items.append(dcc.Link(label, href=f"/departement/{code}?periode={period}",
                                  className="btn btn-sm btn-outline-primary"))
    return html.Nav([html.Span("Période : ", className="me-2 fw-bold"), html.Div(items, className="btn-group flex-wrap")],
                    id=PERIODS, className="dep-periods no-print", **{"aria-label": "Choix de la période"})


def _fiche_view(data, tidy, summary, messages: list[str]) -> html.Div:
    names = {"departement": data.name, "region": data.region_name}
    tables = [make_theme_table(tidy, theme, names, data.sparks, data.reference, data.editions, data.tokens)
              for theme in THEMES if (tidy["theme"] == theme).any()]
    version = data.manifest.get("data_version", "inconnue")
    simulated = data.manifest.get("origin") == "simulation"
    return html.Div([
        html.H1(f"{data.name} ({data.code})", id="dep-titre"),
        html.P([f"Région {data.region_name} · ", html.Strong(data.period_label, id="dep-periode-label")],
               className="lead"),
        _message(messages),
        html.Div([
            _period_links(data.code, data.period, available_periods(store())),
            html.Div([
                html.Button("Télécharger la fiche (PDF)", id=PDF_BUTTON, className="btn btn-primary btn-sm"),
                html.Button("Imprimer", id=PRINT, className="btn btn-outline-primary btn-sm"),
            ], className="dep-actions"),
        ], className="dep-toolbar no-print"),
        html.Details([html.Summary("Choisir un autre département"), search_box()], className="no-print dep-other"),
        dcc.Download(id=DOWNLOAD),
        make_summary(summary, f"En bref ({data.period_label.lower()})"),
        *tables,
        comparables_section(data),
        recorded_section(data.code, data.period),
        make_notes(),
        html.P(f"Source : SSMSI, enquête « Vécu et ressenti en matière de sécurité » (VRS). Version des données : "
               f"{version}{' (simulation)' if simulated else ''}.", className="small text-muted dep-source"),
        *page_state(data.code, data.period),
    ], className="dep-page dep-fiche")


def comparables_section(data) -> html.Section:
    """The fiche's département beside the 5 départements most similar to it by structure."""
    found = fiche_similar_inputs(data, load_catalogue(), all_departements()["nom"].to_dict())
    pooled = [p for p in available_periods(store()) if "-" in p]
    hint = None
    if "-" not in data.period and pooled and has_unpublished(found["rows"]):
        hint = html.P(["Peu de répondants dans certains de ces départements : la période cumulée ",
                       dcc.Link(pooled[-1], href=f"/departement/{data.code}?periode={pooled[-1]}"),
                       " rend davantage de valeurs publiables."], className="small text-muted no-print")
    return html.Section([
        html.H2("Départements comparables", className="h4"),
        html.P(found["sentence"], className="small"),
        make_similar_table(found["rows"], found["labels"], found["focus_of"], f"{COMPARABLES}-table", found["unit"]),
        hint,
    ], id=COMPARABLES, className="dep-comparables")


def recorded_section(code: str, period: str) -> html.Section:
    """Survey rates beside recorded crime (SSMSI open data) for the same reference year."""
    heading = html.H2("Ce que déclarent les habitants, ce qui est enregistré", className="h4")
    if "-" in period:
        return html.Section([heading, html.P("Comparaison disponible pour une édition annuelle : choisir une "
                                             "édition ci-dessus.", className="small text-muted")], id=RECORDED)
    frame, problem = recorded_store()
    if frame is None:
        return html.Section([heading, html.P(f"Délinquance enregistrée non disponible : {problem}",
                                             className="small text-muted")], id=RECORDED)
    year = int(period) - 1  # edition N asks about offences of year N - 1
    catalogue = load_catalogue()
    pairs = [(catalogue.loc[ind, "label_fr"], store().row(ind, period, "departement", code),
              store().row(ind, period, "france", "FE"), recorded_for(code, ind, year)) for ind in MATCHES]
    table = make_recorded_table(prepare_recorded_rows(pairs), period, f"{RECORDED}-table")
    return html.Section([heading, table], id=RECORDED, className="dep-recorded")


def layout(code: str | None = None, periode=None, **params) -> html.Div:
    """Rebuild the view from the URL: the fiche, or a clear page for a code out of scope/unknown."""
    kind, found = resolve_departement(code)
    if kind != "fiche":
        return _problem_page(kind, found)
    data_store = store()
    periods = available_periods(data_store)
    editions = [p for p in periods if "-" not in p]
    period, message = resolve_period(periode, periods, editions[-1] if editions else None)
    if period is None:
        return html.Div([html.H1("Diagnostic départemental"), _message(["Aucune donnée chargée."])])
    data, tidy, summary = cached_fiche(found, period, data_store.manifest.get("data_version", ""))
    return _fiche_view(data, tidy, summary, [message, *_unknown_params(params)])


# --- callbacks (wiring only) ----------------------------------------------------------------------
@callback(Output(RESULTS, "children"), Input(SEARCH, "value"), State(STATE, "data"))
def show_results(query, state):
    codes = search_departements(query or "")[:MAX_RESULTS]
    if query and not codes:
        return [html.Li("Aucun département ne correspond.", className="text-muted")]
    suffix = f"?periode={state['periode']}" if state and state.get("periode") else ""
    names = all_departements()
    return [html.Li(dcc.Link(f"{names.loc[c, 'nom']} ({c})", href=f"/departement/{c}{suffix}")) for c in codes]


@callback(Output(URL, "href"), Input(SEARCH, "n_submit"), State(SEARCH, "value"), State(STATE, "data"),
          prevent_initial_call=True)
def open_first_result(_submitted, query, state):
    codes = search_departements(query or "")
    if not codes:
        return no_update
    suffix = f"?periode={state['periode']}" if state and state.get("periode") else ""
    return f"/departement/{codes[0]}{suffix}"


@callback(Output(DOWNLOAD, "data"), Input(PDF_BUTTON, "n_clicks"), State(STATE, "data"), prevent_initial_call=True)
def download_pdf(_clicks, state):
    kind, code = resolve_departement(state.get("code"))
    period, _ = resolve_period(state.get("periode"), available_periods(store()), None)
    if kind != "fiche" or period is None:
        return no_update
    data, tidy, summary = cached_fiche(code, period, store().manifest.get("data_version", ""))
    return dcc.send_bytes(fiche_pdf(data, tidy, summary), f"fiche-vrs-{data.code}-{data.period}.pdf")


clientside_callback("function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
                    Output(PRINT, "title"), Input(PRINT, "n_clicks"), prevent_initial_call=True)
