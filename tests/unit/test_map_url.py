"""The map's URL state: every permalink parses to a valid state; bad parameters are named."""
import pytest

from components.map_url import MapChoices, MapState, parse_query, to_search

CHOICES = MapChoices(
    indicators=("cambriolage", "insecurite_quartier"),
    periods=("2022", "2023", "2024", "2022-2024"),
    categories={"ensemble": ("ensemble",), "sexe": ("femme", "homme"), "age": ("18-24", "25-34")},
    departements=("13", "2A", "974"),
)
DEFAULT = MapState("insecurite_quartier", "2024")

PARSE = [
    # query, expected state, fragments of the messages (one per rejected parameter)
    ({}, DEFAULT, []),
    ({"indicateur": "cambriolage", "periode": "2022-2024", "ventilation": "sexe", "categorie": "homme",
      "mode": "comparaison", "dep": "2A"},
     MapState("cambriolage", "2022-2024", "sexe", "homme", "comparaison", "2A"), []),
    ({"indicateur": "inconnu"}, DEFAULT, ["« indicateur »"]),
    ({"periode": "1999"}, DEFAULT, ["« période »"]),
    ({"ventilation": "sexe"}, MapState("insecurite_quartier", "2024", "sexe", "femme"), []),
    ({"ventilation": "sexe", "categorie": "18-24"}, MapState("insecurite_quartier", "2024", "sexe", "femme"),
     ["« catégorie »"]),
    ({"categorie": "femme"}, DEFAULT, ["« catégorie »"]),           # femme is not a category of ensemble
    ({"mode": "carte"}, DEFAULT, ["« mode »"]),
    ({"dep": "20"}, DEFAULT, ["« département »"]),                 # Corsica is 2A/2B, there is no 20
    ({"dep": "973"}, DEFAULT, ["« département »"]),                # Guyane: out of the survey's scope
    ({"zoom": "3"}, DEFAULT, ["« zoom »"]),
    ({"indicateur": ["cambriolage", "inconnu"]}, DEFAULT, ["« indicateur »"]),  # repeated: the last counts
    ({"indicateur": "", "dep": ""}, DEFAULT, []),
]


@pytest.mark.parametrize("query, expected, fragments", PARSE)
def test_parse_query(query, expected, fragments):
    state = parse_query(query, CHOICES)
    assert state == expected
    assert len(state.messages) == len(fragments)
    for message, fragment in zip(state.messages, fragments):
        assert fragment in message


@pytest.mark.parametrize("state", [DEFAULT, MapState("cambriolage", "2022-2024", "age", "18-24", "comparaison", "974")])
def test_search_round_trip(state):
    search = to_search(state)
    params = dict(pair.split("=") for pair in search[1:].split("&"))
    assert parse_query(params, CHOICES) == state


def test_search_string_is_stable_and_readable():
    state = MapState("insecurite_quartier", "2024", "sexe", "femme", "valeur", "13")
    assert to_search(state) == ("?indicateur=insecurite_quartier&periode=2024&ventilation=sexe"
                                "&categorie=femme&mode=valeur&dep=13")


def test_default_period_is_the_latest_single_edition():
    assert CHOICES.defaults().period == "2024"


def test_parse_search_feeds_parse_query():
    from components.map_url import parse_search
    state = parse_query(parse_search("?indicateur=cambriolage&dep=13&dep=2A"), CHOICES)
    assert (state.indicator, state.dep) == ("cambriolage", "2A")
    assert parse_search(None) == {} and parse_search("?") == {}
