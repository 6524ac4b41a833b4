"""The data steward's section of the Data page: sign in, upload exports, preview exactly what
each would do, map unrecognised columns, publish (the same ingest as `ict-response ingest`)
and withdraw an import. Off unless `.streamlit/secrets.toml` holds `[steward] password_hash`.

The logic lives in ict_response.imports and ict_response.password; this module only draws."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st
from streamlit.typing import UploadedFile

from .. import access, imports, limits, signin, throttle
from ..db import BuildReport, ImportSummary, Progress
from ..errors import UserError
from ..pages import KIND_DESCRIPTIONS
from ..password import SECRETS_HELP, check_password
from ..store import DEFAULT_WAIT_SECONDS, ImportStore, clean_name, is_sample, shown_name
from . import access as access_ui
from . import data, uploads
from .markdown import literal

log = logging.getLogger(__name__)

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "json", "jsonl", "ndjson"]
_SUFFIX = re.compile(r"\.[a-z0-9]{1,9}")
KEEP_EXTRA = "(keep in extra)"
IDENTITY_HELP = (
    "Or let stewards sign in with the organisation's identity provider: see "
    "`.streamlit/secrets.example.toml` ([auth] and [roles] stewards)."
)
# How long a Publish or Withdraw waits for another writer of the database (a build from the
# command line, another steward) before saying who it is; the progress bar says it waits.
WAIT_SECONDS = DEFAULT_WAIT_SECONDS

# Session state keys.
NAME = "steward_name"
UPLOAD_ROUND = "steward_upload_round"
UPLOAD_DIR = "steward_upload_dir"
SAVED = "steward_saved_this_run"
FLASH = "steward_flash"
FLASH_WARNING = "steward_flash_warning"
PREVIEWS = "steward_previews"
UNTIL = "steward_signed_in_until"  # when this session's sign-in ends (unix seconds)
SIGNED_OUT = "steward_signed_out"  # the sign-in cookie sent when this session began no longer counts
COOKIE_SCRIPT = "steward_cookie_script"  # the cookie to write in the browser on the next run
EXPIRED = "steward_expired"

_T = TypeVar("_T")
# An upload, the private copy it was saved as, and its preview (None: the file is unusable).
Upload = tuple[UploadedFile, Path, imports.PreviewReport | None]


def password_hash() -> str | None:
    """The configured steward password hash, or None when the section is off."""
    try:
        section = st.secrets.get("steward")
    except (FileNotFoundError, KeyError):  # no secrets.toml at all
        return None
    if not section:
        return None
    value = section.get("password_hash")
    return str(value) if value else None


def cookie_secret() -> str | None:
    """`[steward] cookie_secret` from secrets.toml, or None (a key kept beside the database)."""
    try:
        value = (st.secrets.get("steward") or {}).get("cookie_secret")
    except (FileNotFoundError, KeyError):
        return None
    return str(value) if value else None


def _cookie_key(stored: str) -> bytes:
    return signin.signing_key(signin.server_secret(cookie_secret(), data.db_path()), stored)


def _browser_cookie() -> str | None:
    try:
        return st.context.cookies.get(signin.COOKIE_NAME)
    except Exception:  # no browser request behind this run (AppTest, bare mode)
        return None


def steward_name(stored: str | None = None) -> str | None:
    """Who the signed-in steward is, or None. The one place that answers it.

    With stewards named in `[roles]` and an identity provider in `[auth]`: the signed-in
    person's verified name and e-mail ("Amina Diallo <amina@example.org>") when their e-mail
    is a steward's, else None. Otherwise the shared password (`stored`: its hash): this
    session's sign-in while it lasts, else the browser's signed sign-in cookie (a reload starts
    a new session); a tampered or expired cookie is refused once, cleared, and nobody is
    signed in."""
    settings = access_ui.config()
    if settings.stewards_by_identity:
        person = access_ui.current_identity(settings)
        return person.recorded if person and access.is_steward(person, settings.stewards) else None
    if stored is None:
        stored = password_hash()
        if stored is None:
            return None
    name = st.session_state.get(NAME)
    if name and time.time() < st.session_state.get(UNTIL, 0):
        return str(name)
    if name:  # this session's sign-in has run its time
        _sign_out(expired=True)
        return None
    if st.session_state.get(SIGNED_OUT):
        return None
    verdict = signin.verify(_browser_cookie(), _cookie_key(stored))
    if verdict.name:
        st.session_state[NAME] = verdict.name
        st.session_state[UNTIL] = verdict.expires
        return verdict.name
    if verdict.refused:
        if verdict.refused != "expired":
            log.warning("A steward sign-in cookie was refused (%s)", verdict.refused)
        _sign_out(expired=verdict.refused == "expired")
    return None


def _sign_in_as(name: str, stored: str) -> None:
    value = signin.sign(name, _cookie_key(stored))
    st.session_state[NAME] = name
    st.session_state[UNTIL] = time.time() + signin.LIFETIME_SECONDS
    st.session_state[COOKIE_SCRIPT] = (value, signin.LIFETIME_SECONDS)
    st.session_state.pop(SIGNED_OUT, None)


def _sign_out(expired: bool = False) -> None:
    st.session_state.pop(NAME, None)
    st.session_state.pop(UNTIL, None)
    st.session_state[SIGNED_OUT] = True
    st.session_state[COOKIE_SCRIPT] = ("", 0)  # Max-Age 0: the browser deletes it
    if expired:
        st.session_state[EXPIRED] = True


def _write_cookie() -> None:
    """Set or clear the sign-in cookie in the browser (Streamlit has no server-side way):
    SameSite=Strict, Path=/, and Secure when the page is served over https."""
    pending = st.session_state.pop(COOKIE_SCRIPT, None)
    if pending is None:
        return
    value, max_age = pending
    st.html(
        "<script>(() => {"
        "const secure = location.protocol === 'https:' ? '; Secure' : '';"
        f"document.cookie = {json.dumps(signin.COOKIE_NAME + '=' + value)}"
        f" + '; Max-Age={int(max_age)}; Path=/; SameSite=Strict' + secure;"
        "})();</script>",
        unsafe_allow_javascript=True,
    )


def section() -> None:
    uploads.sweep_now_and_then()  # the uploads of sessions that have ended
    settings = access_ui.config()
    if settings.stewards_by_identity:
        # Stewards are people the identity provider vouches for: nobody else sees this section.
        name = steward_name()
        if not name:
            _clear_uploads()
            return
        st.subheader("Load a new export")
        _flash()
        st.session_state[SAVED] = set()
        st.markdown(
            f"Signed in as **{literal(name)}**, as your organisation's sign-in vouches: imports you "
            "publish or withdraw are recorded under this name and e-mail. Sign out from the sidebar."
        )
        _steward_blocks(name)
        return
    st.subheader("Load a new export")
    stored = password_hash()
    if stored is None:
        st.info(
            "Loading exports from the browser is **off** for this deployment. To turn it "
            "on, give the data stewards a password: " + SECRETS_HELP + " " + IDENTITY_HELP,
            icon=":material/lock:",
        )
        return
    _flash()
    name = steward_name(stored)
    _write_cookie()
    if not name:
        if st.session_state.pop(EXPIRED, False):
            st.info(
                f"Your steward sign-in ended after {signin.LIFETIME_SECONDS // 3600} hours: sign in again.",
                icon=":material/schedule:",
            )
        _clear_uploads()
        _sign_in(stored)
        return
    st.session_state[SAVED] = set()
    left, right = st.columns([4, 1])
    left.markdown(
        f"Signed in as **{literal(name)}**: imports you publish or withdraw are recorded under this "
        f"name. You stay signed in on this browser for {signin.LIFETIME_SECONDS // 3600} hours, "
        "or until you sign out."
    )
    if right.button("Sign out", key="steward_sign_out"):
        _sign_out()
        st.rerun()
    _steward_blocks(name)


def _flash() -> None:
    """What the last Publish or Withdraw did (kept across its rerun)."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    warning = st.session_state.pop(FLASH_WARNING, None)
    if warning:
        st.warning(literal(warning), icon=":material/warning:")


