"""The département diagnostic in a real browser: the fiche loads, the period changes by URL, the
search finds La Réunion without accents, problem codes get a clear page, the PDF downloads,
and the console stays clean."""
import base64
import json
import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from data.recorded import recorded_store
from tests.integration.conftest import console_errors


def test_fiche_period_and_search(dash_br, live_server):
    dash_br.driver.get(live_server + "/departement/13")
    dash_br.wait_for_text_to_equal("#dep-titre", "Bouches-du-Rhône (13)", timeout=30)
    assert "Les Bouches-du-Rhône se distinguent" in dash_br.find_element("#dep-synthese").text \
        or "Les Bouches-du-Rhône ne se distinguent" in dash_br.find_element("#dep-synthese").text
    assert "sur" in dash_br.find_element("#dep-ligne-insecurite_quartier .dep-rank").text
    assert "[" in dash_br.find_element("#dep-ligne-insecurite_quartier .dep-value").text
    comparables = dash_br.driver.find_elements(By.CSS_SELECTOR, "#dep-comparables tbody tr")
    assert len(comparables) == 6 and comparables[0].text.startswith("Bouches-du-Rhône (13)")
    recorded = dash_br.find_element("#dep-enregistre").text
    if recorded_store()[0] is None:  # ../shared/data absent: the section says so, naming the file
        assert "Délinquance enregistrée non disponible" in recorded and ".csv" in recorded
    else:
        assert "Cambriolages de logement" in recorded
        assert re.search(r"\d+,\d\d pour 1 000 logements", recorded)  # selenium turns U+00A0 into a space

    dash_br.driver.find_element(By.LINK_TEXT, "2022-2025 (cumul)").click()
    dash_br.wait_for_contains_text("#dep-periode-label", "Période cumulée 2022-2025", timeout=30)
    assert dash_br.driver.current_url.endswith("/departement/13?periode=2022-2025")

    dash_br.driver.find_element(By.CSS_SELECTOR, ".dep-other summary").click()
    search = dash_br.find_element("#dep-recherche")
    search.send_keys("reunion")
    dash_br.wait_for_contains_text("#dep-resultats", "La Réunion (974)")
    search.send_keys(Keys.ENTER)
    dash_br.wait_for_text_to_equal("#dep-titre", "La Réunion (974)", timeout=30)
    assert dash_br.driver.current_url.endswith("/departement/974?periode=2022-2025")
    assert console_errors(dash_br) == []


def test_search_page_lists_and_finds(dash_br, live_server):
    dash_br.driver.get(live_server + "/departement")
    dash_br.wait_for_text_to_equal("h1", "Diagnostic départemental", timeout=30)
    dash_br.find_element("#dep-recherche").send_keys("reunion")
    dash_br.wait_for_contains_text("#dep-resultats", "La Réunion (974)")
    dash_br.driver.find_element(By.LINK_TEXT, "La Réunion (974)").click()
    dash_br.wait_for_text_to_equal("#dep-titre", "La Réunion (974)", timeout=30)
    assert console_errors(dash_br) == []


def test_problem_codes_get_a_clear_page(dash_br, live_server):
    dash_br.driver.get(live_server + "/departement/973")
    dash_br.wait_for_contains_text("#dep-probleme", "hors champ de l'enquête", timeout=30)
    dash_br.driver.get(live_server + "/departement/20")
    dash_br.wait_for_contains_text("#dep-probleme", "2A", timeout=30)
    assert dash_br.driver.find_element(By.LINK_TEXT, "Haute-Corse (2B)")
    dash_br.driver.get(live_server + "/departement/xyz")
    dash_br.wait_for_text_to_equal("h1", "Code de département inconnu", timeout=30)
    assert dash_br.find_element("#dep-recherche")
    dash_br.driver.get(live_server + "/departement/13?periode=2031")
    dash_br.wait_for_contains_text("#dep-message", "« periode »", timeout=30)
    assert console_errors(dash_br) == []


def test_pdf_download_callback_returns_the_fiche(live_server):
    """The download callback as the browser calls it (dcc.Download needs no server route)."""
    payload = {"output": "dep-pdf.data", "outputs": {"id": "dep-pdf", "property": "data"},
               "inputs": [{"id": "dep-pdf-bouton", "property": "n_clicks", "value": 1}],
               "changedPropIds": ["dep-pdf-bouton.n_clicks"],
               "state": [{"id": "dep-etat", "property": "data", "value": {"code": "2A", "periode": "2022-2025"}}]}
    request = urllib.request.Request(live_server + "/_dash-update-component", data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        data = json.loads(answer.read())["response"]["dep-pdf"]["data"]
    assert data["filename"] == "fiche-vrs-2A-2022-2025.pdf"
    assert base64.b64decode(data["content"]).startswith(b"%PDF")
