"""Time series builders (components/timeseries.py): tidy frame, figure (bands, markers, gaps,
hover, PNG export), change table in words, notes for absent points, sparklines."""
import json

import numpy as np
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from components.timeseries import (SYMBOLS, change_table, data_uri, edition_tick, graph_config, make_change_table,
                                   make_evolution_figure, make_values_table, missing_notes, prepare_evolution,
                                   sparkline_alt, sparkline_geometry, sparkline_svg)

PERIODS = ["2022", "2023", "2024", "2025"]


def point(token, name, period, estimate, se, status="ok", reason=""):
    shown = status != "suppressed"
    return {"token": token, "level": "departement", "code": token, "name": name, "period": period,
            "estimate": estimate if shown else np.nan, "se": se if shown else np.nan,
            "ci_low": estimate - 1.96 * se if shown else np.nan, "ci_high": estimate + 1.96 * se if shown else np.nan,
            "cv": se / estimate if shown else np.nan, "n_unweighted": 1200 if shown else 20, "status": status,
            "status_reason": reason}


def rows():
    """France complete; 2A with a suppressed 2023 and a caution 2025."""
    france = [point("FE", "France", p, v, 0.001) for p, v in zip(PERIODS, [0.030, 0.029, 0.029, 0.028])]
    corse = [point("2A", "Corse-du-Sud", "2022", 0.020, 0.004),
             point("2A", "Corse-du-Sud", "2023", 0, 0, "suppressed", "Secret statistique : moins de 5 répondants concernés"),
             point("2A", "Corse-du-Sud", "2024", 0.025, 0.005),
             point("2A", "Corse-du-Sud", "2025", 0.040, 0.008, "caution", "À interpréter avec prudence : coefficient de variation de 20 %")]
    return pd.DataFrame(france + corse)


def test_prepare_marks_shown_points_and_writes_hovers():
    tidy = prepare_evolution(rows())
    assert tidy["shown"].tolist() == [True] * 5 + [False, True, True]
    assert np.isnan(tidy.loc[5, "estimate_pct"])
    assert tidy.loc[0, "estimate_pct"] == pytest.approx(3.0)
    # hover: name, edition, value with CI, respondents, quality
    assert tidy.loc[7, "hover"] == ("<b>Corse-du-Sud</b><br>Édition 2025<br>4,0\u00a0% [2,4 – 5,6]<br>1\u00a0200 "
                                    "répondants<br>À interpréter avec prudence : coefficient de variation de 20 %")
    assert tidy.loc[7, "symbol"] == SYMBOLS["caution"]


def test_figure_has_a_band_and_a_line_per_territory_and_a_legend_for_markers():
    fig = make_evolution_figure(prepare_evolution(rows()), "Cambriolage ou tentative")
    names = [t.name for t in fig.data]
    # band + line for France and for Corse-du-Sud, then one legend entry for 'caution' markers
    assert len(fig.data) == 5
    assert names[1] == "France" and names[3] == "Corse-du-Sud"
    assert names[4].startswith("Cercle vide")
    corse_band, corse_line = fig.data[2], fig.data[3]
    assert corse_band.fill == "toself"
    # 2022 alone (2023 suppressed), then the run 2024-2025: only the run makes a polygon
    assert list(corse_band.x) == ["2024", "2025", "2025", "2024", None]
    assert np.isnan(corse_line.y[1])  # suppressed point absent, line broken (connectgaps False)
    assert corse_line.connectgaps is False
    assert list(corse_line.marker.symbol) == ["circle", "circle", "circle", "circle-open"]
    # the lone 2022 point gets its CI as an error bar: 2.0 ± 1.96 × 0.4 = ± 0.784 pt
    assert corse_line.error_y.array[0] == pytest.approx(0.784)
    assert corse_line.error_y.array[2] is None


