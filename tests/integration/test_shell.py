"""The shell in a real browser: navigation, simulated-data banner, footer, clean console."""
from selenium.webdriver.common.by import By

from tests.integration.conftest import console_errors

NAV_LABELS = ["Accueil", "Carte", "Évolutions", "Département", "Tableaux", "Méthodologie"]


def test_shell_navigation_banner_and_clean_console(dash_br, live_server):
    dash_br.driver.get(live_server + "/")
    dash_br.wait_for_text_to_equal(".service-title", "Vécu et ressenti en matière de sécurité")
    labels = [link.text for link in dash_br.driver.find_elements(By.CSS_SELECTOR, ".nav-list a")]
    assert labels == NAV_LABELS
    assert "Données simulées" in dash_br.find_element("#shell-simulated-banner").text
    assert "Licence Ouverte 2.0" in dash_br.find_element(".site-footer").text
    dash_br.driver.find_element(By.LINK_TEXT, "Méthodologie").click()
    dash_br.wait_for_contains_text("h1", "Méthodologie")
    assert console_errors(dash_br) == []


def test_unknown_path_shows_the_404_page(dash_br, live_server):
    dash_br.driver.get(live_server + "/nimportequoi")
    dash_br.wait_for_text_to_equal("h1", "Page introuvable")
    assert console_errors(dash_br) == []
