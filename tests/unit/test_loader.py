"""The loader: read once, validated, read-only query helpers; bad files keep the app serving."""
import pandas as pd

from data.loader import load_store
from tests.factories import make_indicator_frame, write_indicator_files


def test_queries_on_a_valid_file(tmp_path):
    frame = make_indicator_frame()
    path = write_indicator_files(tmp_path, frame)
    store = load_store(path)
    assert store.problems == []
    assert store.periods() == ["2024", "2025", "2022-2025"]
    assert store.editions() == ["2024", "2025"]
    assert store.latest_edition() == "2025"
    values = store.values("cambriolage", "2024", "departement")
    expected = frame[(frame["indicator"] == "cambriolage") & (frame["period"] == "2024")
                     & (frame["geo_level"] == "departement") & (frame["breakdown"] == "ensemble")]
    assert sorted(values.index) == sorted(expected["geo_code"])
    row = store.row("cambriolage", "2024", "departement", "13")
    source = expected.set_index("geo_code").loc["13"]
    assert row["n_unweighted"] == source["n_unweighted"]
    assert store.row("cambriolage", "2024", "departement", "973") is None
    series = store.series("cambriolage", "departement", "13")
    assert series["period"].tolist() == ["2024", "2025"]


def test_queries_return_copies(tmp_path):
    store = load_store(write_indicator_files(tmp_path, make_indicator_frame()))
    values = store.values("cambriolage", "2024", "departement")
    values["estimate"] = 0.99
    assert (store.values("cambriolage", "2024", "departement")["estimate"] != 0.99).any()


def test_missing_file_is_a_visible_problem(tmp_path):
    store = load_store(tmp_path / "absent.parquet")
    assert store.frame.empty
    assert any("introuvable" in p and "absent.parquet" in p for p in store.problems)


def test_bad_rows_are_named_and_set_aside_not_silently(tmp_path):
    frame = make_indicator_frame()
    ok = frame.index[frame["status"] == "ok"]
    frame.loc[ok[0], "estimate"] = 1.7
    path = write_indicator_files(tmp_path, frame)
    store = load_store(path)
    assert len(store.frame) == len(frame) - 1
    assert any("estimate" in p for p in store.problems)
    assert any("1 ligne(s) non conformes écartées" in p for p in store.problems)


def test_missing_column_keeps_serving_with_a_message(tmp_path):
    frame = make_indicator_frame().drop(columns="status")
    path = tmp_path / "indicators.parquet"
    frame.to_parquet(path)
    store = load_store(path)
    assert store.frame.empty
    assert any("status" in p for p in store.problems)


def test_unreadable_file_is_named(tmp_path):
    path = tmp_path / "indicators.parquet"
    path.write_bytes(b"not parquet at all")
    store = load_store(path)
    assert any("indicators.parquet" in p for p in store.problems)


def test_every_bad_row_is_set_aside_beyond_the_message_cap(tmp_path):
    frame = make_indicator_frame()
    ok = frame.index[frame["status"] == "ok"][:30]
    frame.loc[ok, "estimate"] = 1.5
    store = load_store(write_indicator_files(tmp_path, frame))
    assert len(store.frame) == len(frame) - 30
    assert any("30 ligne(s) non conformes écartées" in p for p in store.problems)
