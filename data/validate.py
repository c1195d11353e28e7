"""Check an indicator table against the data contract (`data/SCHEMA.md`, `data/schema.py`).

Used by the loader (every file is validated once when read) and by producers of indicator
files, from the command line:

    python -m data.validate FILE [--catalogue PATH]

prints one line per problem naming the row and column and exits 1, or prints
"OK: N lignes conformes" and exits 0. FILE is Parquet, or CSV in UTF-8 separated by `;` or
`,` (with `;`, a decimal comma is accepted in numeric columns).

Every check is vectorised (a 300,000-row file validates in a fraction of a second) and
reports at most `MAX_PER_CHECK` rows per check and column, then one line counting the rest,
so that a badly broken file still gives a readable report. Messages are in French: they are
read by the statisticians who produce the files.
"""
from __future__ import annotations

import argparse
import codecs
import io
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from data.schema import BREAKDOWNS, COLUMNS, KEY, NULLABLE, SECRET_COLUMNS, SEXE_AGE_LEVELS, STATUSES
from geo.territories import GEO_LEVELS, geo_codes

MAX_PER_CHECK = 20
TOLERANCE = 1e-12
# Columns required on every non-suppressed row (cv may be undefined when the estimate is 0).
REQUIRED_WHEN_PUBLISHED = ("estimate", "se", "ci_low", "ci_high")
NON_NEGATIVE = ("se", "cv", "df", "n_unweighted", "n_cases", "weighted_count")
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
GEO_HINTS = {"973": "Guyane : hors du champ de l'enquête", "976": "Mayotte : hors du champ de l'enquête",
             "20": "la Corse est codée 2A et 2B"}


@dataclass(frozen=True)
class Problem:
    """One breach of the contract. `row` is the line number in the source (1 = first data row
    of a frame or Parquet file; for a CSV, the line of the file, header = line 1), or None when
    the problem concerns a whole column or file. `message` is complete and in French."""

    source: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class IndicatorFileError(ValueError):
    """The file cannot be read as a table at all (missing, wrong encoding, not Parquet/CSV)."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


def _fmt(value: object) -> str:
    """A value as a French reader expects it: decimal comma, no float noise."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}".replace(".", ",")
    return str(value)


def _quoted(value: object) -> str:
    return f"« {value} »"


class _Report:
    """Collects problems, keeping the first `limit` rows of each (check, column), and a mask of
    every row found at fault (uncapped), so a caller can set aside exactly the bad rows."""

    def __init__(self, source: str, first_row: int, n_rows: int, limit: int | None):
        self.source, self.first_row, self.limit, self.problems = source, first_row, limit, []
        self.bad = np.zeros(n_rows, bool)

    def whole(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.source, None, column, message))

    def unusable(self, column: str, message: str) -> None:
        """A column missing or of the wrong type: no row can be trusted."""
        self.whole(column, message)
        self.bad[:] = True

    def rows(self, mask: np.ndarray, column: str | None, describe: Callable[[int], str]) -> None:
        """Report the rows where `mask` is true; `describe(position)` words one of them."""
        positions = np.flatnonzero(mask)
        self.bad[positions] = True
        for pos in positions[:self.limit]:
            row = int(pos) + self.first_row
            where = f"ligne {row}, colonne {column}" if column else f"ligne {row}"
            self.problems.append(Problem(self.source, row, column, f"{where} : {describe(int(pos))}"))
        rest = len(positions) - len(positions[:self.limit])
        if rest > 0:
            where = f" (colonne {column})" if column else ""
            self.whole(column, f"… et {rest} autres lignes avec le même problème{where}")


class _Text:
    """A text column factorised once: checks run on its few distinct values, then spread to the
    rows (this is what keeps a 300,000-row file fast). Null and non-text cells have code -1."""

    def __init__(self, codes: np.ndarray, uniques: np.ndarray):
        self.codes, self.uniques = codes, np.asarray(uniques, dtype=object)

    def __getitem__(self, pos: int) -> str | None:
        code = self.codes[pos]
        return None if code < 0 else self.uniques[code]

    def spread(self, unique_mask: np.ndarray) -> np.ndarray:
        """Row mask from a mask over the distinct values (null rows: False)."""
        return np.append(np.asarray(unique_mask, dtype=bool), False)[self.codes]

    def isin(self, allowed: Iterable[str]) -> np.ndarray:
        return self.spread(pd.Index(self.uniques, dtype=object).isin(list(allowed)))

    def eq(self, value: str) -> np.ndarray:
        return self.spread(self.uniques == value)

    def where(self, predicate: Callable[[str], bool]) -> np.ndarray:
        return self.spread(np.fromiter((predicate(u) for u in self.uniques), bool, len(self.uniques)))

    def notna(self) -> np.ndarray:
        return self.codes >= 0


