"""reconcile/errors.py: the errors that end a run (exit code 2, ``FILE:LINE: what is wrong``) and one
wording for both interfaces: the command line names its flags, the Python API the option fields.

Which calls raise which error is in test_api.py and test_cli.py.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

import reconcile
from reconcile.errors import InputError, ReconcileError, UsageError, library_words, reword


def test_an_input_error_reads_file_colon_line_and_keeps_both_apart():
    error = InputError("claims.csv", "column 'figure' appears twice", line=1)
    assert str(error) == "claims.csv:1: column 'figure' appears twice"
    assert (error.path, error.line, error.message) == ("claims.csv", 1, "column 'figure' appears twice")
    assert str(InputError(EXAMPLES / "nope.csv", "no such file")) == f"{EXAMPLES / 'nope.csv'}: no such file"


def test_every_run_ending_error_exits_2():
    assert ReconcileError.exit_code == UsageError.exit_code == InputError.exit_code == 2
    assert issubclass(UsageError, ReconcileError) and issubclass(InputError, ReconcileError)


@pytest.mark.parametrize(("cli", "api"), [
    ("the input has more than --max-rows 2 rows", "the input has more than max_rows 2 rows"),
    ("--fail-on new needs --baseline", "fail_on new needs baseline"),
    ("describe the columns with --mapping FILE.toml", "describe the columns with mapping FILE.toml"),
    ("a well--known toll -- and 2025-03-06--08", "a well--known toll -- and 2025-03-06--08"),
])
def test_flags_become_option_fields_and_nothing_else_changes(cli, api):
    assert library_words(cli) == api


def test_reword_changes_an_input_error_s_message_but_not_where_it_points():
    error = InputError("claims.csv", "give --encoding NAME if its text looks wrong", line=3)
    assert reword(error) is error
    assert str(error) == "claims.csv:3: give encoding NAME if its text looks wrong"
    assert (error.path, error.line) == ("claims.csv", 3)
    assert error.message == "give encoding NAME if its text looks wrong"
    usage = reword(UsageError("--tolerance must be between 0 and 1, not 2"))
    assert str(usage) == "tolerance must be between 0 and 1, not 2"


def test_the_command_names_the_flag_where_the_api_names_the_option(cli):
    """The newsroom sheet needs its column mapping: one message, worded for each interface."""
    path = EXAMPLES / "newsroom.csv"
    result = cli("compare", path)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"reconcile: error: {path}:1: matches no known format")
    assert line.endswith("describe the columns with --mapping FILE.toml")
    with pytest.raises(reconcile.InputError) as raised:
        reconcile.compare(path)
    assert (raised.value.path, raised.value.line) == (str(path), 1)
    assert str(raised.value).endswith("describe the columns with mapping FILE.toml")
