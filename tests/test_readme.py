"""The README is part of the interface: its demo output and its commands must be true."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_demo_output_is_what_demo_prints(cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    shown = re.search(r"<!-- demo-output:start -->\n```text\n(.*?)```\n<!-- demo-output:end -->", README, re.S)
    assert shown, "README lost its demo output block"
    result = cli("demo")
    assert result.exit_code == 0
    assert result.stdout == shown.group(1)


def test_readme_marks_the_test_command_ci_runs():
    marked = re.search(r"<!-- ci:test -->\n```bash\n(.+)\n```", README)
    assert marked and marked.group(1) == "pip install -e '.[test]' && pytest"
    assert "pip install . && reconcile demo" in README


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("reconcile ")]


@pytest.mark.parametrize("command", _readme_commands())
def test_readme_commands_run(cli, command, tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)[1:]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0


def test_every_command_is_documented():
    from reconcile.cli import app

    for command in app.registered_commands:
        assert f"reconcile {command.callback.__name__}" in README