def _typed_columns(frame: pd.DataFrame, report: _Report) -> tuple[dict, dict]:
    """Check presence and types; return (values, present): usable columns (numbers as float64
    arrays with NaN for null or invalid, text as `_Text`) and the non-null masks."""
    values, present = {}, {}
    for column, kind in COLUMNS.items():
        if column not in frame.columns:
            report.unusable(column, f"colonne manquante : {column}")
            continue
        series = frame[column]
        checker = _check_text if kind == "str" else _check_number
        typed = checker(series, column, kind, report)
        if typed is None:
            continue
        values[column] = typed
        present[column] = series.notna().to_numpy()
        if column not in NULLABLE:
            report.rows(~present[column], column, lambda pos: "valeur manquante")
    return values, present


def _check_text(series: pd.Series, column: str, kind: str, report: _Report) -> _Text | None:
    if not (pd.api.types.is_string_dtype(series.dtype) or series.dtype == object):
        report.unusable(column, f"colonne {column} : type {series.dtype}, texte attendu")
        return None
    codes, uniques = pd.factorize(series)
    text = _Text(codes, uniques)
    is_text = np.fromiter((isinstance(u, str) for u in text.uniques), bool, len(text.uniques))
    report.rows(text.spread(~is_text), column, lambda pos: f"valeur {_quoted(text[pos])} non textuelle")
    return _Text(np.where(text.spread(~is_text), -1, codes), np.where(is_text, text.uniques, ""))


def _check_number(series: pd.Series, column: str, kind: str, report: _Report) -> np.ndarray | None:
    if pd.api.types.is_bool_dtype(series.dtype):
        report.unusable(column, f"colonne {column} : type booléen, nombre attendu")
        return None
    if pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype="float64", na_value=np.nan)
    else:
        numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        bad = np.isnan(numbers) & series.notna().to_numpy()
        raw = series.to_numpy()
        report.rows(bad, column, lambda pos: f"valeur {_quoted(raw[pos])} non numérique")
    if kind == "int":
        finite = np.isfinite(numbers)
        fractional = finite & (numbers != np.round(numbers))
        report.rows(fractional | np.isinf(numbers), column,
                    lambda pos: f"valeur {_fmt(numbers[pos])} non entière")
        numbers = np.where(fractional, np.nan, numbers)
    return numbers


@lru_cache(maxsize=1)
def _valid_geo() -> dict[str, frozenset[str]]:
    return {level: frozenset(geo_codes(level)) for level in GEO_LEVELS}


def _check_values(values: dict, report: _Report, catalogue_ids: Iterable[str]) -> None:
    """Allowed values of the text columns: status, geography, breakdowns, catalogue ids."""
    def unknown(column, allowed, describe):
        if column in values:
            col = values[column]
            report.rows(col.notna() & ~col.isin(allowed), column, lambda pos: describe(col[pos]))

    unknown("status", STATUSES, lambda v: f"statut {_quoted(v)} inconnu (attendu : {', '.join(STATUSES)})")
    unknown("indicator", set(catalogue_ids), lambda v: f"indicateur {_quoted(v)} absent du catalogue")
    unknown("geo_level", GEO_LEVELS, lambda v: f"niveau {_quoted(v)} inconnu (attendu : {', '.join(GEO_LEVELS)})")
    unknown("breakdown", BREAKDOWNS,
            lambda v: f"ventilation {_quoted(v)} inconnue (attendu : {', '.join(BREAKDOWNS)})")
    if {"geo_level", "geo_code"} <= values.keys():
        _check_pairs(values, report, "geo_level", "geo_code", _valid_geo(), _describe_geo)
    if {"breakdown", "category"} <= values.keys():
        _check_pairs(values, report, "breakdown", "category", BREAKDOWNS,
                     lambda b, c: f"catégorie {_quoted(c)} inconnue pour la ventilation {b}")
        if "geo_level" in values:
            level = values["geo_level"]
            bad = values["breakdown"].eq("sexe_age") & level.isin(GEO_LEVELS) & ~level.isin(SEXE_AGE_LEVELS)
            report.rows(bad, "breakdown", lambda pos: f"ventilation sexe_age non prévue au niveau {level[pos]} "
                                                      f"(seulement {', '.join(SEXE_AGE_LEVELS)})")


def _check_pairs(values, report, parent, child, allowed: dict, describe) -> None:
    """`child` must be one of allowed[parent] (rows whose parent is itself unknown are skipped)."""
    parents, children = values[parent], values[child]
    bad = np.zeros(len(parents.codes), bool)
    for name, codes in allowed.items():
        bad |= parents.eq(name) & children.notna() & ~children.isin(codes)
    report.rows(bad, child, lambda pos: describe(parents[pos], children[pos]))


