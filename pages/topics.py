"""Topics: what cases are about, over time, and where (topic x region)."""

from ict_response import charts
from ict_response.ui import data, layout, state

filters = state.current_filters()
layout.page_header("Topics", "What the cases are about, tagged by the editable rules in "
                   "data/reference/topics.csv (the Cases page shows why each tag was given).")
n = int(data.query("headline_figures", filters).iloc[0]["cases"])

by_topic = data.query("cases_by_topic", filters)
title = "Cases by topic"
layout.chart_block(charts.horizontal_bar(by_topic, "label", "cases",
                                         layout.chart_text(title, filters, n, note=charts.MULTI_NOTE),
                                         custom="topic"),
                   by_topic, "tp_bar", title, click_filter="topic")

over_time = data.query("topics_over_time", filters)
wide = over_time.pivot_table(index="quarter", columns="label", values="cases",
                             aggfunc="sum").fillna(0).reset_index()
top = list(by_topic[by_topic["cases"] > 0]["label"].head(6))
title = "Cases by quarter they started, for the six largest topics"
layout.chart_block(charts.timeline(wide, "quarter", {t: t for t in top if t in wide.columns},
                                   layout.chart_text(title, filters, n), kind="line",
                                   x_title="Quarter"),
                   over_time, "tp_time", title)

matrix = data.query("topic_by_region", filters)
title = "Cases by topic and region: where good practice exists, and where not yet"
layout.chart_block(charts.heatmap(matrix, "region", "label", "cases",
                                  layout.chart_text(title, filters, n,
                                                    note="0 = no case of that topic there yet."),
                                  x_title="Region", y_title="Topic"),
                   matrix, "tp_matrix", title)
