"""The steward's topic rules, on the Data page: download the rules in use, upload a changed
copy to see what it would change (per topic, the cases gained and lost, with examples),
then apply it, a rebuild like a Publish. The logic is ict_response.topic_trial's, the same
as `ict-response topics --try` and `--apply`."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.typing import UploadedFile

from .. import i18n, topic_trial
from ..errors import UserError
from ..i18n import _, ngettext
from ..topic_evidence import why_tagged
from ..topics import read_rules, rules_file
from . import data, runs
from .markdown import literal
from .steward import FLASH, UPLOAD_ROUND, WAIT_SECONDS, Wording, _rebuild, _saved, count_of

TRIALS = "steward_topic_trials"


def block(name: str) -> None:
    heading = _("Topic rules")
    st.markdown(f"#### {heading}")
    db_path = data.db_path()
    own = topic_trial.applied(db_path)
    if own is None:
        in_use = _("The dashboard tags topics with the **shipped rules**.")
    else:
        in_use = _own_rules(own)
    how = _(
        "To change them, download the rules in use, edit the copy (one rule per line: words in lower case "
        "without accents, or an Action Line or SDG code) and upload it here: you will see how many cases "
        "each topic would gain and lose, with examples, before anything changes. Applying rebuilds the "
        "dashboard, like a Publish."
    )
    st.caption(f"{in_use} {how}")
    st.download_button(
        _("Download the rules in use (CSV)"),
        rules_file(db_path).read_bytes(),
        file_name="topic_rules.csv",
        mime="text/csv",
        on_click="ignore",
        key="steward_rules_download",
    )
    round_ = st.session_state.setdefault(UPLOAD_ROUND, 0)
    uploaded = st.file_uploader(_("Rules to try (CSV)"), type=["csv"], key=f"steward_rules_{round_}")
    if uploaded is not None:
        _trial(name, uploaded)
    if own is not None and st.button(_("Go back to the shipped rules"), key="steward_rules_reset"):
        _apply(name, None)


def _own_rules(own: topic_trial.Applied) -> str:
    """The sentence naming this deployment's own rules: from which file, by whom, when."""
    if own.applied_by and own.applied_at:
        # Translators: {file} is the rules file's name, {person} who applied it, {date} when (2026-12-03).
        text = _(
            "The dashboard tags topics with **this deployment's own rules** ({file} by {person} on {date})."
        )
    elif own.applied_by:
        text = _("The dashboard tags topics with **this deployment's own rules** ({file} by {person}).")
    elif own.applied_at:
        text = _("The dashboard tags topics with **this deployment's own rules** ({file} on {date}).")
    else:
        text = _("The dashboard tags topics with **this deployment's own rules** ({file}).")
    return text.format(file=literal(own.file_name), person=literal(own.applied_by), date=own.applied_at[:10])


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
        with st.spinner(_("Tagging every case with these rules…")):
            trials.clear()
            with runs.waiting():  # every case tagged anew: other readers' runs go on meanwhile
                trials[key] = topic_trial.try_rules(data.db_path(), rules, path)
    trial = trials[key]
    # Translators: the headings of the table of topics a rules file would change: the topic, its
    # records now, the records it would gain and lose, and its records after.
    headings = [_("Topic"), _("Now"), _("Gains"), _("Loses"), _("After")]
    for kind in ("cases", "sessions"):
        changed = trial.changed(kind)
        if not changed:
            st.markdown(_no_change(kind))
            continue
        st.markdown(_changes(kind, len(changed), len(trial.changes[kind])))
        st.dataframe(
            pd.DataFrame([(c.label, c.now, c.gained, c.lost, c.after) for c in changed], columns=headings),
            hide_index=True,
            width="stretch",
        )
        for c in changed:
            with st.expander(_examples_title(kind, c.label)):
                for what, examples in ((headings[2], c.gained_examples), (headings[3], c.lost_examples)):
                    if examples:
                        # Translators: a heading above examples, e.g. "**Gains:**"; keep the ** marks.
                        heading = _("**{what}:**").format(what=what)
                        st.markdown(heading + "\n" + "\n".join(f"- {_example(e)}" for e in examples))
    confirm = _("Yes, rebuild the dashboard with the rules of {file}")
    confirmed = st.checkbox(confirm.format(file=literal(uploaded.name)), key="steward_rules_confirm")
    if st.button(_("Apply these rules"), disabled=not confirmed, type="primary", key="steward_rules_apply"):
        _apply(name, uploaded)


def _example(e: topic_trial.Example) -> str:
    """One record gained or lost, and why, as a case's detail says why a topic was tagged."""
    # Translators: a record that gains or loses a topic: its title, its id and why the topic
    # is tagged, e.g. Telehealth app (C19-000123): the title says “telehealth”.
    example = _("{title} ({record_id}): {why}")
    return example.format(
        title=literal(e.title), record_id=e.record_id, why=literal(why_tagged(e.evidence()))
    )


def _no_change(kind: str) -> str:
    if kind == "cases":
        return _("**Cases:** no topic would change.")
    return _("**Sessions:** no topic would change.")


def _changes(kind: str, changed: int, topics: int) -> str:
    # Translators: the form follows {changed}, the topics that would change of all {topics}.
    if kind == "cases":
        text = ngettext(
            "**Cases:** {changed} of {topics} topics would change.",
            "**Cases:** {changed} of {topics} topics would change.",
            changed,
        )
    else:
        text = ngettext(
            "**Sessions:** {changed} of {topics} topics would change.",
            "**Sessions:** {changed} of {topics} topics would change.",
            changed,
        )
    return text.format(changed=i18n.number(changed), topics=i18n.number(topics))


def _examples_title(kind: str, topic: str) -> str:
    if kind == "cases":
        # Translators: {topic} is a topic's name, e.g. "Telemedicine".
        return _("{topic}: examples of cases gained and lost").format(topic=topic)
    return _("{topic}: examples of sessions gained and lost").format(topic=topic)


def _apply(name: str, uploaded: UploadedFile | None) -> None:
    if uploaded is None:
        running, what = _("Applying the shipped rules…"), "the shipped rules"
    else:
        # Translators: {file} is the name of an uploaded rules file.
        running, what = (
            _("Applying the rules of {file}…").format(file=uploaded.name),
            f"the rules of {uploaded.name}",
        )
    report = _rebuild(
        Wording(
            running,
            _("Applied"),
            _("Nothing was applied"),
            # Translators: {error} is the kind of error, e.g. "MemoryError".
            _("Applying failed ({error}); the dashboard is unchanged. The server log has the details."),
            f"Applying {what}",
        ),
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
    cases, sessions = count_of("cases", report.cases.records), count_of("sessions", report.sessions.records)
    if uploaded is None:
        applied = _(
            "Applied the shipped rules: the dashboard was rebuilt and every later build uses them "
            "({cases}, {sessions})."
        )
    else:
        applied = _(
            "Applied the rules of {file}: the dashboard was rebuilt and every later build uses them "
            "({cases}, {sessions})."
        )
    file_name = "" if uploaded is None else literal(uploaded.name)
    st.session_state[FLASH] = applied.format(file=file_name, cases=cases, sessions=sessions)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    st.session_state.pop(TRIALS, None)
    st.rerun()