def _describe_geo(level: str, code: str) -> str:
    hint = GEO_HINTS.get(code)
    if hint is None and level == "departement" and code.zfill(2) in _valid_geo()[level]:
        hint = f"zéro initial manquant : {code.zfill(2)} ?"
    return f"code {_quoted(code)} inconnu pour le niveau {level}" + (f" ({hint})" if hint else "")


def _check_numbers(values: dict, present: dict, report: _Report) -> None:
    """Ranges, CI containment and the suppression rule."""
    for column in NON_NEGATIVE:
        if column in values:
            col = values[column]
            report.rows(col < 0, column, lambda pos, col=col: f"valeur {_fmt(col[pos])} négative")
    if "estimate" in values:
        est = values["estimate"]
        report.rows((est < -TOLERANCE) | (est > 1 + TOLERANCE) | np.isinf(est), "estimate",
                    lambda pos: f"valeur {_fmt(est[pos])} hors de [0, 1]")
        if {"ci_low", "ci_high"} <= values.keys():
            _check_ci(est, values["ci_low"], values["ci_high"], report)
    if "status" not in values:
        return
    status = values["status"]
    suppressed = status.eq("suppressed")
    for column in SECRET_COLUMNS:
        if column in present:
            report.rows(suppressed & present[column], column, lambda pos: (
                "valeur présente sur une ligne au statut suppressed (secret statistique : doit être vide)"))
    published = status.isin(STATUSES) & ~suppressed
    for column in REQUIRED_WHEN_PUBLISHED:
        if column in present:
            report.rows(published & ~present[column], column,
                        lambda pos: f"valeur manquante sur une ligne au statut {status[pos]}")
    if "status_reason" in values:
        empty = values["status_reason"].where(lambda reason: not reason.strip())
        report.rows(published & ~status.eq("ok") & empty,
                    "status_reason", lambda pos: f"motif vide pour une ligne au statut {status[pos]}")


def _check_ci(est: np.ndarray, low: np.ndarray, high: np.ndarray, report: _Report) -> None:
    def describe(pos):
        return (f"l'intervalle [{_fmt(low[pos])} ; {_fmt(high[pos])}] "
                f"ne contient pas l'estimation {_fmt(est[pos])}")
    with np.errstate(invalid="ignore"):
        report.rows(low > est + TOLERANCE, "ci_low", describe)
        report.rows(high < est - TOLERANCE, "ci_high", describe)


def _check_periods(values: dict, report: _Report) -> None:
    """"2024" <-> year_first = year_last = 2024; "2022-2025" <-> 2022 / 2025 (first < last)."""
    if "period" not in values:
        return
    period = values["period"]
    spans = [_parse_period(u) for u in period.uniques]
    first = np.append([f for f, _ in spans], np.nan)[period.codes]
    last = np.append([l for _, l in spans], np.nan)[period.codes]
    malformed = period.notna() & np.isnan(first)
    report.rows(malformed, "period",
                lambda pos: f"période {_quoted(period[pos])} mal formée (attendu « 2024 » ou « 2022-2025 »)")
    if {"year_first", "year_last"} <= values.keys():
        yf, yl = values["year_first"], values["year_last"]
        known = ~np.isnan(first) & ~np.isnan(yf) & ~np.isnan(yl)
        report.rows(known & ((yf != first) | (yl != last)), "period", lambda pos: (
            f"période {_quoted(period[pos])} incohérente avec year_first={int(yf[pos])}, year_last={int(yl[pos])}"))


def _parse_period(text: str) -> tuple[float, float]:
    match = PERIOD_RE.match(text)
    if not match:
        return np.nan, np.nan
    first, last = int(match[1]), int(match[2] or match[1])
    return (first, last) if match[2] is None or first < last else (np.nan, np.nan)


def _check_duplicates(frame: pd.DataFrame, report: _Report) -> None:
    """Every row of a duplicated key is reported, with the other lines holding the same key."""
    if not set(KEY) <= set(frame.columns):
        return
    keys = frame[KEY].reset_index(drop=True)
    mask = keys.duplicated(keep=False).to_numpy()
    if not mask.any():
        return
    group = np.full(len(keys), -1)
    group[mask] = keys[mask].groupby(KEY, dropna=False, sort=False).ngroup().to_numpy()

    def describe(pos):
        others = np.flatnonzero(group == group[pos])
        lines = [str(p + report.first_row) for p in others if p != pos][:5]
        key = ", ".join(str(v) for v in keys.iloc[pos])
        return f"clé en double ({key}), aussi en ligne {', '.join(lines)}"
    report.rows(mask, None, describe)


