"""The data contract's validator (`data/validate.py`), one case per check, and the manifest.

Each case mutates a copy of a valid factory frame (tests/factories.py) and expects a problem
naming the mutated row (1-based) and column, with a French fragment of the message.
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import config
from data.manifest import (ManifestError, is_simulated, read_manifest, read_manifest_or_default,
                           write_manifest)
from data.schema import COLUMNS, SECRET_COLUMNS
from data.validate import MAX_PER_CHECK, Problem, validate_file, validate_frame, validate_rows
from tests.factories import make_indicator_frame, write_indicator_files

CATALOGUE = ["cambriolage", "insecurite_quartier"]


@pytest.fixture(scope="module")
def valid() -> pd.DataFrame:
    return make_indicator_frame()


def _row(frame: pd.DataFrame, **where) -> int:
    """Index label (= 0-based position) of the first row matching all `where` conditions."""
    mask = np.logical_and.reduce([frame[c] == v for c, v in where.items()])
    return int(frame.index[mask][0])


def _set(frame, label, column, value, dtype=None):
    if dtype is not None:
        frame[column] = frame[column].astype(dtype)
    frame.loc[label, column] = value
    return label


def _ok(f):
    return _row(f, status="ok", geo_level="departement")


def _suppressed(f):
    return _row(f, status="suppressed")


def _dep_row(f, code):
    label = _row(f, status="ok", geo_level="departement", breakdown="ensemble")
    return _set(f, label, "geo_code", code)


def _duplicate(f):
    f.loc[len(f)] = f.loc[_ok(f)]
    return len(f) - 1


def _sexe_age_departement(f):
    label = _row(f, status="ok", geo_level="departement", breakdown="sexe")
    _set(f, label, "breakdown", "sexe_age")
    return _set(f, label, "category", "femme_18-24")


# (id, mutation returning the 0-based row label or None, expected column, message fragment)
CASES = [
    ("missing-column", lambda f: f.drop(columns="cv", inplace=True), "cv", "colonne manquante"),
    ("non-numeric", lambda f: _set(f, _ok(f), "estimate", "abc", object), "estimate", "« abc » non numérique"),
    ("non-integer", lambda f: _set(f, _ok(f), "df", 3.5, "float64"), "df", "3,5 non entière"),
    ("null-int", lambda f: _set(f, _ok(f), "n_unweighted", pd.NA, "Int64"), "n_unweighted", "valeur manquante"),
    ("null-text", lambda f: _set(f, _ok(f), "geo_level", None), "geo_level", "valeur manquante"),
    ("number-in-text", lambda f: _set(f, _ok(f), "geo_code", 13, object), "geo_code", "« 13 » non textuelle"),
    ("number-in-period", lambda f: _set(f, _ok(f), "period", 2024, object), "period", "« 2024 » non textuelle"),
    ("number-in-reason", lambda f: _set(f, _ok(f), "status_reason", 0, object), "status_reason", "non textuelle"),
    ("int-text-column", lambda f: f.__setitem__("period", 2024), "period", "texte attendu"),
    ("unknown-status", lambda f: _set(f, _ok(f), "status", "bon"), "status", "statut « bon » inconnu"),
    ("unknown-level", lambda f: _set(f, _ok(f), "geo_level", "commune"), "geo_level", "niveau « commune » inconnu"),
    ("guyane", lambda f: _dep_row(f, "973"), "geo_code", "« 973 » inconnu pour le niveau departement (Guyane"),
    ("mayotte", lambda f: _dep_row(f, "976"), "geo_code", "« 976 » inconnu pour le niveau departement (Mayotte"),
    ("corse-20", lambda f: _dep_row(f, "20"), "geo_code", "« 20 » inconnu pour le niveau departement (la Corse"),
    ("unpadded", lambda f: _dep_row(f, "1"), "geo_code", "zéro initial manquant : 01"),
    ("dep-code-as-region", lambda f: _set(f, _row(f, geo_level="region"), "geo_code", "13"),
     "geo_code", "« 13 » inconnu pour le niveau region"),
    ("france-code", lambda f: _set(f, _row(f, geo_level="france"), "geo_code", "FM"),
     "geo_code", "« FM » inconnu pour le niveau france"),
    ("unknown-breakdown", lambda f: _set(f, _ok(f), "breakdown", "csp"), "breakdown", "ventilation « csp » inconnue"),
    ("category-of-other-breakdown", lambda f: _set(f, _row(f, breakdown="sexe"), "category", "18-24"),
     "category", "catégorie « 18-24 » inconnue pour la ventilation sexe"),
    ("sexe-age-departement", _sexe_age_departement, "breakdown", "sexe_age non prévue au niveau departement"),
    ("estimate-above-1", lambda f: _set(f, _ok(f), "estimate", 1.3), "estimate", "valeur 1,3 hors de [0, 1]"),
    ("estimate-below-0", lambda f: _set(f, _ok(f), "estimate", -0.01), "estimate", "hors de [0, 1]"),
    ("ci-low-above", lambda f: _set(f, _ok(f), "ci_low", 0.99), "ci_low", "ne contient pas l'estimation"),
    ("ci-high-below", lambda f: _set(f, _ok(f), "ci_high", 0.0), "ci_high", "ne contient pas l'estimation"),
    ("negative-se", lambda f: _set(f, _ok(f), "se", -0.01), "se", "négative"),
    ("duplicate-key", _duplicate, None, "clé en double (cambriolage, 2024, departement"),
    ("not-in-catalogue", lambda f: _set(f, _ok(f), "indicator", "vol_de_lune"), "indicator",
     "indicateur « vol_de_lune » absent du catalogue"),
    ("period-vs-years", lambda f: _set(f, _row(f, period="2024"), "year_first", 2023), "period",
     "période « 2024 » incohérente avec year_first=2023, year_last=2024"),
    ("pooled-vs-years", lambda f: _set(f, _row(f, period="2022-2025"), "year_last", 2024), "period",
     "incohérente avec year_first=2022, year_last=2024"),
    ("period-reversed", lambda f: _set(f, _ok(f), "period", "2025-2022"), "period", "« 2025-2022 » mal formée"),
    ("period-short", lambda f: _set(f, _ok(f), "period", "24"), "period", "« 24 » mal formée"),
    ("empty-reason", lambda f: _set(f, _ok(f), "status", "caution"), "status_reason",
     "motif vide pour une ligne au statut caution"),
]
CASES += [(f"suppressed-carries-{c}", lambda f, c=c: _set(f, _suppressed(f), c, 1), c,
           "valeur présente sur une ligne au statut suppressed") for c in SECRET_COLUMNS]
CASES += [(f"published-missing-{c}", lambda f, c=c: _set(f, _ok(f), c, np.nan), c,
           "valeur manquante sur une ligne au statut ok") for c in ("estimate", "se", "ci_low", "ci_high")]


@pytest.mark.parametrize("mutate, column, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_breach_is_named_by_row_and_column(valid, mutate, column, fragment):
    frame = valid.copy()
    label = mutate(frame)
    problems = validate_frame(frame, CATALOGUE, source="t.parquet")
    matching = [p for p in problems if p.column == column and fragment in p.message]
    assert matching, problems
    expected_row = None if label is None else label + 1
    [problem] = [p for p in matching if p.row == expected_row]
    if expected_row is not None:
        assert problem.message.startswith(f"ligne {expected_row}")


def test_duplicate_key_reports_every_copy(valid):
    frame = valid.copy()
    copy = _duplicate(frame)
    duplicates = [p for p in validate_frame(frame, CATALOGUE) if "clé en double" in p.message]
    assert sorted(p.row for p in duplicates) == sorted([_ok(valid) + 1, copy + 1])
    assert f"aussi en ligne {copy + 1}" in duplicates[0].message


@pytest.mark.parametrize("kwargs", [
    {},
    {"breakdowns": ("ensemble", "sexe", "age", "tuu", "sexe_age")},
    {"include": ("departement",), "breakdowns": ("ensemble",)},
    {"include": ("france",), "periods": ("2022", "2023")},
    {"departements": ("01", "2B", "971", "972", "93"), "seed": 7},
])
def test_factory_frames_are_valid(kwargs):
    frame = make_indicator_frame(**kwargs)
    assert validate_frame(frame, CATALOGUE) == []
    assert (frame["status"] == "suppressed").any()
    assert list(frame.columns) == list(COLUMNS)


def test_factory_documented_statuses():
    frame = make_indicator_frame()
    first = frame[(frame["indicator"] == "cambriolage") & (frame["period"] == "2024")
                  & (frame["geo_level"] == "departement") & (frame["breakdown"] == "ensemble")].set_index("geo_code")
    assert first["status"].to_dict() == {"13": "ok", "75": "caution", "2A": "unreliable", "974": "suppressed"}
    assert first.loc["974", "status_reason"] == "Effectif insuffisant (24 répondants)"
    assert first.loc["974", SECRET_COLUMNS].isna().all()


def test_ci_tolerance_accepts_rounding_noise(valid):
    frame = valid.copy()
    label = _ok(frame)
    frame.loc[label, "ci_low"] = frame.loc[label, "estimate"] + 5e-13
    assert validate_frame(frame, CATALOGUE) == []


def test_messages_are_capped_per_check(valid):
    frame = valid.copy()
    published = frame.index[frame["status"] != "suppressed"][:MAX_PER_CHECK + 15]
    frame.loc[published, "estimate"] = 2.0
    out_of_range = [p for p in validate_frame(frame, CATALOGUE) if p.column == "estimate"]
    assert len(out_of_range) == MAX_PER_CHECK + 1
    assert out_of_range[-1].row is None and "15 autres lignes" in out_of_range[-1].message


def test_row_mask_is_not_capped(valid):
    frame = valid.copy()
    published = frame.index[frame["status"] != "suppressed"][:MAX_PER_CHECK + 15]
    frame.loc[published, "estimate"] = 2.0
    problems, bad = validate_rows(frame, CATALOGUE)
    assert np.flatnonzero(bad).tolist() == published.tolist()
    assert len(validate_frame(frame, CATALOGUE, limit=None)) == 2 * (MAX_PER_CHECK + 15)  # estimate + ci_high


def test_missing_column_marks_every_row(valid):
    problems, bad = validate_rows(valid.drop(columns="status"), CATALOGUE)
    assert bad.all() and [p.message for p in problems] == ["colonne manquante : status"]


def test_problem_prints_source_first():
    problem = Problem("x.csv", 12, "estimate", "ligne 12, colonne estimate : valeur 1,3 hors de [0, 1]")
    assert str(problem) == "x.csv: ligne 12, colonne estimate : valeur 1,3 hors de [0, 1]"


def test_csv_rows_are_file_lines_and_french_decimals_read(valid, tmp_path):
    path = tmp_path / "indicateurs.csv"
    valid.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8")
    assert validate_file(path, CATALOGUE) == []
    frame = valid.copy()
    _set(frame, 3, "status", "bon")
    frame.to_csv(path, sep=",", index=False)
    [problem] = validate_file(path, CATALOGUE)
    assert (problem.row, problem.column, problem.source) == (5, "status", str(path))  # header is line 1


def test_latin1_csv_gives_a_clear_message(valid, tmp_path):
    path = tmp_path / "latin1.csv"
    valid.to_csv(path, sep=";", index=False, encoding="latin-1")
    [problem] = validate_file(path, CATALOGUE)
    assert problem.source == str(path)
    assert "n'est pas en UTF-8" in problem.message and "ligne" in problem.message


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    [problem] = validate_file(tmp_path / "absent.parquet", CATALOGUE)
    assert "fichier introuvable" in problem.message


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "data.validate", *map(str, args)], cwd=config.ROOT,
                          capture_output=True, text=True, timeout=60)


def test_cli_accepts_a_valid_file(valid, tmp_path):
    path = write_indicator_files(tmp_path, valid)
    result = _cli(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"OK: {len(valid)} lignes conformes"


def test_cli_rejects_a_bad_file_naming_row_and_column(valid, tmp_path):
    frame = valid.copy()
    _set(frame, 2, "estimate", 1.3)
    path = write_indicator_files(tmp_path, frame)
    result = _cli(path)
    assert result.returncode == 1
    assert f"{path}: ligne 3, colonne estimate : valeur 1,3 hors de [0, 1]" in result.stdout


def test_cli_latin1_exits_1_without_traceback(valid, tmp_path):
    path = tmp_path / "latin1.csv"
    valid.to_csv(path, sep=";", index=False, encoding="latin-1")
    result = _cli(path)
    assert result.returncode == 1
    assert str(path) in result.stdout and "UTF-8" in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_uses_the_given_catalogue(valid, tmp_path):
    path = write_indicator_files(tmp_path, valid)
    catalogue = pd.read_csv(config.ROOT / "data/catalogue.csv", dtype=str, keep_default_na=False)
    catalogue[catalogue["id"] != "insecurite_quartier"].to_csv(tmp_path / "cat.csv", index=False)
    result = _cli(path, "--catalogue", tmp_path / "cat.csv")
    assert result.returncode == 1
    assert "indicateur « insecurite_quartier » absent du catalogue" in result.stdout


# --- manifest (data/manifest.py) ---------------------------------------------------------

def test_manifest_round_trip(tmp_path):
    path = tmp_path / "manifest.json"
    written = write_manifest(path, origin="simulation", data_version="2025.1", row_count=12,
                             thresholds={"min_respondents": 30}, seed=4, extra={"editions": [2024]})
    read = read_manifest(path)
    assert read == written
    assert path.stat().st_mode & 0o044 == 0o044  # readable by the app's workers
    assert read["built_at"].endswith("Z") and read["schema_version"] == 1 and read["editions"] == [2024]
    assert is_simulated(read)
    assert not is_simulated({**read, "origin": "SSMSI, enquête VRS"})


@pytest.mark.parametrize("content, fragment", [
    (None, "manifeste introuvable"),
    ("{not json", "JSON invalide (ligne 1"),
    ("[]", "doit être un objet JSON"),
    ('{"origin": "simulation"}', "champ(s) manquant(s)"),
])
def test_manifest_errors_name_the_file(tmp_path, content, fragment):
    path = tmp_path / "manifest.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match="manifest.json") as error:
        read_manifest(path)
    assert fragment in str(error.value)
    fallback = read_manifest_or_default(path)
    assert fallback["origin"] == "inconnue" and fragment in fallback["problem"]
    assert not is_simulated(fallback)


def test_manifest_extra_cannot_override_core_fields(tmp_path):
    with pytest.raises(ValueError, match="origin"):
        write_manifest(tmp_path / "m.json", origin="simulation", data_version="1", row_count=0,
                       thresholds={}, extra={"origin": "SSMSI"})


def test_write_indicator_files_writes_both(valid, tmp_path):
    path = write_indicator_files(tmp_path, valid, origin="simulation")
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["row_count"] == len(valid) and manifest["origin"] == "simulation"
    pd.testing.assert_frame_equal(pd.read_parquet(path), valid)
