"""/ in a real browser: key national figures with CI and change, data version, link to the map."""
from selenium.webdriver.common.by import By

from tests.integration.conftest import console_errors


def test_key_figures_with_ci_change_and_map_links(dash_br, live_server):
    dash_br.driver.get(live_server + "/")
    dash_br.wait_for_element("#home-chiffres-cles .key-figure")
    cards = dash_br.driver.find_elements(By.CSS_SELECTOR, "#home-chiffres-cles .key-figure")
    assert len(cards) >= 6
    for card in cards:
        text = card.text
        assert "% [" in text.replace("\u00a0", " ") and "répondants" in text   # value with its CI and n
        assert "depuis l'édition" in text                                      # change, significant or not
        assert "significative" in text
    assert "Données simulées" in dash_br.find_element("#home-version").text
    assert "sim-" in dash_br.find_element("#home-version").text
    link = dash_br.driver.find_element(By.CSS_SELECTOR, "#home-chiffre-cambriolage a.map-link")
    assert "indicateur=cambriolage" in link.get_attribute("href")
    link.click()
    dash_br.wait_for_contains_text("#carte-titre", "Cambriolage ou tentative", timeout=20)
    assert console_errors(dash_br) == []
