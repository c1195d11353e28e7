"""/carte in a real browser cut off from every non-local host: permalink, 99 départements and
legend, indicator change (patched values, URL), reload, click, comparison mode, suppressed cell."""
import time

import pytest
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from components import map_classes as mc
from data.loader import load_store
from tests.integration.conftest import console_errors

PERMALINK = "/carte?indicateur=insecurite_quartier&periode=2024&ventilation=sexe&categorie=femme&mode=valeur&dep=13"
GD = "var gd = document.querySelector('#carte-map .js-plotly-plot');"
# every département code drawn, across the five panels (75, 92, 93, 94 are drawn twice)
JS_LOCATIONS = GD + "var s = new Set(); gd._fullData.forEach(t => t.locations.forEach(l => s.add(l))); return Array.from(s);"
JS_Z = GD + "var out = {}; gd.data.forEach(t => t.locations.forEach((l, i) => { out[l] = t.z[i]; })); return out;"
# a screen point well inside the (metropolitan) path of a département: among sample points in
# its fill (isPointInFill), the one nearest their mean, away from the borders
JS_INSIDE = """
var code = arguments[0];
var paths = Array.from(document.querySelectorAll('#carte-map path.choroplethlocation'))
    .filter(p => p.__data__ && p.__data__.loc === code);
var p = paths[0], b = p.getBBox(), m = p.getScreenCTM(), pt = p.ownerSVGElement.createSVGPoint(), inside = [];
for (var i = 0; i < 25; i++) { for (var j = 0; j < 25; j++) {
  pt.x = b.x + b.width * (i + 0.5) / 25; pt.y = b.y + b.height * (j + 0.5) / 25;
  if (p.isPointInFill(pt)) { inside.push([pt.x, pt.y]); }
} }
if (!inside.length) { return null; }
var mx = inside.reduce((a, q) => a + q[0], 0) / inside.length, my = inside.reduce((a, q) => a + q[1], 0) / inside.length;
inside.sort((q, r) => Math.hypot(q[0] - mx, q[1] - my) - Math.hypot(r[0] - mx, r[1] - my));
pt.x = inside[0][0]; pt.y = inside[0][1];
var s = pt.matrixTransform(m);
return [s.x, s.y, getComputedStyle(p).fill];
"""


def rgb(hex_color: str) -> str:
    value = hex_color.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (0, 2, 4)))