def validate_frame(frame: pd.DataFrame, catalogue_ids: Iterable[str] | None = None,
                   source: str = "<frame>", first_row: int = 1,
                   limit: int | None = MAX_PER_CHECK) -> list[Problem]:
    """Every breach of the contract in `frame` (empty list: the frame is valid).

    `catalogue_ids` defaults to the ids of `data/catalogue.csv`; `first_row` is the line
    number given to the frame's first row (2 for a CSV whose header is line 1); `limit` caps
    the rows listed per check and column (None: list them all)."""
    return validate_rows(frame, catalogue_ids, source, first_row, limit)[0]


def validate_rows(frame: pd.DataFrame, catalogue_ids: Iterable[str] | None = None,
                  source: str = "<frame>", first_row: int = 1,
                  limit: int | None = MAX_PER_CHECK) -> tuple[list[Problem], np.ndarray]:
    """As `validate_frame`, plus a boolean mask (by position) of every row at fault, beyond the
    cap too: what a loader sets aside. A missing or wrongly typed column marks every row."""
    if catalogue_ids is None:
        from data.catalogue import load_catalogue
        catalogue_ids = load_catalogue().index
    report = _Report(source, first_row, len(frame), limit)
    values, present = _typed_columns(frame, report)
    _check_values(values, report, catalogue_ids)
    _check_numbers(values, present, report)
    _check_periods(values, report)
    _check_duplicates(frame, report)
    return report.problems, report.bad


def read_indicator_file(path: Path | str) -> tuple[pd.DataFrame, int]:
    """Read a Parquet or CSV indicator file as is; return (frame, line number of its first row).

    Raises IndicatorFileError, naming the file, when it cannot be read as a table."""
    path = Path(path)
    if not path.is_file():
        raise IndicatorFileError(path, "fichier introuvable")
    data = path.read_bytes()
    if data[:4] == b"PAR1" or path.suffix.lower() in (".parquet", ".pq"):
        try:
            return pd.read_parquet(io.BytesIO(data)), 1
        except Exception as error:  # pyarrow raises several types for a corrupt file
            raise IndicatorFileError(path, f"fichier Parquet illisible ({error})") from error
    return _read_csv(path, data), 2


def _read_csv(path: Path, data: bytes) -> pd.DataFrame:
    """All cells read as text (so "01" stays "01"), then numeric columns converted where clean:
    a column with a bad cell stays text and the validator names that cell."""
    try:
        header = data[:4096].decode("utf-8-sig", errors="ignore").split("\n", 1)[0]
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise IndicatorFileError(
            path, f"encodage invalide, le fichier n'est pas en UTF-8 (ligne {line}, octet "
            f"0x{data[error.start]:02X}) ; réenregistrez-le en UTF-8") from error
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(io.BytesIO(data.removeprefix(codecs.BOM_UTF8)), sep=sep, dtype=str,
                            keep_default_na=False, na_values=[""], engine="pyarrow")
    except ValueError as error:  # pandas ParserError/EmptyDataError, pyarrow ArrowInvalid
        raise IndicatorFileError(path, f"CSV illisible ({error})") from error
    if "status_reason" in frame.columns:  # CSV cannot tell an empty reason from a missing one
        frame["status_reason"] = frame["status_reason"].fillna("")
    for column in frame.columns.intersection([c for c, k in COLUMNS.items() if k != "str"]):
        if sep == ";":  # French spreadsheets: decimal comma
            frame[column] = frame[column].str.replace(",", ".", regex=False)
        try:
            frame[column] = frame[column].astype("double[pyarrow]").astype("float64")
        except (ValueError, TypeError):
            pass
    return frame


def validate_file(path: Path | str, catalogue_ids: Iterable[str] | None = None) -> list[Problem]:
    """Read `path` (Parquet or CSV) and validate it; an unreadable file is one Problem, not a traceback."""
    try:
        frame, first_row = read_indicator_file(path)
    except IndicatorFileError as error:
        return [Problem(error.path, None, None, error.reason)]
    return validate_frame(frame, catalogue_ids, source=str(path), first_row=first_row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.validate",
                                     description="Vérifie un fichier d'indicateurs contre le contrat (data/SCHEMA.md).")
    parser.add_argument("file", help="fichier Parquet ou CSV (UTF-8, séparateur ; ou ,)")
    parser.add_argument("--catalogue", help="catalogue des indicateurs (défaut : data/catalogue.csv)")
    args = parser.parse_args(argv)
    try:
        frame, first_row = read_indicator_file(args.file)
    except IndicatorFileError as error:
        print(error)
        return 1
    from data.catalogue import load_catalogue
    try:
        ids = load_catalogue(args.catalogue).index
    except (OSError, ValueError) as error:
        print(f"catalogue illisible : {error}")
        return 1
    problems = validate_frame(frame, ids, source=args.file, first_row=first_row)
    for problem in problems:
        print(problem)
    if problems:
        print(f"ÉCHEC : {len(problems)} problème(s) signalé(s)")
        return 1
    print(f"OK: {len(frame)} lignes conformes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
