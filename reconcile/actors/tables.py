"""Reading the actor tables (catalogue, aliases, grammar) and their validity days.

Each table is a CSV a user can read and extend. A bad row is an
:class:`~reconcile.errors.InputError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError

#: Open validity bounds and unknown claim dates, in days since the epoch; far
#: enough apart that differences never overflow int64.
OPEN_FROM = np.int64(-(2**40))
OPEN_TO = np.int64(2**40)
NAT_DAY = np.iinfo(np.int64).min


def _canon_column(name: str) -> str:
    return "".join(ch for ch in str(name).strip().lower() if ch not in " -_")


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                           skip_blank_lines=False)
    except FileNotFoundError:
        raise InputError(str(path), f"{what} file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), f"{what} file is a directory") from None
    except UnicodeDecodeError:
        raise InputError(str(path), f"{what} file is not UTF-8 text") from None
    except pd.errors.EmptyDataError:
        raise InputError(str(path), f"{what} file is empty") from None
    except pd.errors.ParserError as exc:
        raise InputError(str(path), f"malformed CSV: {exc}") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read {what} file: {exc.strerror or exc}") from None


def read_table(path: Path, columns: tuple[str, ...], required: tuple[str, ...], what: str) -> pd.DataFrame:
    """``columns`` of the CSV at ``path`` as stripped text, with ``file`` and ``line``.

    Headers match without case, spaces, hyphens or underscores; missing
    optional columns are blank; blank rows are skipped. ``valid_from`` and
    ``valid_to``, when among ``columns``, must be ``YYYY-MM-DD`` and in order.
    """
    raw = _read_csv(path, what)
    wanted = {_canon_column(c): c for c in columns}
    rename: dict[str, str] = {}
    for col in raw.columns:
        canon = _canon_column(col)
        if canon in wanted and wanted[canon] not in rename.values():
            rename[col] = wanted[canon]
    missing = [c for c in required if c not in rename.values()]
    if missing:
        raise InputError(str(path), f"{what} file lacks required column(s) {', '.join(missing)} "
                                    f"(expected {','.join(columns)})")
    df = raw[list(rename)].rename(columns=rename)
    for col in columns:
        df[col] = df[col].astype("str").fillna("").str.strip() if col in df.columns else ""
    df["line"] = np.arange(len(df), dtype=np.int64) + 2  # the header is line 1
    df["file"] = str(path)
    df = df[(df[list(columns)] != "").any(axis=1)]

    def fail(mask: pd.Series, message: str) -> None:
        if mask.any():
            first = df[mask].iloc[0]
            raise InputError(str(path), message.format(**first.to_dict()), line=int(first["line"]))

    for col in required:
        fail(df[col] == "", col + " is blank")
    for col in ("valid_from", "valid_to"):
        if col not in columns:
            continue
        parsed = pd.to_datetime(df[col].where(df[col] != ""), format="%Y-%m-%d", errors="coerce")
        fail((df[col] != "") & parsed.isna(), col + " {" + col + "!r} is not a date (expected YYYY-MM-DD)")
    if "valid_from" in columns:
        start = pd.to_datetime(df["valid_from"].where(df["valid_from"] != ""), format="%Y-%m-%d")
        end = pd.to_datetime(df["valid_to"].where(df["valid_to"] != ""), format="%Y-%m-%d")
        fail(start.notna() & end.notna() & (start > end),
             "valid_from is after valid_to in {" + columns[0] + "!r}")
    return df.reset_index(drop=True)


def to_days(values, open_value: str | None = None) -> np.ndarray:
    """Dates (datetime64 or ISO text) as int64 days since the epoch.

    A missing date is :data:`NAT_DAY`, or the open bound ``open_value``
    ("from" or "to") names.
    """
    s = pd.Series(values, copy=False)
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        s = pd.to_datetime(s.where(s.astype(str) != ""), errors="coerce", format="ISO8601")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    days = s.to_numpy().astype("datetime64[D]").astype(np.int64)
    if open_value is not None:
        days = np.where(days == NAT_DAY, OPEN_FROM if open_value == "from" else OPEN_TO, days)
    return days


def day_text(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days).astype("datetime64[D]"), unit="D").astype(object)


def period_text(vf: np.ndarray, vt: np.ndarray) -> np.ndarray:
    """'from A', 'until B', 'from A to B' or 'at any time' per validity period."""
    vf, vt = np.asarray(vf), np.asarray(vt)
    open_f = vf == OPEN_FROM
    open_t = vt == OPEN_TO
    f = day_text(np.where(open_f, 0, vf))
    t = day_text(np.where(open_t, 0, vt))
    return np.where(
        open_f & open_t,
        "at any time",
        np.where(open_f, "until " + t, np.where(open_t, "from " + f, "from " + f + " to " + t)),
    ).astype(object)
