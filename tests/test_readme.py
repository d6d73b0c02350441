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


def _readme_commands() -> list[tuple[list[str], str]]:
    """Each ``reconcile`` line of a bash block, with the block's lines before it (run first: a
    block may write a file the next line reads)."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        lines = [line.split("#")[0].strip() for line in block.splitlines()]
        lines = [line for line in lines if line.startswith("reconcile ")]
        commands += [(lines[:i], line) for i, line in enumerate(lines)]
    return commands


@pytest.mark.parametrize(("before", "command"), _readme_commands(), ids=[c for _, c in _readme_commands()])
def test_readme_commands_run(cli, before, command, tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    for earlier in before:
        assert cli(*shlex.split(earlier)[1:]).exit_code == 0, earlier
    args = shlex.split(command)[1:]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0


def _console_examples() -> list[tuple[str, int, str]]:
    """``$ reconcile ...   # exit N`` lines of console blocks, with the stdout shown under them."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for found in re.finditer(r"^\$ (reconcile .*?)\s+# exit (\d)\n(.*?)(?=^\$ |\Z)", block, re.S | re.M):
            examples.append((found.group(1), int(found.group(2)), found.group(3)))
    return examples


@pytest.mark.parametrize(("command", "code", "shown"), _console_examples(), ids=[c for c, _, _ in _console_examples()])
def test_readme_console_examples_print_what_they_show(cli, command, code, shown, tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == code, result.stderr
    assert result.stdout == shown


def test_every_command_is_documented():
    from reconcile.cli import app

    for command in app.registered_commands:
        assert f"reconcile {command.callback.__name__}" in README
