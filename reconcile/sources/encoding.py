"""Bytes and text: reading a file's bytes (gunzipped), the memory check, and decoding.

Text files are decoded as UTF-8 when they are UTF-8 (with or without BOM),
UTF-16/UTF-32 when a byte-order mark says so, else as the encoding detected
(:func:`detect_encoding`: Windows-1256 for Arabic, Windows-1252/Latin-1), or
as ``--encoding`` says.
"""

from __future__ import annotations

import codecs
import gzip
import io
from pathlib import Path

import numpy as np

from reconcile.errors import InputError, UsageError
from reconcile.memory import available_memory

SNIFF_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"

#: peak memory of a run per byte of CSV text, about (benchmarks/run.py measured 20-32 at 1M claims):
#: a file needing more than the memory free fails at once with a clear message.
MEMORY_PER_BYTE = 16


def check_memory(path: Path, size: int) -> None:
    """InputError when ``size`` bytes of text plainly cannot be compared in the memory free."""
    available = available_memory()
    if available is None or size * MEMORY_PER_BYTE <= available:
        return
    raise InputError(
        path,
        f"too large for the memory free: {size / 1e6:,.0f} MB of text needs about "
        f"{size * MEMORY_PER_BYTE / 1e9:,.1f} GB to compare and {available / 1e9:,.1f} GB are free; "
        "split it into smaller files (or filter it first)",
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes (gunzipped when gzip), or a clear InputError."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a claims file")
    try:
        check_memory(path, path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if data[:2] == GZIP_MAGIC:
        available = available_memory()
        limit = -1 if available is None else available // MEMORY_PER_BYTE + 1
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(limit)  # never more than could be compared: a gzip bomb stops here
        except (OSError, EOFError) as exc:
            raise InputError(path, f"damaged gzip file: {exc}") from exc
        check_memory(path, len(data))
    return data


#: byte-order marks, longest first (UTF-32's starts like UTF-16's).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: what is detected when a file is not UTF-8 and has no byte-order mark: Arabic
#: (Windows-1256) and Western European (Windows-1252, Latin-1) code pages.
DETECTED = ("cp1256", "cp1252", "latin_1")
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-32": "UTF-32",
                  "cp1256": "Windows-1256 (Arabic)", "cp1252": "Windows-1252 (Western European)",
                  "latin_1": "Latin-1 (ISO-8859-1)"}
#: NUL bytes above this share of a file's start make it binary (or UTF-16 without a BOM), not text;
#: fewer, in text that is UTF-8 otherwise, reject the rows holding them.
BINARY_NUL_SHARE = 0.1


def _utf8(sample: bytes) -> bool:
    """Whether ``sample`` (the start of a file, maybe cut inside a character) is UTF-8."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    return True


def _undecodable(path: Path, data: bytes, exc: UnicodeDecodeError, encoding: str, hint: str) -> InputError:
    line = data[: exc.start].count(b"\n") + 1
    return InputError(path, f"not {encoding} text (byte 0x{data[exc.start]:02x}){hint}", line=line)


def byte_order_mark(data: bytes) -> str | None:
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding
    return None


def _high_bytes_in_runs(data: bytes) -> float:
    """Share of the non-ASCII bytes that have a non-ASCII neighbour.

    Arabic words in a single-byte code page are runs of non-ASCII bytes;
    Latin-script words have an accented letter here and there.
    """
    high = np.frombuffer(data, dtype=np.uint8) >= 0x80
    if not high.any():
        return 0.0
    neighbour = np.zeros_like(high)
    neighbour[1:] |= high[:-1]
    neighbour[:-1] |= high[1:]
    return float((high & neighbour).sum() / high.sum())


def detect_encoding(data: bytes) -> str | None:
    """The encoding of text that is not UTF-8 and has no byte-order mark, or None.

    charset-normalizer ranks the code pages of :data:`DETECTED` that decode
    the bytes without mess; between Arabic and Latin ones, which short files
    leave it unsure of, the shape of the text decides: Arabic words are runs
    of non-ASCII bytes, Latin-script words have single accented letters.
    """
    from charset_normalizer import from_bytes

    sample = data[: 1 << 20]
    ranked = [match.encoding for match in from_bytes(sample, cp_isolation=list(DETECTED))]
    if not ranked:
        return None
    arabic = _high_bytes_in_runs(sample) >= 0.5
    for encoding in ranked:
        if (encoding == "cp1256") == arabic:
            return encoding
    return ranked[0]


def decode_text(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and how it was decoded (``UTF-8``, ``Windows-1256 (Arabic), detected`` ...).

    ``encoding`` (``--encoding``) forces one. Else a byte-order mark decides,
    then UTF-8, then :func:`detect_encoding`. A clear InputError when the
    bytes are no text (empty, binary, or not in the forced encoding).
    """
    if not data.strip():
        raise InputError(path, "file is empty (expected a CSV header line)")
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding '{encoding}' "
                             "(e.g. utf-8, utf-16, cp1256, latin-1)") from None
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            raise _undecodable(path, data, exc, encoding, "; check --encoding") from exc
        return text.removeprefix("\ufeff"), f"{encoding} (--encoding)"
    bom = byte_order_mark(data)
    if bom is not None:
        try:
            return data.decode(bom).removeprefix("\ufeff"), f"{ENCODING_NAMES[bom]} (byte-order mark)"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, data, exc, ENCODING_NAMES[bom], " after its byte-order mark") from exc
    start = data[:SNIFF_BYTES]
    nuls = start.count(0)
    if nuls > BINARY_NUL_SHARE * len(start) or (nuls and not _utf8(start)):
        raise InputError(path, "looks like a binary file, not a CSV text file "
                               "(UTF-16 without a byte-order mark? give --encoding utf-16-le)")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        detected = detect_encoding(data)
        if detected is None:
            raise _undecodable(path, data, exc, "UTF-8",
                               "; cannot tell its encoding: "
                               "save it as UTF-8 or give --encoding NAME") from exc
        try:
            text = data.decode(detected)
        except UnicodeDecodeError:
            detected, text = "latin_1", data.decode("latin_1")
        return text, (f"{ENCODING_NAMES.get(detected, detected)}, detected "
                      "(not UTF-8; --encoding to force another)")


def decode(path: Path, data: bytes, encoding: str | None = None) -> str:
    """The file's text; see :func:`decode_text`."""
    return decode_text(path, data, encoding)[0]


def read_text(path: Path, encoding: str | None = None) -> str:
    """The file's text (gunzipped first if need be); see :func:`decode_text`."""
    return decode(path, read_bytes(path), encoding)
