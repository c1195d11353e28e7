"""The cross-tab of `/tableaux`: contract rows -> the displayed table, the grid and both downloads.

Two steps, both pure:
- `prepare_rows(rows, order)`: contract rows -> tidy display rows (labels, values rounded as
  shown, quality flag, reason), in a stable order; suppressed rows lose every secret value here
  again, whatever the input holds.
- `make_table(tidy, layout, expert)`: tidy rows -> a `GridTable`, the frame and its columns in
  display order. `croise` puts territories × categories in rows and indicator × period groups
  in columns; `long` gives one row per estimate.

The grid (`grid_props`) and the CSV/XLSX exports (`components.exports`) all render the same
`GridTable`, so a download cannot differ from the screen: same rows (`GridTable.in_order`
follows the grid's sort and filter), same columns, same rounded numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from components.formatting import NBSP
from data.schema import BREAKDOWN_LABELS, SECRET_COLUMNS, STATUS_FLAGS, STATUS_LABELS, category_label
from geo.territories import territory_name

LAYOUTS = {"croise": "Tableau croisé", "long": "Une ligne par estimation"}
ROW_ID = "row_id"
ABSENT_FLAG = "nd"
ABSENT_REASON = "Non estimé : absent des données pour cette sélection"
FLAG_LABELS = {**{STATUS_FLAGS[s]: STATUS_LABELS[s].removesuffix(f" ({STATUS_FLAGS[s]})")
                  for s in ("caution", "unreliable", "suppressed")},
               ABSENT_FLAG: "Non disponible"}
# shown value columns: tidy column -> (header, kind); kinds fix decimals in grid and files
VALUE = ("value", "Estimation (%)", "pct")
EXPERT = [("ci_low_pct", "IC 95 % bas (%)", "pct"), ("ci_high_pct", "IC 95 % haut (%)", "pct"),
          ("n", "n (répondants)", "int"), ("se_pt", "Erreur type (pt)", "pt"), ("cv_pct", "CV (%)", "pct"),
          ("df", "ddl", "int")]
DECIMALS = {"pct": 1, "pt": 2, "int": 0}
COLUMN_NOTES = {
    "Estimation (%)": "Proportion estimée, en % de la population de l'indicateur (pondérée).",
    "Statut": "Qualité de l'estimation : vide = fiable, E, F, s, nd (voir la légende).",
    "Motif": "Raison du statut (coefficient de variation, effectif).",
    "IC 95 % bas (%)": "Borne basse de l'intervalle de confiance à 95 % (échelle logit, loi de Student).",
    "IC 95 % haut (%)": "Borne haute de l'intervalle de confiance à 95 %.",
    "n (répondants)": "Nombre de répondants dans le domaine (non pondéré).",
    "Erreur type (pt)": "Erreur type de l'estimation, en points de pourcentage (linéarisation de Taylor).",
    "CV (%)": "Coefficient de variation : erreur type / estimation.",
    "ddl": "Degrés de liberté de l'intervalle de confiance (répondants − strates).",
}


@dataclass(frozen=True)
class Order:
    """Display order of each key (from the selection): anything not listed goes last."""

    indicators: list[str]
    periods: list[str]
    codes: list[str]
    categories: list[str]


@dataclass(frozen=True)
class GridColumn:
    """One displayed column: its field in the frame, header, column group, kind (text/flag/pct/pt/int)."""

    field: str
    header: str
    kind: str = "text"
    group: str = ""
    flag_field: str | None = None    # the quality flag that styles this cell
    reason_field: str | None = None  # the reason shown in its tooltip

    @property
    def title(self) -> str:
        """The header of downloads: group and header in one line."""
        return f"{self.group} – {self.header}" if self.group else self.header


@dataclass(frozen=True)
class GridTable:
    """What the grid shows: `frame` (row id, shown fields, helper fields) and `columns` in order."""

    frame: pd.DataFrame
    columns: tuple[GridColumn, ...]
    layout: str = "croise"
    expert: bool = False
    groups: tuple[str, ...] = field(default=())

    def shown(self) -> pd.DataFrame:
        """Exactly the displayed cells: one column per `GridColumn`, headers as titles (a new frame)."""
        out = self.frame[[c.field for c in self.columns]].copy()
        out.columns = [c.title for c in self.columns]
        return out

    def in_order(self, row_ids: list[str] | None) -> "GridTable":
        """The rows the grid displays after its sort and filter, in its order (None: all rows).
        Ids unknown to this table are ignored: only server-side values are ever exported."""
        if row_ids is None:
            return self
        frame = self.frame.set_index(ROW_ID, drop=False)
        known = [r for r in row_ids if r in frame.index]
        return replace(self, frame=frame.loc[known].reset_index(drop=True))


# --- step 1: contract rows -> tidy display rows --------------------------------------------------
def period_label(period: str, reference_period: str = "annee_precedente") -> str:
    """'Édition 2025 (faits de 2024)', 'Édition 2025' (opinions), 'Éditions 2022-2025 cumulées'."""
    if "-" in period:
        return f"Éditions {period} cumulées"
    if reference_period == "annee_precedente":
        return f"Édition {period} (faits de {int(period) - 1})"
    return f"Édition {period}"


def _rank(values: pd.Series, order: list[str]) -> np.ndarray:
    position = {v: i for i, v in enumerate(order)}
    return values.map(position).fillna(len(order)).to_numpy()


def prepare_rows(rows: pd.DataFrame, catalogue: pd.DataFrame, order: Order) -> pd.DataFrame:
    """Tidy display rows (a new frame): labels, rounded shown values, flag and reason, sorted by `order`."""
    out = rows.reset_index(drop=True).copy()
    secret = out["status"] == "suppressed"
    for column in SECRET_COLUMNS:  # never trust the input with a secret value
        out[column] = out[column].astype("float64").where(~secret)
    labels = catalogue["label_fr"].to_dict()
    reference = catalogue["reference_period"].to_dict()
    out["indicator_label"] = out["indicator"].map(labels).fillna(out["indicator"])
    pairs = out[["indicator", "period"]].drop_duplicates()
    period_labels = {(i, p): period_label(p, reference.get(i, "annee_precedente")) for i, p in pairs.itertuples(index=False)}
    out["period_label"] = [period_labels[key] for key in zip(out["indicator"], out["period"])]
    places = out[["geo_level", "geo_code"]].drop_duplicates()
    names = {(level, code): territory_name(level, code) for level, code in places.itertuples(index=False)}
    out["territory"] = [names[key] for key in zip(out["geo_level"], out["geo_code"])]
    out["category_label"] = out["category"].map({c: category_label(c) for c in out["category"].unique()})
    out["value"] = (out["estimate"] * 100).round(1)
    out["ci_low_pct"] = (out["ci_low"] * 100).round(1)
    out["ci_high_pct"] = (out["ci_high"] * 100).round(1)
    out["se_pt"] = (out["se"] * 100).round(2)
    out["cv_pct"] = (out["cv"] * 100).round(1)
    out["n"] = out["n_unweighted"].astype("Int64")
    out["df"] = out["df"].astype("Int64")
    out["flag"] = out["status"].map(STATUS_FLAGS).fillna("")
    out["reason"] = out["status_reason"].fillna("")
    keys = [_rank(out["indicator"], order.indicators), _rank(out["period"], order.periods),
            _rank(out["geo_code"], order.codes), _rank(out["category"], order.categories)]
    return out.iloc[np.lexsort(keys[::-1])].reset_index(drop=True)


# --- step 2: tidy rows -> the displayed table ----------------------------------------------------
def make_table(tidy: pd.DataFrame, layout: str = "croise", expert: bool = False,
               breakdown: str = "ensemble", key: str = "") -> GridTable:
    """The displayed table; `breakdown` 'ensemble' drops the (constant) category column. Row ids
    are `{key}r{position}`: a key per selection keeps ids of another table from ever matching."""
    table = _make_long(tidy, expert, breakdown) if layout == "long" else _make_cross(tidy, expert, breakdown)
    ids = pd.DataFrame({ROW_ID: [f"{key}r{i}" for i in range(len(table.frame))]})
    return replace(table, frame=pd.concat([ids, table.frame.reset_index(drop=True)], axis=1))


def _row_keys(breakdown: str) -> list[GridColumn]:
    keys = [GridColumn("territory", "Territoire"), GridColumn("geo_code", "Code")]
    if breakdown != "ensemble":
        keys.append(GridColumn("category_label", BREAKDOWN_LABELS.get(breakdown, "Catégorie")))
    return keys


def _value_columns(prefix: str, group: str, expert: bool) -> list[GridColumn]:
    flag, reason = f"{prefix}flag", f"{prefix}reason"
    columns = [GridColumn(prefix + VALUE[0], VALUE[1], VALUE[2], group, flag, reason),
               GridColumn(flag, "Statut", "flag", group, flag, reason)]
    if expert:
        columns += [GridColumn(prefix + name, header, kind, group, flag, reason) for name, header, kind in EXPERT]
    return columns


def _make_long(tidy: pd.DataFrame, expert: bool, breakdown: str) -> GridTable:
    columns = [GridColumn("indicator_label", "Indicateur"), GridColumn("period_label", "Période"),
               *_row_keys(breakdown), *_value_columns("", "", expert), GridColumn("reason", "Motif")]
    fields = list(dict.fromkeys([c.field for c in columns] + ["flag", "reason"]))
    return GridTable(tidy[fields].reset_index(drop=True), tuple(columns), "long", expert)


def _make_cross(tidy: pd.DataFrame, expert: bool, breakdown: str) -> GridTable:
    """Rows: territory × category; column groups: indicator × period, in tidy order."""
    row_keys = _row_keys(breakdown)
    key_fields = ["geo_code", "category"]
    rows = tidy.drop_duplicates(key_fields)[["territory", "geo_code", "category", "category_label"]]
    frame = rows.reset_index(drop=True)
    groups = tidy.drop_duplicates(["indicator", "period"])[["indicator", "period", "indicator_label", "period_label"]]
    columns = list(row_keys)
    shown = [VALUE[0], "flag", "reason"] + ([name for name, _, _ in EXPERT] if expert else [])
    parts = [frame]
    titles = []
    for number, group in enumerate(groups.itertuples(index=False)):
        prefix, title = f"g{number}_", f"{group.indicator_label} · {group.period_label}"
        titles.append(title)
        cells = tidy[(tidy["indicator"] == group.indicator) & (tidy["period"] == group.period)]
        cells = frame[key_fields].merge(cells[key_fields + shown], on=key_fields, how="left")
        absent = cells["flag"].isna()
        cells.loc[absent, "flag"] = ABSENT_FLAG
        cells.loc[absent, "reason"] = ABSENT_REASON
        parts.append(cells[shown].add_prefix(prefix))
        columns += _value_columns(prefix, title, expert)
    return GridTable(pd.concat(parts, axis=1), tuple(columns), "croise", expert, tuple(titles))


# --- the grid's properties -------------------------------------------------------------------------
def _formatter(decimals: int) -> dict:
    """French number display in the grid (decimal comma, no-break space), same decimals as downloads."""
    spec = f",.{decimals}f"
    return {"function": f"params.value == null ? '' : d3.formatLocale({{decimal: ',', thousands: '{NBSP}', "
                        f"grouping: [3], currency: ['', '']}}).format('{spec}')(params.value)"}


def _cell_rules(flag_field: str, main: bool) -> dict:
    """Classes by quality flag; the caution tint only on the estimate and its flag (`main`)."""
    flag = f"params.data.{flag_field}"
    rules = {"tab-cell-caution": f"{flag} == 'E'"} if main else {}
    return {**rules, "tab-cell-unreliable": f"{flag} == 'F'", "tab-cell-suppressed": f"{flag} == 's'",
            "tab-cell-absent": f"{flag} == '{ABSENT_FLAG}'"}


def column_def(column: GridColumn, first: bool = False) -> dict:
    """AG Grid column definition of one displayed column (`first`: pinned left if it is the territory)."""
    definition = {"field": column.field, "headerName": column.header, "headerTooltip": column.title}
    if column.kind in DECIMALS:
        definition.update(type="numericColumn", filter="agNumberColumnFilter",
                          valueFormatter=_formatter(DECIMALS[column.kind]), width=110 if column.kind == "pct" else 100)
    elif column.kind == "flag":
        definition.update(width=90, filter="agTextColumnFilter", cellClass="tab-flag")
    else:
        definition.update(filter="agTextColumnFilter", minWidth=90)
    if column.flag_field:
        main = column.kind == "flag" or column.field.endswith(VALUE[0])
        definition["cellClassRules"] = _cell_rules(column.flag_field, main)
        definition["tooltipField"] = column.reason_field
    if column.field == "territory":
        definition.update(width=200, tooltipField="territory", **({"pinned": "left"} if first else {}))
    elif column.field == "geo_code":
        definition.update(width=96, minWidth=80)
    elif column.field == "category_label":
        definition.update(width=150)
    elif column.field in ("indicator_label", "period_label"):
        definition.update(width=220)
    elif column.field == "reason":
        definition.update(width=320)
    return definition


def column_defs(table: GridTable) -> list[dict]:
    """Column definitions, value columns nested under their indicator × period group."""
    defs, by_group = [], {}
    for position, column in enumerate(table.columns):
        if not column.group:
            defs.append(column_def(column, first=position == 0))
            continue
        if column.group not in by_group:
            by_group[column.group] = {"headerName": column.group, "marryChildren": True, "children": [],
                                      "headerClass": "tab-group-header"}
            defs.append(by_group[column.group])
        by_group[column.group]["children"].append(column_def(column))
    return defs


def row_data(table: GridTable) -> list[dict]:
    """Rows for the grid: plain Python values, None for every missing value (never NaN)."""
    frame = table.frame.astype(object).where(table.frame.notna(), None)
    return frame.to_dict("records")