def _steward_blocks(name: str) -> None:
    """Upload and publish, withdraw, topic rules: what a signed-in steward `name` can do."""
    _uploads(name)
    _withdraw_block(name)
    from .steward_topics import block as topic_rules_block  # it draws with this module's helpers

    topic_rules_block(name)
    _clear_uploads(keep=st.session_state.pop(SAVED, set()))  # files no longer in an uploader


# --------------------------------------------------------------------------- sign in


def _sign_in(stored: str) -> None:
    st.caption("Data stewards sign in here to add exports to the dashboard or withdraw them.")
    with st.form("steward_sign_in", clear_on_submit=False):
        name = st.text_input("Your name (recorded with every import you publish)", key="steward_name_input")
        password = st.text_input("Steward password", type="password", key="steward_password")
        submitted = st.form_submit_button("Sign in")
    if not submitted:
        return
    if not name.strip():
        st.error("Give your name: it is recorded with every import you publish.")
        return
    # Wrong passwords from every session of this server (and its replicas) count together.
    guard = throttle.for_database(data.db_path())
    wait = guard.wait_seconds()
    if wait > 0:
        st.error(throttle.sentence(wait), icon=":material/timer:")
        return
    try:
        ok = check_password(password, stored)
    except UserError as e:
        st.error(literal(e))
        return
    if not ok:
        wait = guard.failed()
        st.error(
            "Wrong password. Ask whoever runs the dashboard for the steward password."
            + (" " + throttle.sentence(wait) if wait else "")
        )
        return
    _sign_in_as(name.strip(), stored)
    st.rerun()


