"""A workbook file is checked before anything opens it: size, kind, encryption, zip bombs, row counts.

Every refusal is an `InputRefused` with the reason in Bahasa Indonesia; nothing has been read or written.
"""

import re
import tempfile
import zipfile
from pathlib import Path

from renja.core.errors import InputRefused

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 20000
# A worksheet's XML is verbose and compresses well (20–60×); far beyond that is a crafted file.
MAX_RATIO = 200
# Whatever the ratio, never more than this uncompressed in all (a 20 MB file of plain XML stays below it).
MAX_UNCOMPRESSED = 400 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def limits():
    """(max bytes, max rows) from the settings when Django is configured, else the defaults."""
    try:
        from django.conf import settings

        return (getattr(settings, "RENJA_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES),
                getattr(settings, "RENJA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))
    except Exception:  # settings not configured: a reader used outside the project
        return DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS


def megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_file(path, name=None):
    """Refuse a file that is not a safe .xlsx; returns the names of its worksheet parts. `name` is the one the
    user knows (an upload's), when the path is a temporary copy."""
    path = Path(path)
    name = name or path.name
    max_bytes, max_rows = limits()
    if not path.is_file():
        raise InputRefused(f"{name}: berkas tidak ditemukan")
    size = path.stat().st_size
    if size == 0:
        raise InputRefused(f"{name}: berkas kosong (0 byte)")
    if size > max_bytes:
        raise InputRefused(f"{name}: berkas terlalu besar ({megabytes(size)}); batasnya {megabytes(max_bytes)} "
                           "(RENJA_IMPORT_MAX_BYTES)")
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(OLE_MAGIC):
            handle.seek(0)
            if ENCRYPTED_STREAM in handle.read():
                raise InputRefused(f"{name}: buku kerja dilindungi kata sandi (terenkripsi); buka di Excel, hapus "
                                   "kata sandinya, simpan, lalu unggah lagi")
            raise InputRefused(f"{name}: format Excel lama (.xls) tidak dibaca; buka di Excel dan simpan sebagai "
                               ".xlsx")
    if not head.startswith(ZIP_MAGIC):
        raise InputRefused(f"{name}: bukan buku kerja Excel (.xlsx)")
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, OSError, NotImplementedError …: a damaged file says one thing to a user
        raise InputRefused(f"{name}: berkas rusak, tidak dapat dibuka sebagai .xlsx ({exc})") from exc
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise InputRefused(f"{name}: bukan buku kerja Excel (.xlsx): isinya bukan lembar kerja")
        if any(m.flag_bits & 0x1 for m in members):
            raise InputRefused(f"{name}: buku kerja terenkripsi; simpan ulang tanpa kata sandi")
        total = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members) or 1
        if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
            raise InputRefused(f"{name}: isi berkas setelah dibuka {megabytes(total)} dari {megabytes(size)} "
                               "(rasio tidak wajar, kemungkinan bom zip); berkas ditolak")
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        for sheet in sheets:
            try:
                with archive.open(sheet) as handle:
                    start = handle.read(4096)
            except Exception as exc:  # zlib.error, NotImplementedError (a damaged method field), EOFError …
                raise InputRefused(f"{name}: berkas rusak ({sheet}: {exc})") from exc
            match = _DIMENSION.search(start)
            if match and match.group(1) and int(match.group(1)) > max_rows:
                raise InputRefused(f"{name}: lembar {Path(sheet).stem} memiliki {int(match.group(1)):,} baris; "
                                   f"batasnya {max_rows:,} baris (RENJA_IMPORT_MAX_ROWS)".replace(",", "."))
    return sheets


def check_upload(file, name="berkas"):
    """`check_file` for what a reader is given: a path, bytes or an uploaded file object (read, then rewound)."""
    if isinstance(file, str | Path):
        return check_file(file, name)
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        position = file.tell() if hasattr(file, "tell") else 0
        data = file.read()
        file.seek(position)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        copy.write(data)
        copy.flush()
        return check_file(copy.name, name)


def check_rows(name, sheet_title, rows):
    _, max_rows = limits()
    if rows > max_rows:
        raise InputRefused(f"{name}: lembar {sheet_title} memiliki {rows:,} baris; batasnya {max_rows:,} baris "
                           "(RENJA_IMPORT_MAX_ROWS)".replace(",", "."))
