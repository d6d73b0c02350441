"""Paste the current `reconcile demo` output into README.md (tests/test_readme.py checks it)."""

import os
import re
import subprocess
from pathlib import Path

readme = Path(__file__).resolve().parents[1] / "README.md"
output = subprocess.run(
    ["reconcile", "demo"], capture_output=True, text=True, check=True, env={**os.environ, "NO_COLOR": "1"}
).stdout
text = readme.read_text(encoding="utf-8")
block = re.compile(r"(<!-- demo-output:start -->\n```text\n).*?(```\n<!-- demo-output:end -->)", re.S)
readme.write_text(block.sub(lambda m: m.group(1) + output + m.group(2), text), encoding="utf-8")