# --------------------------------------------------------------------------- upload, preview, publish


def _upload_dir() -> Path:
    """This session's upload folder (see ui/uploads.py: it goes when the session ends)."""
    folder = st.session_state.get(UPLOAD_DIR)
    if not isinstance(folder, uploads.SessionFolder):
        folder = st.session_state[UPLOAD_DIR] = uploads.SessionFolder()
    return folder.use()


def _clear_uploads(keep: set[str] | None = None) -> None:
    """Remove this session's uploaded files, all or those of the files not in `keep`."""
    folder = st.session_state.get(UPLOAD_DIR)
    if isinstance(folder, uploads.SessionFolder):
        if keep:
            folder.keep_only(keep)
        else:
            folder.remove()
            del st.session_state[UPLOAD_DIR]


def _saved(uploaded: UploadedFile) -> Path:
    """The upload written to a private temporary file. Not under its own name, which may be
    longer than the disk allows or hold path parts: as `upload` with its suffix (the
    reader goes by the bytes; the kept copy takes the suffix)."""
    st.session_state.setdefault(SAVED, set()).add(uploaded.file_id)
    suffix = Path(uploaded.name).suffix.lower()
    try:
        path = _upload_dir() / uploaded.file_id / ("upload" + (suffix if _SUFFIX.fullmatch(suffix) else ""))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(uploaded.getvalue())
    except OSError as e:
        raise UserError(f"it could not be saved on the server ({e.strerror or type(e).__name__}).") from None
    return path


def _n(count: int, what: str) -> str:
    """'1 row', '2 rows'."""
    return f"{count:,} {what}" + ("" if count == 1 else "s")


def _guess_kind(file_name: str) -> str:
    lower = file_name.lower()
    return "sessions" if any(w in lower for w in ("workshop", "session", "forum")) else "cases"


def _uploads(name: str) -> None:
    limit = st.get_option("server.maxUploadSize")
    round_ = st.session_state.setdefault(UPLOAD_ROUND, 0)
    files = st.file_uploader(
        f"Exports to add: CSV, Excel (.xlsx) or JSON, up to {limit} MB each",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"steward_upload_{round_}",
        help="Nothing changes until you press Publish. Each file is previewed first.",
    )
    if not files:
        st.caption("Choose one or more exports. You will see what each would do before anything changes.")
        return
    previews: list[Upload] = []
    for uploaded in files:
        with st.container(border=True):
            previews.append(_one_file(uploaded))
    _publish(name, previews)


def _mapping_key(file_id: str, kind: str) -> str:
    return f"steward_mapping_{file_id}_{kind}"


def _preview(file_id: str, path: Path, file_name: str, kind: str) -> imports.PreviewReport:
    """The preview for this file, kind and mapping, computed once per combination, in a
    worker process with memory and time limits (so no upload can slow the readers)."""
    mapping = st.session_state.get(_mapping_key(file_id, kind))
    cache_key = ("steward_preview", file_id, kind, json.dumps(mapping, sort_keys=True), data.db_version())
    cache: dict[tuple[str, ...], imports.PreviewReport] = st.session_state.setdefault(PREVIEWS, {})
    if cache_key in cache:
        return cache[cache_key]
    result = imports.preview_isolated(data.db_path(), kind, path, file_name=file_name, mapping=mapping)
    # The mapping applied (chosen or remembered) becomes this file's current mapping.
    st.session_state[_mapping_key(file_id, kind)] = result.mapping
    for stale in [k for k in cache if k[1] == file_id]:
        del cache[stale]  # one preview per file: the latest
    cache[cache_key] = result
    return result


