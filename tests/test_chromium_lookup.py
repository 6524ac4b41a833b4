"""Finding the Chrome or Chromium that renders chart images: the variables first, then PATH,
then the usual install paths on Linux, macOS and Windows; without one, a sentence that says
how to get one. Fake browsers only (files in tmp_path, a patched file check): nothing is
installed or run."""

from __future__ import annotations

import os
import stat

import pytest

from ict_response import export


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def bare(monkeypatch, tmp_path):
    """No variables, an empty PATH, no Program Files and no browser at any usual path: each
    test then adds the one it is about."""
    for variable in (
        "ICT_RESPONSE_CHROMIUM",
        "BROWSER_PATH",
        "PROGRAMFILES",
        "PROGRAMFILES(X86)",
        "LOCALAPPDATA",
    ):
        monkeypatch.delenv(variable, raising=False)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    real = export._runnable
    installed: set[str] = set()
    monkeypatch.setattr(
        export, "_runnable", lambda p: p in installed or (p.startswith(str(tmp_path)) and real(p))
    )
    return installed


def test_nothing_found_is_none_and_the_sentence_says_how_to_get_one(bare):
    assert export.chromium_path() is None
    assert not export.images_available()
    sentence = export.NO_CHROMIUM
    assert sentence.count(". ") == 0 and sentence.endswith(".")
    for advice in (
        "apt-get install chromium",
        "https://www.google.com/chrome/",
        "ICT_RESPONSE_CHROMIUM",
        "CSV and Excel downloads work without it",
    ):
        assert advice in sentence


def test_the_variable_names_the_browser_and_wins(bare, monkeypatch, tmp_path):
    on_path = executable(tmp_path / "bin" / "chromium")
    monkeypatch.setenv("PATH", str(on_path.parent))
    chosen = executable(tmp_path / "Chrome Beta" / "chrome")
    monkeypatch.setenv("BROWSER_PATH", str(executable(tmp_path / "other" / "chrome")))
    monkeypatch.setenv("ICT_RESPONSE_CHROMIUM", str(chosen))
    assert export.chromium_path() == str(chosen)


def test_browser_path_is_used_when_the_project_variable_is_not_set(bare, monkeypatch, tmp_path):
    chosen = executable(tmp_path / "other" / "chrome")
    monkeypatch.setenv("BROWSER_PATH", f"  {chosen}  ")
    assert export.chromium_path() == str(chosen)


@pytest.mark.parametrize("variable", ["ICT_RESPONSE_CHROMIUM", "BROWSER_PATH"])
def test_a_named_browser_that_is_missing_is_not_replaced_by_another(bare, monkeypatch, tmp_path, variable):
    # A deployment that names its browser gets that one or none, never a surprise.
    monkeypatch.setenv("PATH", str(executable(tmp_path / "bin" / "chromium").parent))
    monkeypatch.setenv(variable, str(tmp_path / "no-such-browser"))
    assert export.chromium_path() is None


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
def test_each_name_on_path_is_found(bare, monkeypatch, tmp_path, name):
    browser = executable(tmp_path / "bin" / name)
    monkeypatch.setenv("PATH", str(browser.parent))
    assert export.chromium_path() == str(browser)


def test_a_file_on_path_that_cannot_run_is_skipped(bare, monkeypatch, tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "chromium").write_text("not a program", encoding="utf-8")
    chrome = executable(tmp_path / "bin" / "google-chrome")
    monkeypatch.setenv("PATH", str(chrome.parent))
    assert export.chromium_path() == str(chrome)


@pytest.mark.parametrize(
    "path",
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ],
)
def test_a_browser_off_path_at_its_usual_place_is_found(bare, path):
    bare.add(path)
    assert export.chromium_path() == path


def test_chromium_comes_before_chrome_at_the_usual_places(bare):
    bare.update({"/usr/bin/google-chrome", "/usr/bin/chromium"})
    assert export.chromium_path() == "/usr/bin/chromium"


def test_a_mac_browser_in_the_home_applications_folder_is_found(bare, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = executable(tmp_path / "Applications" / "Chromium.app" / "Contents" / "MacOS" / "Chromium")
    assert export.chromium_path() == str(app)


@pytest.mark.parametrize(
    "variable, app",
    [
        ("PROGRAMFILES", ("Google", "Chrome", "Application", "chrome.exe")),
        ("PROGRAMFILES(X86)", ("Google", "Chrome", "Application", "chrome.exe")),
        ("LOCALAPPDATA", ("Google", "Chrome", "Application", "chrome.exe")),
        ("LOCALAPPDATA", ("Chromium", "Application", "chrome.exe")),
    ],
)
def test_a_windows_browser_in_program_files_is_found(bare, monkeypatch, tmp_path, variable, app):
    root = tmp_path / "Program Files"
    monkeypatch.setenv(variable, str(root))
    browser = executable(root.joinpath(*app))
    assert export.chromium_path() == os.path.join(str(root), *app)
    assert browser.exists()


def test_the_usual_places_cover_linux_macos_and_windows(monkeypatch):
    monkeypatch.setenv("PROGRAMFILES", r"C:\Program Files")
    candidates = export.browser_candidates()
    for path in (
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        os.path.join(r"C:\Program Files", "Google", "Chrome", "Application", "chrome.exe"),
    ):
        assert path in candidates
