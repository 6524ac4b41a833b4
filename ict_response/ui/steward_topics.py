"""The steward's topic rules, on the Data page: download the rules in use, upload a changed
copy to see what it would change (per topic, the cases gained and lost, with examples),
then apply it, a rebuild like a Publish. The logic is ict_response.topic_trial's, the same
as `ict-response topics --try` and `--apply`."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.typing import UploadedFile

from .. import topic_trial
from ..errors import UserError
from ..topics import read_rules, rules_file
from . import data
from .markdown import literal
from .steward import FLASH, UPLOAD_ROUND, WAIT_SECONDS, _rebuild, _saved

TRIALS = "steward_topic_trials"


def block(name: str) -> None:
    st.markdown("#### Topic rules")
    db_path = data.db_path()
    own = topic_trial.applied(db_path)
    if own is None:
        in_use = "The dashboard tags topics with the **shipped rules**."
    else:
        by = f" by {literal(own.applied_by)}" if own.applied_by else ""
        when = f" on {own.applied_at[:10]}" if own.applied_at else ""
        origin = f"{literal(own.file_name)}{by}{when}"
        in_use = f"The dashboard tags topics with **this deployment's own rules** ({origin})."
    st.caption(
        f"{in_use} To change them, download the rules in use, edit the copy (one rule per line: "
        "words in lower case without accents, or an Action Line or SDG code) and upload it here: "
        "you will see how many cases each topic would gain and lose, with examples, before "
        "anything changes. Applying rebuilds the dashboard, like a Publish."
    )
    st.download_button(
        "Download the rules in use (CSV)",
        rules_file(db_path).read_bytes(),
        file_name="topic_rules.csv",
        mime="text/csv",
        on_click="ignore",
        key="steward_rules_download",
    )
    round_ = st.session_state.setdefault(UPLOAD_ROUND, 0)
    uploaded = st.file_uploader("Rules to try (CSV)", type=["csv"], key=f"steward_rules_{round_}")
    if uploaded is not None:
        _trial(name, uploaded)
    if own is not None and st.button("Go back to the shipped rules", key="steward_rules_reset"):
        _apply(name, None, "the shipped rules")


def _trial(name: str, uploaded: UploadedFile) -> None:
    path = _saved(uploaded)
    try:
        rules = read_rules(path)
    except UserError as e:
        st.error(literal(str(e).replace(str(path), uploaded.name)), icon=":material/error:")
        return
    key = (uploaded.file_id, data.db_version())
    trials: dict[tuple[str, str], topic_trial.Trial] = st.session_state.setdefault(TRIALS, {})
    if key not in trials:
        with st.spinner("Tagging every case with these rules…"):
            trials.clear()
            trials[key] = topic_trial.try_rules(data.db_path(), rules, path)
    trial = trials[key]
    for kind in ("cases", "sessions"):
        changed = trial.changed(kind)
        if not changed:
            st.markdown(f"**{kind.capitalize()}:** no topic would change.")
            continue
        st.markdown(
            f"**{kind.capitalize()}:** {len(changed)} of {len(trial.changes[kind])} topics would change."
        )
        st.dataframe(
            pd.DataFrame(
                [(c.label, c.now, c.gained, c.lost, c.after) for c in changed],
                columns=["Topic", "Now", "Gains", "Loses", "After"],
            ),
            hide_index=True,
            width="stretch",
        )
        for c in changed:
            with st.expander(f"{c.label}: examples of {kind} gained and lost"):
                for what, examples in (
                    ("Gains", c.gained_examples),
                    ("Loses", c.lost_examples),
                ):
                    if examples:
                        st.markdown(
                            f"**{what}:**\n"
                            + "\n".join(
                                f"- {literal(e.title)} ({e.record_id}; {e.field}: “{literal(e.matched)}”)"
                                for e in examples
                            )
                        )
    confirmed = st.checkbox(
        f"Yes, rebuild the dashboard with the rules of {literal(uploaded.name)}", key="steward_rules_confirm"
    )
    if st.button("Apply these rules", disabled=not confirmed, type="primary", key="steward_rules_apply"):
        _apply(name, uploaded, f"the rules of {uploaded.name}")


def _apply(name: str, uploaded: UploadedFile | None, what: str) -> None:
    report = _rebuild(
        "Applying",
        what,
        "Applied",
        "applied",
        lambda progress: topic_trial.apply_rules(
            data.db_path(),
            None if uploaded is None else _saved(uploaded),
            applied_by=name,
            file_name=None if uploaded is None else uploaded.name,
            progress=progress,
            command=f"an Apply of topic rules on the Data page by {name}",
            wait=WAIT_SECONDS,
        ),
    )
    if report is None:
        return
    st.session_state[FLASH] = (
        f"Applied {literal(what)}: the dashboard was rebuilt and every later build uses them "
        f"({report.cases.records:,} cases, {report.sessions.records:,} sessions)."
    )
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    st.session_state.pop(TRIALS, None)
    st.rerun()