def _one_file(uploaded: UploadedFile) -> Upload:
    shown = shown_name(uploaded.name)
    st.markdown(f"#### {literal(shown)}")
    kind = st.radio(
        "This file holds",
        list(KIND_DESCRIPTIONS),
        format_func=KIND_DESCRIPTIONS.get,
        horizontal=True,
        index=list(KIND_DESCRIPTIONS).index(_guess_kind(uploaded.name)),
        key=f"steward_kind_{uploaded.file_id}",
    )
    try:
        path = _saved(uploaded)
        pv = _preview(uploaded.file_id, path, uploaded.name, kind)
    except UserError as e:
        st.error(literal(f"{shown} cannot be used: {getattr(e, 'problem', str(e))}"), icon=":material/error:")
        return uploaded, Path(), None
    except Exception as e:  # a bug, not the steward's doing: no traceback (server paths) shown
        log.exception("Preview of an upload failed")
        st.error(
            literal(f"{shown} could not be previewed ({type(e).__name__}): the server log has the details."),
            icon=":material/error:",
        )
        return uploaded, Path(), None
    if pv.already_imported:
        earlier = pv.already_imported
        st.info(
            literal(
                f"This exact file was already imported ({shown_name(earlier.file_name)}, {earlier.added_at}"
                + (f", by {earlier.added_by}" if earlier.added_by else "")
                + "): publishing it again changes nothing."
            ),
            icon=":material/content_copy:",
        )
    counts = pv.counts
    cols = st.columns(5)
    cols[0].metric("Rows read", f"{counts['rows_read']:,}")
    cols[1].metric("Will load", f"{counts['rows_loaded']:,}")
    cols[2].metric("Will be rejected", f"{counts['rows_rejected']:,}")
    cols[3].metric("Warnings", f"{counts['warnings']:,}")
    cols[4].metric(
        "Replaces existing",
        f"{counts['superseded']:,}",
        help="Records now in the dashboard with the same id as a row of this file: "
        "the file's version replaces them.",
    )
    if pv.remembered:
        st.caption("The columns mapped by hand for an earlier file with the same headers were applied again.")
    for note in pv.notes:
        st.warning(literal(note), icon=":material/warning:")

    st.markdown("**Columns**")
    st.dataframe(pv.columns(), hide_index=True, width="stretch")
    _mapping_widgets(uploaded.file_id, kind, pv)

    st.markdown(
        f"**First rows as they will be stored** ({min(imports.PREVIEW_ROWS, counts['rows_loaded'])}"
        f" of {counts['rows_loaded']:,}; lists are joined with ';', empty columns left out)"
    )
    st.dataframe(pv.first_rows(), hide_index=True, width="stretch")
    if counts["rows_rejected"]:
        with st.expander(f"Rows that will be rejected ({counts['rows_rejected']:,}) and why"):
            st.dataframe(pv.rejected(), hide_index=True, width="stretch")
            _shown_caption(counts["rows_rejected"])
    if counts["warnings"]:
        with st.expander(
            f"Values that will not be understood ({counts['warnings']:,}): "
            "the row loads, the value is kept in the warnings"
        ):
            st.dataframe(pv.warnings(), hide_index=True, width="stretch")
            _shown_caption(counts["warnings"])
    return uploaded, path, pv


def _shown_caption(count: int) -> None:
    if count > limits.MAX_SHOWN_ROWS:
        st.caption(
            f"The first {limits.MAX_SHOWN_ROWS:,} of {count:,} are shown; "
            "the Data page lists them once published."
        )


