"""Comparable départements by structure: urban core with urban core, rural with rural, DROM
with DROM first; never itself; k respected; ties broken by code (synthetic features)."""
import pandas as pd
import pytest

from data.similar import FEATURES, similar_departements, structure_features
from geo.territories import DROM_IN_SCOPE, departement_codes

BIG_CITIES = {"75", "92", "93", "94", "13", "69", "59"}


def test_features_are_standardised_for_the_99_departements():
    features = structure_features()
    assert len(features) == 99 and list(features.columns) == list(FEATURES)
    assert features.mean().abs().max() == pytest.approx(0, abs=1e-9)
    assert features.std(ddof=0).to_numpy() == pytest.approx([1, 1, 1])


def test_seine_saint_denis_is_compared_with_the_paris_urban_area():
    found = similar_departements("93")
    assert len(set(found) & {"75", "92", "94", "95"}) >= 3


def test_lozere_is_compared_with_rural_low_density_departements():
    found = similar_departements("48")
    assert not set(found) & BIG_CITIES
    assert len(set(found) & {"23", "15", "05", "04", "09", "52", "55"}) >= 3


@pytest.mark.parametrize("code", ["971", "972", "974"])
def test_drom_come_first_for_a_drom(code):
    found = similar_departements(code)
    assert set(found[:2]) == set(DROM_IN_SCOPE) - {code}
    assert not set(found[2:]) & set(DROM_IN_SCOPE)


def test_reunion_starts_with_guadeloupe_and_martinique():
    assert set(similar_departements("974")[:2]) == {"971", "972"}


@pytest.mark.parametrize("code", departement_codes())
def test_never_its_own_neighbour_and_metropolitan_stays_metropolitan(code):
    found = similar_departements(code)
    assert code not in found and len(found) == len(set(found)) == 5
    if code not in DROM_IN_SCOPE:
        assert not set(found) & set(DROM_IN_SCOPE)


@pytest.mark.parametrize("k", [0, 1, 3, 8])
def test_k_is_respected(k):
    assert len(similar_departements("13", k=k)) == k
    assert len(similar_departements("974", k=k)) == k
    assert similar_departements("13", k=k) == similar_departements("13", k=8)[:k]


def test_ties_are_broken_by_code():
    features = pd.DataFrame({"urban_share": [0.0, 1.0, 1.0, -1.0, 3.0], "log_density": 0.0, "log_population": 0.0},
                            index=["10", "03", "02", "01", "971"])
    assert similar_departements("10", k=3, features=features) == ["01", "02", "03"]
    assert similar_departements("971", k=2, features=features) == ["02", "03"]  # no other DROM here: metropolitan only


def test_out_of_scope_code_is_refused():
    with pytest.raises(KeyError):
        similar_departements("973")
