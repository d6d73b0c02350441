"""reconcile: line up conflicting casualty claims and show where they disagree."""

__version__ = "0.1.0"