def _mapping_widgets(file_id: str, kind: str, pv: imports.PreviewReport) -> None:
    """A choice of field for each column not recognised (or mapped by hand)."""
    headers = pv.headers
    editable = [h for h in headers if h in pv.unmapped or h in pv.mapping]
    if not editable:
        return
    st.markdown(
        "**Map unrecognised columns by hand** (remembered for the next file with the "
        "same headers once this one is published)"
    )
    taken = {f for f in pv.mapped_fields if f not in pv.mapping.values()}
    free = [f for f in imports.fields_of(kind) if f not in taken]
    cols = st.columns(min(len(editable), 3))
    for i, header in enumerate(editable):
        current = pv.mapping.get(header)
        options = [KEEP_EXTRA] + [f for f in free if f == current or f not in pv.mapping.values()]
        cols[i % len(cols)].selectbox(
            f"“{literal(header)}” is stored as",
            options,
            index=options.index(current) if current else 0,
            key=f"steward_map_{file_id}_{kind}_{headers.index(header)}",
            on_change=_set_mapping,
            args=(file_id, kind, headers, header),
        )


def _set_mapping(file_id: str, kind: str, headers: list[str], header: str) -> None:
    choice = st.session_state[f"steward_map_{file_id}_{kind}_{headers.index(header)}"]
    mapping = dict(st.session_state.get(_mapping_key(file_id, kind)) or {})
    if choice == KEEP_EXTRA:
        mapping.pop(header, None)
    else:
        mapping[header] = choice
    # Only kept for this upload: remembered for the next file with the same headers when
    # this one is published (a change of mind before then leaves no trace).
    st.session_state[_mapping_key(file_id, kind)] = mapping


def _publish(name: str, previews: list[Upload]) -> None:
    unusable = [shown_name(u.name) for u, _, pv in previews if pv is None]
    new = [(u, path, pv) for u, path, pv in previews if pv is not None and not pv.already_imported]
    if unusable:
        st.warning(literal(f"Remove {', '.join(unusable)} from the list (or fix it) before publishing."))
    label = f"Publish {len(new)} file{'s' if len(new) != 1 else ''}"
    st.caption(
        "Publishing keeps a copy of each file, rebuilds the database from every kept "
        "import and swaps it in at once: everyone sees the new data on their next click."
    )
    # Said before anything changes: the first real export of a kind replaces its sample.
    replaced = imports.sample_to_replace(data.db_path(), [(pv.kind, path) for _, path, pv in new])
    keep_sample = False
    if replaced:
        st.warning(literal(imports.replacement_notice(replaced, "The box below")))
        kinds = " and ".join(sorted({e.kind for e in replaced}))
        keep_sample = st.checkbox(f"Keep the sample {kinds} beside the real data", key="steward_keep_sample")
    if not st.button(label, type="primary", disabled=bool(unusable or not new), key="steward_publish"):
        return
    # The mapping each file is published with (or its absence) is remembered for its headers.
    files = [
        imports.NewFile(pv.kind, path, file_name=u.name, mapping=pv.mapping or None, remember=True)
        for u, path, pv in new
    ]
    result = _rebuild(
        "Publishing",
        "",
        "Published",
        "published",
        # In a worker process with limits: a publish cannot take the readers' memory or CPU.
        lambda progress: imports.publish_isolated(
            data.db_path(),
            files,
            added_by=name,
            command=f"a Publish on the Data page by {name}",
            wait=WAIT_SECONDS,
            keep_sample=keep_sample,
            progress=progress,
        ),
    )
    if result is None:
        return
    st.session_state[FLASH] = _published_message(result, new)
    if result.notes:
        st.session_state[FLASH_WARNING] = " ".join(result.notes)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    _clear_uploads()
    st.session_state.pop(PREVIEWS, None)
    st.rerun()


def _rebuild(verb: str, what: str, done: str, past: str, run: Callable[[Progress], _T]) -> _T | None:
    """Run a publish or withdraw (`run(progress)`) inside a status box ("`verb` `what`…")
    with a progress bar. Returns its result, or None after saying in one sentence why
    nothing was `past`."""
    with st.status(f"{verb} {what}".strip() + "…", expanded=True) as status:
        bar = st.progress(0.0, text="starting")
        try:
            result = run(lambda step, f: bar.progress(min(max(f, 0.0), 1.0), text=step))
        except UserError as e:
            status.update(label=f"Nothing was {past}", state="error")
            st.error(literal(f"{e} The dashboard is unchanged."))
            return None
        except Exception as e:  # a bug, not the steward's doing: say so in one sentence
            log.exception("%s %s failed", verb, what)
            status.update(label=f"Nothing was {past}", state="error")
            st.error(
                f"{verb} failed ({type(e).__name__}); the dashboard is unchanged. "
                "The server log has the details."
            )
            return None
        status.update(label=done, state="complete")
    return result


