"""The open API /api/v1 through Flask's test client on the app's server (built data, read once).

Good parameters: the catalogue, filters, both formats, pagination. Bad parameters: HTTP 400 with a
JSON body naming the parameter and the values it admits. Unknown paths and methods: JSON 404/405.
"""
import csv
import io

import pytest

from app import server
from data.catalogue import load_catalogue
from data.loader import store
from data.schema import COLUMNS, SECRET_COLUMNS
from geo.territories import departement_codes


@pytest.fixture(scope="module")
def client():
    return server.test_client()


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return response.get_json()


def test_catalogue_lists_every_indicator_with_labels_unit_definition(client):
    body = get_json(client, "/api/v1/indicateurs")
    ids = [item["id"] for item in body["indicateurs"]]
    assert ids == store().indicators()
    first = body["indicateurs"][0]
    catalogue = load_catalogue()
    assert first["label_fr"] == catalogue.loc[first["id"], "label_fr"]
    assert {"label_en", "theme", "theme_fr", "unit_fr", "definition_fr"} <= set(first)
    assert body["meta"]["simulees"] is True and body["meta"]["version_donnees"]


def test_donnees_filters_by_indicator_period_level_codes_breakdown(client):
    body = get_json(client, "/api/v1/donnees?indicateur=cambriolage&periode=2024&niveau=departement&code=13,2A"
                            "&ventilation=sexe")
    rows = body["donnees"]
    assert [(r["geo_code"], r["category"]) for r in rows] == [("13", "femme"), ("13", "homme"), ("2A", "femme"),
                                                              ("2A", "homme")]
    assert {r["indicator"] for r in rows} == {"cambriolage"} and {r["period"] for r in rows} == {"2024"}
    assert all(list(r) == list(COLUMNS) for r in rows)
    assert body["pagination"] == {"page": 1, "par_page": 1000, "total": 4, "pages": 1, "suivante": None,
                                  "precedente": None}


def test_defaults_all_periods_france_ensemble(client):
    body = get_json(client, "/api/v1/donnees?indicateur=cambriolage")
    rows = body["donnees"]
    assert [r["period"] for r in rows] == store().periods()
    assert {(r["geo_level"], r["geo_code"], r["category"]) for r in rows} == {("france", "FE", "ensemble")}


def test_values_are_the_store_values_and_status_is_always_there(client):
    rows = get_json(client, "/api/v1/donnees?indicateur=cambriolage,injures&niveau=departement&par_page=10000")["donnees"]
    assert len(rows) == 2 * len(store().periods()) * len(departement_codes())
    for row in rows[:50]:
        stored = store().row(row["indicator"], row["period"], "departement", row["geo_code"])
        assert row["status"] == stored["status"]
        if row["status"] != "suppressed":
            assert row["estimate"] == pytest.approx(stored["estimate"], rel=1e-12)
    assert all(r["status"] in ("ok", "caution", "unreliable", "suppressed") for r in rows)


def test_suppressed_rows_carry_no_value(client):
    rows = get_json(client, "/api/v1/donnees?indicateur=violences_sexuelles_physiques&niveau=departement"
                            "&ventilation=age&par_page=10000")["donnees"]
    hidden = [r for r in rows if r["status"] == "suppressed"]
    assert hidden, "the simulated data suppress many small cells"
    assert all(r[c] is None for r in hidden for c in SECRET_COLUMNS)
    assert all(r["n_unweighted"] is not None and r["status_reason"] for r in hidden)


