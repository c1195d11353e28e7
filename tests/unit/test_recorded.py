"""Recorded crime: both published layouts read alike; rates and totals recomputed from counts."""
import pandas as pd
import pytest

import config
from data.recorded import RecordedCrimeError, read_recorded, recorded_for, recorded_store, survey_scope_totals

ORIGINAL = ('\ufeff"Code_departement";"Code_region";"annee";"indicateur";"unite_de_compte";"nombre";'
            '"taux_pour_mille";"insee_pop";"insee_pop_millesime";"insee_log";"insee_log_millesime"\n'
            '"01";"84";"2023";"Cambriolages de logement";"Infraction";"1500";"4,8622";"650000";"2022";"308500";"2021"\n'
            '"13";"93";"2023";"Violences sexuelles";"Victime";"3000";"1,4634";"2050000";"2022";"1100000";"2021"\n')
RESAVED = ('\ufeffcode_departement;code_region;annee;indicateur;unite_de_compte;nombre;taux_pour_mille;'
           'insee_pop;insee_pop_millesime;insee_log;insee_log_millesime\n'
           '1;84;2023;Cambriolages de logement;Infraction;1500;4.8622;650000;2022;308500;2021\n'
           '13;93;2023;Violences sexuelles;Victime;3000;1.4634;2050000;2022;1100000;2021\n')


@pytest.mark.parametrize("text", [ORIGINAL, RESAVED], ids=["original", "resaved"])
def test_both_layouts_give_the_same_tidy_frame(tmp_path, text):
    path = tmp_path / "dep.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_recorded(path)
    assert frame["dep"].tolist() == ["01", "13"]
    # burglaries per 1,000 dwellings: 1500 / 308500 * 1000 = 4.862; others per 1,000 inhabitants
    assert frame.loc[0, "rate_per_1000"] == pytest.approx(4.8622, abs=1e-4)
    assert frame.loc[0, "denominator"] == "logements"
    assert frame.loc[1, "rate_per_1000"] == pytest.approx(3000 / 2050000 * 1000)


def test_national_rate_is_recomputed_from_summed_counts():
    frame = pd.DataFrame({"dep": ["01", "13", "973"], "year": 2023, "indicator": "Violences sexuelles",
                          "count": [100.0, 300.0, 50.0], "population": [1e5, 2e5, 1e5], "dwellings": 1.0})
    total = survey_scope_totals(frame).iloc[0]
    assert total["count"] == 400  # Guyane is outside the survey's scope
    assert total["rate_per_1000"] == pytest.approx(400 / 3e5 * 1000)


def test_missing_file_and_missing_column_are_named(tmp_path):
    with pytest.raises(RecordedCrimeError, match="introuvable"):
        read_recorded(tmp_path / "absent.csv")
    path = tmp_path / "bad.csv"
    path.write_text("code_departement;annee\n01;2023\n", encoding="utf-8")
    with pytest.raises(RecordedCrimeError, match="nombre"):
        read_recorded(path)


def test_wrong_encoding_is_named(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(RESAVED.replace("\ufeff", "").replace("Cambriolages", "Dégradations").encode("latin-1"))
    with pytest.raises(RecordedCrimeError, match="UTF-8"):
        read_recorded(path)


def test_real_file_matches_its_published_rates():
    # shared/data file 1: rates published by SSMSI in the file itself (taux_pour_mille)
    frame, problem = recorded_store()
    if frame is None:
        pytest.skip(problem)
    raw = pd.read_csv(config.get("recorded_crime_path"), sep=";", encoding="utf-8-sig", dtype=str)
    published = pd.to_numeric(raw["taux_pour_mille"])
    ours = read_recorded()["rate_per_1000"]
    assert (ours - published).abs().max() < 1e-4
    found = recorded_for("93", "cambriolage", 2023)
    assert found["denominator"] == "logements" and found["rate"] > 0 and found["france_rate"] > 0
