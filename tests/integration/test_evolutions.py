"""The évolutions page in a real browser: it loads from the URL, adding a département (searched
without accents) redraws the chart and rewrites the URL, bad parameters are named, console clean."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.integration.conftest import console_errors


def legend(dash_br) -> list[str]:
    return [item.text for item in dash_br.driver.find_elements(By.CSS_SELECTOR, "#evol-graphique .legendtext")]


def test_add_a_departement_updates_chart_and_url(dash_br, live_server):
    dash_br.driver.get(live_server + "/evolutions?indicateur=insecurite_quartier&territoires=FE,13")
    dash_br.wait_for_element("#evol-graphique .legendtext", timeout=30)
    assert legend(dash_br)[:2] == ["France", "Bouches-du-Rhône"]
    assert "France" in dash_br.find_element("#evol-changements").text

    dash_br.find_element("#evol-territoires").click()
    search = dash_br.wait_for_element(".dash-dropdown-search")
    search.send_keys("reunion")
    dash_br.wait_for_contains_text(".dash-dropdown-content", "La Réunion (974)")
    search.send_keys(Keys.ENTER)
    search.send_keys(Keys.ESCAPE)

    dash_br.wait_for_contains_text("#evol-changements", "La Réunion", timeout=30)
    assert "La Réunion" in legend(dash_br)
    assert "territoires=FE%2C13%2C974" in dash_br.driver.current_url
    assert "indicateur=insecurite_quartier" in dash_br.driver.current_url
    assert console_errors(dash_br) == []


def test_bad_parameters_fall_back_with_a_message(dash_br, live_server):
    dash_br.driver.get(live_server + "/evolutions?indicateur=zzz&territoires=FE,973&ventilation=sexe&categorie=x&foo=1")
    dash_br.wait_for_element("#evol-graphique .legendtext", timeout=30)
    message = dash_br.find_element("#evol-message").text
    for name in ("« indicateur »", "« territoires »", "« categorie »", "« foo »"):
        assert name in message
    assert "hors champ" in message
    assert legend(dash_br)[0] == "France"
    assert console_errors(dash_br) == []