def open_map(dash_br, url: str) -> None:
    dash_br.driver.get(url)
    dash_br.wait_for_element("#carte-legende .legend-entry", timeout=20)
    WebDriverWait(dash_br.driver, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('#carte-map path.choroplethlocation').length") >= 99)


def click_at(dash_br, x: float, y: float) -> None:
    actions = ActionBuilder(dash_br.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).click()
    actions.perform()


def hover_at(dash_br, x: float, y: float) -> None:
    actions = ActionBuilder(dash_br.driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.perform()


def choose(dash_br, selector: str, typed: str) -> None:
    """Open a dropdown, type in its search box and take the first match, as a keyboard user would."""
    dash_br.find_element(selector).click()
    search = dash_br.find_element(".dash-dropdown-search")
    search.send_keys(typed)
    time.sleep(0.3)
    search.send_keys(Keys.ENTER)


def wait_until(dash_br, predicate, timeout=15):
    return WebDriverWait(dash_br.driver, timeout).until(lambda _: predicate())


def test_permalink_draws_99_departements_and_the_legend(dash_br, live_server):
    open_map(dash_br, live_server + PERMALINK)
    assert len(dash_br.driver.execute_script(JS_LOCATIONS)) == 99
    assert dash_br.driver.execute_script("return document.querySelectorAll('#carte-map path.choroplethlocation').length") == 103
    assert dash_br.find_element("#carte-titre").text == \
        "Insécurité dans le quartier ou le village – édition 2024 – Femmes"
    legend = dash_br.find_element("#carte-legende").text
    assert "% des personnes de 18 ans ou plus" in legend and "départements" in legend and "moins de" in legend
    counts = [int(e.text.split()[0]) for e in dash_br.driver.find_elements(By.CSS_SELECTOR, "#carte-legende .legend-count")]
    assert sum(counts) == 99
    assert "Bouches-du-Rhône (13)" in dash_br.find_element("#carte-selection").text
    france = dash_br.find_element("#carte-france").text
    assert "%" in france and "[" in france and "répondants" in france
    assert console_errors(dash_br) == []


def test_indicator_change_patches_values_and_url_and_reload_restores(dash_br, live_server):
    open_map(dash_br, live_server + PERMALINK)
    before = dash_br.driver.execute_script(JS_Z)
    dash_br.driver.execute_script(GD + "window.__geometry = gd.data[0].geojson;")
    choose(dash_br, "#carte-indicateur", "Cambriolage ou tentative")
    dash_br.wait_for_contains_text("#carte-titre", "Cambriolage ou tentative")
    wait_until(dash_br, lambda: "indicateur=cambriolage" in dash_br.driver.current_url)
    wait_until(dash_br, lambda: dash_br.driver.execute_script(JS_Z) != before)
    # the geometry object is the one received at load: only values were patched
    assert dash_br.driver.execute_script(GD + "return gd.data[0].geojson === window.__geometry;")
    assert "categorie=femme" in dash_br.driver.current_url and "dep=13" in dash_br.driver.current_url
    after = dash_br.driver.execute_script(JS_Z)
    dash_br.driver.refresh()
    open_map(dash_br, dash_br.driver.current_url)
    dash_br.wait_for_contains_text("#carte-titre", "Cambriolage ou tentative – édition 2024 (faits de 2023) – Femmes")
    assert dash_br.driver.execute_script(JS_Z) == after
    assert dash_br.find_element("#carte-indicateur").text == "Cambriolage ou tentative"
    dash_br.driver.back()   # the previous view comes back, values included
    dash_br.wait_for_contains_text("#carte-titre", "Insécurité dans le quartier ou le village", timeout=20)
    wait_until(dash_br, lambda: dash_br.driver.execute_script(JS_Z) == before)
    assert console_errors(dash_br) == []


def test_back_and_forward_restore_views_without_reload(dash_br, live_server):
    open_map(dash_br, live_server + "/carte?indicateur=insecurite_quartier&periode=2024")
    dash_br.driver.execute_script("window.__same_document = true;")
    dash_br.select_dcc_dropdown("#carte-periode", value="Édition 2022")
    wait_until(dash_br, lambda: "periode=2022" in dash_br.driver.current_url)
    dash_br.driver.back()
    dash_br.wait_for_contains_text("#carte-titre", "édition 2024", timeout=20)
    dash_br.driver.forward()
    dash_br.wait_for_contains_text("#carte-titre", "édition 2022", timeout=20)
    assert dash_br.driver.execute_script("return window.__same_document === true;")
    assert console_errors(dash_br) == []


def test_click_on_bouches_du_rhone_selects_13(dash_br, live_server):
    open_map(dash_br, live_server + "/carte?indicateur=insecurite_quartier&periode=2024")
    assert "Cliquez sur la carte" in dash_br.find_element("#carte-selection").text
    x, y, _ = dash_br.driver.execute_script(JS_INSIDE, "13")
    click_at(dash_br, x, y)
    dash_br.wait_for_contains_text("#carte-selection", "Bouches-du-Rhône (13)")
    link = dash_br.find_element("#carte-selection a")
    assert link.get_attribute("href").endswith("/departement/13")
    wait_until(dash_br, lambda: "dep=13" in dash_br.driver.current_url)
    assert dash_br.find_element("#carte-dep").text == "Bouches-du-Rhône (13)"
    assert console_errors(dash_br) == []


def test_search_finds_la_reunion_without_accent(dash_br, live_server):
    open_map(dash_br, live_server + "/carte?indicateur=insecurite_quartier&periode=2024")
    choose(dash_br, "#carte-dep", "reunion")
    dash_br.wait_for_contains_text("#carte-selection", "La Réunion (974)")
    assert console_errors(dash_br) == []


def test_comparison_mode_shows_the_three_verdicts(dash_br, live_server):
    open_map(dash_br, live_server + "/carte?indicateur=insecurite_quartier&periode=2024")
    dash_br.driver.find_element(By.CSS_SELECTOR, "#carte-mode input[value='comparaison']").click()
    dash_br.wait_for_contains_text("#carte-legende", "Benjamini–Hochberg")
    legend = dash_br.find_element("#carte-legende").text
    for label in ("Significativement plus élevé", "Non significativement différent", "Significativement plus faible"):
        assert label in legend
    wait_until(dash_br, lambda: {0, 1, 2} <= set(dash_br.driver.execute_script(JS_Z).values()))
    wait_until(dash_br, lambda: "mode=comparaison" in dash_br.driver.current_url)
    fills = set(dash_br.driver.execute_script(
        "return Array.from(document.querySelectorAll('#carte-map path.choroplethlocation')).map(p => getComputedStyle(p).fill)"))
    assert {rgb(c) for c in mc.VERDICT_COLORS.values()} <= fills
    assert console_errors(dash_br) == []


@pytest.fixture(scope="module")
def suppressed_case():
    """An indicator × group of 2024 with suppressed départements, read from the built file."""
    data = load_store()
    values = data.values("vol_violent", "2024", "departement", "age", "18-24")
    codes = values.index[values["status"] == "suppressed"].tolist()
    assert codes, "the built data should have suppressed cells for vol_violent × 18-24 ans"
    return codes, values


def test_suppressed_cell_is_grey_and_its_hover_says_why(dash_br, live_server, suppressed_case):
    codes, values = suppressed_case
    open_map(dash_br, live_server + "/carte?indicateur=vol_violent&periode=2024&ventilation=age&categorie=18-24")
    assert "Effectif insuffisant" in dash_br.find_element("#carte-legende").text
    metro = [c for c in codes if c not in ("971", "972", "974", "75", "92", "93", "94")]
    # the largest suppressed département on screen is the easiest to hover
    areas = dash_br.driver.execute_script("""
        var out = {}; document.querySelectorAll('#carte-map path.choroplethlocation').forEach(p => {
          if (p.__data__) { var b = p.getBBox(); out[p.__data__.loc] = Math.max(out[p.__data__.loc] || 0, b.width * b.height); } });
        return out;""")
    code = max(metro, key=lambda c: areas.get(c, 0))
    x, y, fill = dash_br.driver.execute_script(JS_INSIDE, code)
    assert fill == rgb(mc.STATUS_COLORS["suppressed"])
    hover_at(dash_br, x, y)
    dash_br.wait_for_contains_text("#carte-map .hoverlayer", "Valeur non diffusée")
    text = dash_br.find_element("#carte-map .hoverlayer").text
    assert values.loc[code, "status_reason"] in text
    assert f"({code})" in text
    assert console_errors(dash_br) == []


def test_unknown_parameters_fall_back_with_a_message(dash_br, live_server):
    open_map(dash_br, live_server + "/carte?indicateur=nimporte&zoom=4&periode=2024")
    messages = dash_br.find_element("#carte-messages").text
    assert "« indicateur »" in messages and "« zoom »" in messages
    assert dash_br.find_element("#carte-indicateur").text == "Insécurité dans le quartier ou le village"
    assert console_errors(dash_br) == []
