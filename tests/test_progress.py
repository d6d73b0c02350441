"""Progress on long runs: shown on a terminal after a delay, never in pipes, CI or tests."""

from __future__ import annotations

import io
import time

from rich.console import Console

from reconcile.cli.progress import StageProgress


def test_progress_names_the_stage_on_a_terminal():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    with StageProgress(True, delay=0.0, console=console) as progress:
        progress("matching incidents")
        time.sleep(0.3)
    assert "reconcile: matching incidents" in screen.getvalue()


def test_short_runs_show_nothing():
    screen = io.StringIO()
    with StageProgress(True, delay=5.0, console=Console(file=screen, force_terminal=True)) as progress:
        progress("reading")
    assert screen.getvalue() == ""


def test_disabled_progress_shows_nothing():
    screen = io.StringIO()
    with StageProgress(False, delay=0.0, console=Console(file=screen, force_terminal=True)) as progress:
        progress("reading")
        time.sleep(0.1)
    assert screen.getvalue() == ""


def test_compare_without_a_terminal_prints_no_progress(cli, monkeypatch):
    monkeypatch.setattr("reconcile.cli.progress.StageProgress.__init__.__defaults__", (0.0, None))
    result = cli("demo")
    assert result.exit_code == 0
    assert "reconcile: reading" not in result.stderr and "…" not in result.stderr
