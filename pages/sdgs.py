"""SDGs: cases by goal in the official SDG colours, and the Action Line x SDG matrix."""

from ict_response import charts
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header("Sustainable Development Goals",
                   "Which SDGs the COVID-19 response cases contribute to.")
n = int(data.query("headline_figures", filters).iloc[0]["cases"])

by_sdg = data.query("cases_by_sdg", filters)
labelled = by_sdg.assign(label="SDG " + by_sdg["sdg"].astype(str) + " " + by_sdg["name"])
title = "Cases by SDG"
text = layout.chart_text(title, filters, n, note=charts.MULTI_NOTE)
layout.chart_block(charts.horizontal_bar(labelled, "label", "cases", text,
                                         colours=list(by_sdg["colour"]), custom="sdg"),
                   by_sdg, "sdg_bar", title, click_filter="sdg")

matrix = data.query("action_line_sdg_matrix", filters)
matrix = matrix.assign(line=matrix["action_line"] + " " + matrix["short_name"],
                       goal="SDG " + matrix["sdg"].astype(str))
title = "Cases by Action Line and SDG"
text = layout.chart_text(title, filters, n, note="Each cell counts cases tagged with both.")
layout.chart_block(charts.heatmap(matrix, "goal", "line", "cases", text, x_title="SDG",
                                  y_title="Action Line"),
                   matrix[["action_line", "short_name", "sdg", "cases"]], "sdg_matrix", title)