def test_pagination_pages_add_up_to_the_whole_answer(client):
    base = "/api/v1/donnees?indicateur=cambriolage&niveau=region"
    whole = get_json(client, base)["donnees"]
    first = client.get(base + "&par_page=30")
    body = first.get_json()
    assert body["pagination"]["pages"] == -(-len(whole) // 30)
    assert first.headers["X-Total-Count"] == str(len(whole))
    assert 'rel="next"' in first.headers["Link"]
    collected, url = body["donnees"], body["pagination"]["suivante"]
    while url:
        page = get_json(client, url)
        collected += page["donnees"]
        url = page["pagination"]["suivante"]
    assert collected == whole


def test_csv_format_has_the_contract_columns_and_empty_secret_cells(client):
    response = client.get("/api/v1/donnees?indicateur=cambriolage&niveau=departement&code=2A,974&ventilation=sexe"
                          "&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 2 * 2 * len(store().periods())
    for row in rows:
        assert row["status"]
        if row["status"] == "suppressed":
            assert all(row[c] == "" for c in SECRET_COLUMNS)


def test_openapi_lists_the_paths_and_the_loaded_values(client):
    document = get_json(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/indicateurs", "/api/v1/donnees", "/api/v1/openapi.json"}
    params = {p["name"]: p for p in document["paths"]["/api/v1/donnees"]["get"]["parameters"]}
    assert params["indicateur"]["schema"]["items"]["enum"] == store().indicators()
    assert params["periode"]["schema"]["items"]["enum"] == store().periods()
    assert params["indicateur"]["required"] is True


def test_open_to_any_origin(client):
    assert client.get("/api/v1/indicateurs").headers["Access-Control-Allow-Origin"] == "*"


BAD = [
    # query, parameter named, a value the answer must admit (None: only check the name)
    ("", "indicateur", "cambriolage"),
    ("indicateur=", "indicateur", "cambriolage"),
    ("indicateur=cambriolagee", "indicateur", "cambriolage"),
    ("indicateur=cambriolage,zzz", "indicateur", "cambriolage"),
    ("indicateur=Cambriolage", "indicateur", "cambriolage"),
    ("indicateur=cambriolage&periode=2021", "periode", "2024"),
    ("indicateur=cambriolage&periode=2025-2022", "periode", "2022-2025"),
    ("indicateur=cambriolage&niveau=commune", "niveau", "departement"),
    ("indicateur=cambriolage&niveau=departement&code=20", "code", "2A"),
    ("indicateur=cambriolage&niveau=departement&code=973", "code", "974"),
    ("indicateur=cambriolage&niveau=departement&code=1", "code", "01"),
    ("indicateur=cambriolage&niveau=region&code=13", "code", "93"),
    ("indicateur=cambriolage&niveau=france&code=FM", "code", "FE"),
    ("indicateur=cambriolage&ventilation=genre", "ventilation", "sexe"),
    ("indicateur=cambriolage&niveau=departement&ventilation=sexe_age", "ventilation", "age"),
    ("indicateur=cambriolage&format=xml", "format", "csv"),
    ("indicateur=cambriolage&format=json&format=csv", "format", "json"),
    ("indicateur=cambriolage&niveau=france&niveau=region", "niveau", "region"),
    ("indicateur=cambriolage&page=0", "page", None),
    ("indicateur=cambriolage&page=-1", "page", None),
    ("indicateur=cambriolage&page=1.0", "page", None),
    ("indicateur=cambriolage&page=%201", "page", None),
    ("indicateur=cambriolage&page=%D9%A1", "page", None),  # Arabic-Indic digit one: not ASCII
    ("indicateur=cambriolage&page=99999999999999999999", "page", None),
    ("indicateur=cambriolage&page=2", "page", None),  # beyond the last page
    ("indicateur=cambriolage&par_page=10001", "par_page", None),
    ("indicateur=cambriolage&par_page=abc", "par_page", None),
    ("indicateur=cambriolage&pays=fr", "pays", "indicateur"),
]


@pytest.mark.parametrize("query, param, admitted", BAD)
def test_bad_parameters_get_400_naming_the_parameter_and_allowed_values(client, query, param, admitted):
    body = get_json(client, f"/api/v1/donnees?{query}", status=400)
    assert body["parametre"] == param
    assert param in body["message"]
    assert body["valeurs_admises"]
    if admitted:
        assert admitted in body["valeurs_admises"]


def test_unknown_parameter_on_the_catalogue_is_refused(client):
    assert get_json(client, "/api/v1/indicateurs?x=1", status=400)["parametre"] == "x"


def test_unknown_path_and_method_answer_json(client):
    body = get_json(client, "/api/v1/rien", status=404)
    assert "/api/v1/donnees" in body["valeurs_admises"]
    response = client.post("/api/v1/donnees")
    assert response.status_code == 405 and response.get_json()["valeurs_admises"] == ["GET"]
    assert "GET" in response.headers["Allow"]


def test_empty_format_is_refused_not_taken_as_json():
    # found by schemathesis: `format=` was silently answered as JSON
    from app import server

    response = server.test_client().get("/api/v1/donnees?indicateur=injures&format=")
    assert response.status_code == 400
    assert response.get_json()["parametre"] == "format"
