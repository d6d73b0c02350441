"""reconcile: line up conflicting casualty claims and show where they disagree.

    import reconcile

    comparison = reconcile.compare("claims.csv")
    comparison.groups

The API is :mod:`reconcile.api`, imported on first use (the command line starts without pandas).
"""

import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "ClaimsInput", "CompareOptions", "Comparison", "InputError", "ReadOptions", "ReconcileError",
    "ReconcileWarning", "UsageError", "compare", "read_claims",
]

if TYPE_CHECKING:
    from reconcile.api import (
        ClaimsInput,
        CompareOptions,
        Comparison,
        InputError,
        ReadOptions,
        ReconcileError,
        ReconcileWarning,
        UsageError,
        compare,
        read_claims,
    )


def __getattr__(name: str):
    if name in __all__:
        from reconcile import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reconcile' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """``reconcile.compare`` is the API's function, though a module of that name exists: importing the
    module (``from reconcile.compare import Comparison``) does not rebind the package's name to it."""

    def __setattr__(self, name: str, value) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
