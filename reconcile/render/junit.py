"""JUnit XML, which most CI systems show as a test report.

``validate``: one test suite per file, one test case per rule (a failure
lists that rule's errors; warnings go to ``system-out``). ``compare``: one
test case per group, failing when the group triggered ``--fail-on``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from reconcile.compare import Comparison
from reconcile.gates import Review, group_label
from reconcile.render.numbers import status as status_text
from reconcile.render.safe import printable
from reconcile.validate import RULES


def _xml(root: ET.Element) -> str:
    """The document as text; user text in it without the control characters XML 1.0 forbids
    (and escape sequences, which CI logs would act on)."""
    for element in root.iter():
        element.text = printable(element.text, breaks=True) if element.text else element.text
        for name, value in element.attrib.items():
            element.set(name, printable(value, breaks=True))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _totals(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


def validation_junit(problems: pd.DataFrame, files: list[str]) -> str:
    root = ET.Element("testsuites", name="reconcile validate")
    all_tests = all_failures = 0
    for file in list(dict.fromkeys([*files, *problems["file"]])):
        suite = ET.SubElement(root, "testsuite", name=file)
        failures = 0
        for rule, meaning in RULES.items():
            case = ET.SubElement(suite, "testcase", classname=file, name=rule)
            found = problems.loc[(problems["file"] == file) & (problems["rule"] == rule)]
            errors = found.loc[found["severity"] == "error"]
            warnings = found.loc[found["severity"] == "warning"]
            if len(errors):
                failures += 1
                failure = ET.SubElement(case, "failure", type=rule, message=f"{len(errors)} x {meaning}")
                failure.text = "\n".join(
                    f"{o}: {m}" for o, m in errors[["origin", "message"]].itertuples(index=False)
                )
            if len(warnings):
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(
                    f"warning {o}: {m}" for o, m in warnings[["origin", "message"]].itertuples(index=False)
                )
        _totals(suite, len(RULES), failures)
        all_tests += len(RULES)
        all_failures += failures
    _totals(root, all_tests, all_failures)
    return _xml(root)


def comparison_junit(comparison: Comparison, review: Review | None = None) -> str:
    root = ET.Element("testsuites", name="reconcile compare")
    suite = ET.SubElement(root, "testsuite", name="reconcile compare")
    triggered = dict(review.triggered.itertuples(index=False)) if review is not None else {}
    claims = comparison.claims
    listed = (claims["source"] + ": " + claims["figure"] + " (" + claims["origin"] + ")").groupby(
        claims["group_id"]
    ).agg("\n".join)
    for group in comparison.groups.to_dict("records"):
        name = f"{group['perpetrator']} · {str(group['victims']).replace('_', ' ')}"
        case = ET.SubElement(suite, "testcase", classname=str(group["incident"]), name=name)
        figures = listed[group["group_id"]]
        summary = status_text(group["status"], group["spread"])
        if group["group_id"] in triggered:
            failure = ET.SubElement(
                case, "failure", type="fail-on",
                message=f"{group_label(group)}: {summary} [--fail-on {triggered[group['group_id']]}]",
            )
            failure.text = figures
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"{summary}\n{figures}"
    _totals(suite, len(comparison.groups), len(triggered))
    _totals(root, len(comparison.groups), len(triggered))
    return _xml(root)
