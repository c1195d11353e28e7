"""Territory reference: scope, codes, names, accent-insensitive search."""
import pytest

from geo import territories


def test_scope_is_96_metropolitan_plus_three_drom():
    codes = territories.departement_codes()
    assert len(codes) == 99
    assert {"2A", "2B", "971", "972", "974"} <= set(codes)
    assert not {"20", "973", "976"} & set(codes)
    assert len(territories.region_codes()) == 16
    assert territories.region_of("971") == "01" and territories.region_of("974") == "04"


@pytest.mark.parametrize("query, first", [
    ("reunion", "974"), ("Réunion", "974"), ("13", "13"), ("bouches du rhone", "13"),
    ("2a", "2A"), ("corse-du-sud", "2A"), ("seine-saint-denis", "93"), ("cotes d'armor", "22"),
])
def test_search_ignores_accents_case_and_hyphens(query, first):
    assert territories.search_departements(query)[0] == first


def test_out_of_scope_codes_are_found_only_on_request():
    assert territories.search_departements("guyane") == []
    assert territories.search_departements("guyane", include_out_of_scope=True) == ["973"]


@pytest.mark.parametrize("level, code, name", [
    ("france", "FE", "France"), ("metropole", "FM", "France métropolitaine"),
    ("region", "93", "Provence-Alpes-Côte d'Azur"), ("departement", "2B", "Haute-Corse"),
])
def test_names(level, code, name):
    assert territories.territory_name(level, code) == name
