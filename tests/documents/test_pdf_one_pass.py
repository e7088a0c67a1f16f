"""The PDF in one LibreOffice conversion: the contents' page numbers are PAGEREF fields to bookmarks on the
headings (render/docx/text.py), and LibreOffice runs with a kept user profile that no two conversions share
(render/libreoffice.py). A stand-in soffice records what it was given, so these tests need no LibreOffice;
test_docx.py checks the real PDF's contents against the pages the headings stand on."""

import sys
import threading

import pytest
from docx import Document
from docx.oxml.ns import qn

from renja.documents.assemble import Heading, document_outline
from renja.documents.render import libreoffice
from renja.documents.render.docx import render_document
from renja.documents.render.docx.text import PageOf
from renja.documents.render.libreoffice import LibreOfficeError, convert_with_libreoffice

from .test_docx import ERRORS, _plan, _tables


def test_contents_refer_to_a_bookmark_on_every_heading(tmp_path):
    view = _plan()
    outline = document_outline(view, _tables(view), ERRORS)
    heads = [part for part in outline if isinstance(part, Heading)]
    path = render_document(view, tmp_path / "a.docx", outline=outline,
                           toc=[(h, PageOf(n)) for n, h in enumerate(heads, 1)])
    body = Document(str(path)).element.body
    marks = {}
    for p in body.iter(qn("w:p")):
        for start in p.iter(qn("w:bookmarkStart")):
            marks[start.get(qn("w:name"))] = "".join(t.text for t in p.iter(qn("w:t")))
    assert list(marks.values()) == [h.text for h in heads]  # each heading marked, in order
    instructions = [i.text.strip() for i in body.iter(qn("w:instrText"))]
    assert [i for i in instructions if i.startswith("PAGEREF")] == [f"PAGEREF {name} \\h" for name in marks]
    assert not any(i.startswith("TOC") for i in instructions)  # LibreOffice would print a TOC field as it stands
    ends = {e.get(qn("w:id")) for e in body.iter(qn("w:bookmarkEnd"))}
    assert ends == {s.get(qn("w:id")) for s in body.iter(qn("w:bookmarkStart"))}


def test_without_page_fields_the_docx_keeps_its_toc_field(tmp_path):
    view = _plan()
    path = render_document(view, tmp_path / "b.docx", _tables(view), ERRORS)
    body = Document(str(path)).element.body
    assert any(i.text.strip().startswith("TOC") for i in body.iter(qn("w:instrText")))
    assert not list(body.iter(qn("w:bookmarkStart")))


# --- the kept LibreOffice profiles ---------------------------------------------------------------------------

FAKE = """import sys, time, pathlib
args = sys.argv[1:]
profile = next(a for a in args if a.startswith("-env:UserInstallation="))
outdir = pathlib.Path(args[args.index("--outdir") + 1])
source = pathlib.Path(args[-1])
with open({log!r}, "a") as log:
    log.write(profile.split("=", 1)[1] + "\\n")
time.sleep({pause})
if "gagal" in source.name:
    sys.exit(1)
(outdir / (source.stem + ".pdf")).write_bytes(b"%PDF-1.4 stand-in")
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A stand-in soffice; returns (the list of profiles it was started with, kept profiles' root)."""
    log = tmp_path / "profiles.log"

    def install(pause=0.0):
        script = tmp_path / "soffice"
        script.write_text(f"#!{sys.executable}\n" + FAKE.format(log=str(log), pause=pause))
        script.chmod(0o755)
        monkeypatch.setenv("RENJA_SOFFICE", str(script))

    root = tmp_path / "profiles"
    monkeypatch.setattr(libreoffice, "profile_root", lambda: root)
    install()
    return install, lambda: log.read_text().split(), root


def _source(tmp_path, name="a.docx"):
    source = tmp_path / name
    source.write_bytes(b"x")
    return source


def test_conversions_one_after_another_reuse_one_kept_profile(fake_soffice, tmp_path):
    _, profiles, root = fake_soffice
    for _ in range(3):
        assert convert_with_libreoffice(_source(tmp_path), "pdf", tmp_path / "out").read_bytes().startswith(b"%PDF")
    used = profiles()
    assert len(used) == 3 and len(set(used)) == 1
    assert used[0] == (root / "profile-0").as_uri() and (root / "profile-0").is_dir()


def test_conversions_at_once_never_share_a_profile(fake_soffice, tmp_path, monkeypatch):
    install, profiles, root = fake_soffice
    install(pause=0.6)
    monkeypatch.setattr(libreoffice, "PROFILE_SLOTS", 2)
    errors = []

    def convert(index):
        try:
            convert_with_libreoffice(_source(tmp_path, f"d{index}.docx"), "pdf", tmp_path / f"out{index}")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    used = profiles()
    assert len(set(used)) == 3  # two kept slots and, while both were held, a throw-away profile
    kept = {(root / f"profile-{slot}").as_uri() for slot in range(2)}
    assert kept <= set(used)
    [throw_away] = set(used) - kept
    assert "renja-lo-profile-" in throw_away


def test_a_failed_conversion_drops_its_kept_profile(fake_soffice, tmp_path):
    _, profiles, root = fake_soffice
    convert_with_libreoffice(_source(tmp_path), "pdf", tmp_path / "out")
    (root / "profile-0" / "registrymodifications.xcu").write_text("<broken")
    with pytest.raises(LibreOfficeError, match="gagal mengonversi gagal.docx ke pdf"):
        convert_with_libreoffice(_source(tmp_path, "gagal.docx"), "pdf", tmp_path / "out")
    assert not (root / "profile-0").exists()  # the next conversion starts from a new profile
    convert_with_libreoffice(_source(tmp_path), "pdf", tmp_path / "out")
    assert (root / "profile-0").is_dir() and not (root / "profile-0" / "registrymodifications.xcu").exists()
