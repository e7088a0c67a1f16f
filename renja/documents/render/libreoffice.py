"""Converting documents with LibreOffice, headless (XLSX → PDF, DOCX → PDF, …).

`convert_with_libreoffice(path, "pdf", outdir)` runs `soffice --headless --convert-to` inside its own
process group and with a time limit, and returns the path of the converted file. Every failure is raised
as `LibreOfficeError` with a message in Bahasa Indonesia.

The user profile is kept between conversions: LibreOffice's first start with a new profile costs a second
or more of setting it up. Each conversion takes one of `PROFILE_SLOTS` kept profiles that no other
conversion holds (a lock file per slot, so that parallel conversions never share one: a second soffice on
the same profile hands its work to the first and exits), or, when all are held, a throw-away profile as
before. A kept profile is removed after a failed or stopped conversion, so that a broken profile does not
break the next ones.

The program is found as `soffice` or `libreoffice` on the PATH, or at the path given in the environment
variable `RENJA_SOFFICE`.
"""

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

DEFAULT_TIMEOUT = 180  # seconds; a first start of LibreOffice with a new profile takes a few seconds
PROFILE_SLOTS = 4  # conversions at once that reuse a kept profile (the machine has a few cores)


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed, timed out or wrote nothing; the message says which, in Indonesian."""


def find_soffice():
    """The LibreOffice program to run, or None when it is not installed."""
    configured = os.environ.get("RENJA_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _extension(target_format):
    """'pdf' → 'pdf'; 'pdf:calc_pdf_Export' → 'pdf'; 'xlsx:"Calc MS Excel 2007 XML"' → 'xlsx'."""
    return target_format.split(":", 1)[0].strip().lower()


def convert_with_libreoffice(path, target_format, outdir, timeout=DEFAULT_TIMEOUT):
    """Convert `path` to `target_format` (e.g. "pdf") into `outdir`; return the converted file's path."""
    source = Path(path).resolve()
    if not source.is_file():
        raise LibreOfficeError(f"Berkas yang akan dikonversi tidak ditemukan: {source}")
    soffice = find_soffice()
    if not soffice:
        raise LibreOfficeError(
            "LibreOffice tidak ditemukan: program 'soffice' atau 'libreoffice' tidak ada di PATH. "
            "Pasang LibreOffice (mis. 'apt-get install libreoffice-calc libreoffice-writer') "
            "atau isi variabel lingkungan RENJA_SOFFICE dengan lokasi programnya."
        )
    target = Path(outdir).resolve()
    target.mkdir(parents=True, exist_ok=True)
    expected = target / f"{source.stem}.{_extension(target_format)}"
    if expected.exists():
        expected.unlink()

    with _profile() as (profile, kept):
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(target),
            str(source),
        ]
        environment = dict(os.environ, HOME=profile)
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=environment,
                start_new_session=True,  # its own process group: a timeout ends soffice.bin too
            )
        except OSError as exc:
            raise LibreOfficeError(f"LibreOffice tidak dapat dijalankan ({soffice}): {exc}") from exc
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end_group(process)
            if kept:
                shutil.rmtree(profile, ignore_errors=True)
            raise LibreOfficeError(
                f"LibreOffice tidak selesai mengonversi {source.name} ke {_extension(target_format)} "
                f"dalam {timeout} detik; proses dihentikan."
            ) from None

        failed = process.returncode != 0 or not expected.is_file() or expected.stat().st_size == 0
        if failed and kept:
            shutil.rmtree(profile, ignore_errors=True)
    if failed:
        detail = " ".join(
            line.strip()
            for line in f"{stderr or ''}\n{stdout or ''}".splitlines()
            if line.strip() and "javaldx" not in line  # a harmless warning of every headless run
        )
        raise LibreOfficeError(
            f"LibreOffice gagal mengonversi {source.name} ke {_extension(target_format)} "
            f"(kode keluar {process.returncode})" + (f": {detail[:500]}" if detail else ".")
        )
    return expected


def profile_root():
    """Where the kept profiles live: a folder of this user's own under the temporary directory."""
    return Path(tempfile.gettempdir()) / f"renja-libreoffice-{os.getuid()}"


@contextlib.contextmanager
def _profile():
    """(profile folder, kept): a kept profile free of other conversions for as long as the block runs, else a
    throw-away one."""
    root = profile_root()
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        usable = not root.is_symlink() and root.stat().st_uid == os.getuid()
    except OSError:
        usable = False
    for slot in range(PROFILE_SLOTS if usable else 0):
        try:
            lock = open(root / f"profile-{slot}.lock", "a")  # noqa: SIM115 - held until the block ends
        except OSError:
            break
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by another conversion
            lock.close()
            continue
        try:
            profile = root / f"profile-{slot}"
            profile.mkdir(mode=0o700, exist_ok=True)
            yield str(profile), True
        finally:
            lock.close()  # closing releases the lock
        return
    with tempfile.TemporaryDirectory(prefix="renja-lo-profile-") as profile:
        yield profile, False


def _end_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # pragma: no cover - already gone
        pass
    process.communicate()