def test_figure_uses_french_separators_and_reference_period_ticks():
    fig = make_evolution_figure(prepare_evolution(rows()), "T")
    assert fig.layout.separators == ",\u00a0"
    assert fig.layout.yaxis.ticksuffix == "\u00a0%"
    assert list(fig.layout.xaxis.ticktext)[0] == "2022<br>(faits de 2021)"
    assert edition_tick("2024", "moment_enquete") == "2024"


def test_png_export_has_a_file_name():
    config = graph_config("vrs-evolution-cambriolage-FE-2A")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "vrs-evolution-cambriolage-FE-2A", "scale": 2}


def test_missing_points_are_explained():
    notes = missing_notes(prepare_evolution(rows()))
    assert notes == ["Corse-du-Sud, édition 2023 : point absent, secret statistique "
                     "(secret statistique : moins de 5 répondants concernés)."]


def test_change_table_in_words():
    table = change_table(prepare_evolution(rows()))
    france = table[table["name"] == "France"]
    # 3 consecutive pairs + first -> last
    assert france[["from_period", "to_period"]].values.tolist() == [["2022", "2023"], ["2023", "2024"],
                                                                      ["2024", "2025"], ["2022", "2025"]]
    # France 2022 -> 2025: z = (0.028 - 0.030) / sqrt(0.001² + 0.001²) = -0.002 / 0.0014142 = -1.41
    assert france.iloc[3]["label"] == "évolution non significative"
    assert france.iloc[3]["difference"] == "\u22120,2\u00a0pt"
    corse = table[table["name"] == "Corse-du-Sud"].set_index("to_period")
    # 2024 -> 2025: z = (0.040 - 0.025) / sqrt(0.008² + 0.005²) = 0.015 / 0.009434 = 1.59 -> not significant
    assert corse.loc["2025"].query("from_period == '2024'")["label"].item() == "évolution non significative"
    # 2022 -> 2025: z = 0.020 / sqrt(0.008² + 0.004²) = 0.020 / 0.008944 = 2.24 -> hausse
    assert corse.loc["2025"].query("from_period == '2022'")["label"].item() == "hausse significative"
    # pairs touching the suppressed 2023 cannot be tested
    assert corse.loc["2023"]["label"] == "non testable"


def as_text(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_change_and_values_tables_render_every_territory():
    tidy = prepare_evolution(rows())
    text = as_text(make_change_table(change_table(tidy)))
    assert "hausse significative" in text and "Corse-du-Sud" in text and "2022 → 2025 (ensemble)" in text
    values = as_text(make_values_table(tidy, PERIODS))
    assert "secret statistique" in values and "4,0\u00a0% [2,4 – 5,6] (E)" in values


def test_sparkline_breaks_at_absent_editions():
    series = rows().query("token == '2A'")
    reference = rows().query("token == 'FE'")
    geometry = sparkline_geometry(series, PERIODS, reference, width=100, height=20, pad=0)
    assert len(geometry["lines"]) == 1 and len(geometry["lines"][0]) == 2      # 2024-2025 only
    assert len(geometry["whiskers"]) == 1                                       # 2022 alone
    assert [p[2] for p in geometry["points"]] == ["ok", "ok", "caution"]
    assert geometry["points"][0][0] == 0 and geometry["points"][-1][0] == 100   # x spans the width
    assert len(geometry["reference"]) == 1 and len(geometry["reference"][0]) == 4
    ys = [y for _, y, _ in geometry["points"]] + [y for line in geometry["reference"] for _, y in line]
    assert min(ys) >= 0 and max(ys) <= 20
    svg = sparkline_svg(geometry)
    assert svg.startswith("<svg") and svg.count("<circle") == 3 and "stroke-dasharray" in svg
    assert data_uri(svg).startswith("data:image/svg+xml;charset=utf-8,%3Csvg")


def test_sparkline_alt_text():
    series = rows().query("token == '2A'")
    assert sparkline_alt(series, PERIODS) == "Éditions 2022 à 2025 : 2,0\u00a0% ; non publié ; 2,5\u00a0% ; 4,0\u00a0%"