def _published_message(
    result: imports.IngestResult, new: list[tuple[UploadedFile, Path, imports.PreviewReport]]
) -> str:
    """What a Publish did, file by file. A file may turn out to be imported already (the same
    file twice in one upload, or another steward published it meanwhile): said, not lost."""
    unchanged = (
        f" Already imported, so unchanged: {', '.join(literal(shown_name(n)) for n in result.unchanged)}."
        if result.unchanged
        else ""
    )
    report = result.report
    if report is None:
        return "Nothing new was published." + unchanged
    by_id = {i["import_id"]: i for i in report.imports}
    superseded = {clean_name(u.name): pv.superseded for u, _, pv in new}
    parts = []
    for entry in result.added:
        i: ImportSummary | dict[str, int] = by_id.get(entry.import_id, {})
        parts.append(
            f"**{literal(shown_name(entry.file_name))}** ({entry.kind}): "
            f"{_n(i.get('rows_loaded', 0), 'row')} loaded, {i.get('rows_rejected', 0):,} rejected, "
            f"{_n(i.get('warnings', 0), 'warning')}, "
            f"{_n(superseded.get(entry.file_name, 0), 'existing record')} replaced"
        )
    replaced = (
        " Replaced the shipped sample: "
        + ", ".join(f"{literal(e.file_name)} ({e.kind})" for e in result.replaced)
        + "."
        if result.replaced
        else ""
    )
    return (
        "Published. "
        + "; ".join(parts)
        + f". The dashboard now holds {_holds(report)}."
        + replaced
        + unchanged
    )


def _holds(report: BuildReport) -> str:
    shipped = f" (and {report.shipped.records:,} ITU COVID-19 initiatives)" if report.shipped.records else ""
    return f"{report.cases.records:,} cases{shipped} and {report.sessions.records:,} sessions"


# --------------------------------------------------------------------------- withdraw


def _withdraw_block(name: str) -> None:
    st.markdown("#### Withdraw an import")
    entries = ImportStore(data.db_path()).entries()
    if not entries:
        st.caption("There are no kept imports.")
        return
    st.caption(
        "Withdrawing removes one import from the kept imports, **deletes the kept copy "
        "of its file** and rebuilds the dashboard without its rows (records it had "
        "replaced come back). The file on your computer is untouched: publish it again "
        "to undo. The shipped sample of a kind is replaced by the first real export of that "
        "kind (unless kept), and can be withdrawn here too. ITU's COVID-19 initiatives are "
        "real data shipped with the dashboard and part of every build."
    )
    by_id = {e.import_id: e for e in entries}

    def label(import_id: str) -> str:
        e = by_id[import_id]
        sample = " (sample data)" if is_sample(e) else ""
        who = f" by {e.added_by}" if e.added_by else ""
        return f"{shown_name(e.file_name)}{sample}: {e.kind}, added {e.added_at}{who}"

    chosen = st.selectbox(
        "Import to withdraw",
        list(by_id),
        index=None,
        format_func=label,
        placeholder="Choose an import",
        key="steward_withdraw_choice",
    )
    if not chosen:
        return
    entry = by_id[chosen]
    confirmed = st.checkbox(
        f"Yes, withdraw {literal(shown_name(entry.file_name))} and delete its kept copy",
        key=f"steward_withdraw_confirm_{chosen}",
    )
    if not st.button("Withdraw", disabled=not confirmed, key="steward_withdraw"):
        return
    done = _rebuild(
        "Withdrawing",
        shown_name(entry.file_name),
        "Withdrawn",
        "withdrawn",
        lambda progress: imports.withdraw_isolated(
            data.db_path(),
            chosen,
            command=f"a Withdraw on the Data page by {name}",
            wait=WAIT_SECONDS,
            progress=progress,
        ),
    )
    if done is None:
        return
    gone, report = done
    st.session_state[FLASH] = (
        f"Withdrew **{literal(shown_name(gone.file_name))}** ({gone.kind}). "
        f"The dashboard now holds {_holds(report)}."
    )
    st.session_state.pop("steward_withdraw_choice", None)
    st.rerun()
