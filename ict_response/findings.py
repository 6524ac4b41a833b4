"""Plain-language findings computed from query results ("E-health is the most frequent
action line: 23% of cases"). Pure functions: the same sentences serve the Overview page and
briefing packs, and each figure in them comes from the result passed in."""

from __future__ import annotations

import pandas as pd


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def top_category(frame: pd.DataFrame, label: str, total: int, what: str) -> str | None:
    """'<label> is the most frequent <what>: <share> of cases (<n>).'"""
    rows = frame[frame["cases"] > 0]
    if rows.empty or not total:
        return None
    top = rows.sort_values("cases", ascending=False, kind="stable").iloc[0]
    return (f"{top[label]} is the most frequent {what}: {_share(int(top['cases']), total)} of "
            f"cases ({int(top['cases']):,} of {total:,}).")


def gaps(frame: pd.DataFrame, label: str, what: str) -> str | None:
    """Categories no case in the selection covers: where good practice is missing."""
    missing = frame.loc[frame["cases"] == 0, label].tolist()
    if not missing:
        return None
    listed = ", ".join(str(m) for m in missing[:5]) + (" …" if len(missing) > 5 else "")
    return f"{len(missing)} {what} have no case in this selection: {listed}."


def regional_leader(frame: pd.DataFrame, total: int) -> str | None:
    regions = frame[(frame["kind"] == "region") & (frame["cases"] > 0)]
    if regions.empty or not total:
        return None
    top = regions.sort_values("cases", ascending=False, kind="stable").iloc[0]
    scoped = int(frame.loc[frame["region"].isin(["Global", "Regional"]), "cases"].sum())
    sentence = (f"{top['region']} has the most cases ({int(top['cases']):,}, "
                f"{_share(int(top['cases']), total)}).")
    if scoped:
        sentence += f" {scoped:,} cases are global or regional in scope, with no single country."
    return sentence


def overview(headline: pd.Series, by_action_line: pd.DataFrame, by_sdg: pd.DataFrame,
             by_region: pd.DataFrame) -> list[str]:
    """Three to five sentences for the Overview page."""
    total = int(headline["cases"])
    if total == 0:
        return ["No case matches the current filters."]
    sentences = [
        top_category(by_action_line, "short_name", total, "action line"),
        top_category(by_sdg.assign(label=by_sdg["sdg"].map(lambda n: f"SDG {n}") + " "
                                   + by_sdg["name"]), "label", total, "SDG"),
        regional_leader(by_region, total),
    ]
    workshops, covid = int(headline["workshops"]), int(headline["covid_workshops"])
    if workshops:
        sentences.append(f"{covid:,} of {workshops:,} WSIS Forum 2021 sessions "
                         f"({_share(covid, workshops)}) dealt with COVID-19.")
    return [s for s in sentences if s]
