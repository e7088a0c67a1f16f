"""Whose plan a workbook holds and for which year and stage: from the options, else from the title rows.

A PD given as an option (a `PerangkatDaerah`, or its code or abbreviation) or named in the title is looked up
in the database; one not yet known is described from the title, and `missing` says what the title does not
give (a load needs it; the rolled-back check of `renja check` does not).
"""

import re
from dataclasses import dataclass, field

from renja.core.errors import InputRefused

from .headers import title_year

STAGES = ("rancangan_awal", "rancangan", "final", "perubahan")
_PD_LINE = re.compile(r"^(?:nama\s+)?(?:perangkat daerah|skpd|opd|unit organisasi|organisasi|instansi)\s*:\s*(.+)$",
                      re.IGNORECASE)
_PD_WORDS = re.compile(r"^(dinas|badan|kantor|sekretariat|inspektorat|satuan|kecamatan|rumah sakit|rsud|bagian|"
                       r"biro|kelurahan|unit pelaksana)\b", re.IGNORECASE)
_PD_CODE = re.compile(r"\b(\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}|\d\.\d{2}\.\d{2}\.\d{2}(?:\.\d{2,4})*)\b")
_PEMDA = re.compile(r"\b((?i:provinsi|kabupaten|kab\.|kota))\s+([A-Z][A-Za-z'.-]*(?:\s+[A-Z][A-Za-z'.-]*)*)")


@dataclass
class Identity:
    pemda: dict
    perangkat_daerah: dict
    tahun: int
    tahap: str
    judul: str = ""
    known: bool = False  # the PD exists in the database
    missing: list = field(default_factory=list)  # what a load would need and the workbook does not say
    notes: list = field(default_factory=list)  # (title row, value, why): where an option overrode the title


def _django_ready():
    try:
        from django.apps import apps

        return apps.ready
    except Exception:  # pragma: no cover - Django is a dependency; settings may be absent in a bare script
        return False


def from_title(titles):
    """(PD name, PD code, pemda jenis, pemda name) as the title rows write them, each or None."""
    name = code = jenis = pemda = None
    for _, text in titles:
        line = " ".join(text.split())
        match = _PD_LINE.match(line)
        candidate = match.group(1).strip() if match else (line if _PD_WORDS.match(line) else None)
        if candidate and name is None:
            code_match = _PD_CODE.search(candidate)
            if code_match:
                code = code_match.group(1)
                candidate = (candidate[:code_match.start()] + candidate[code_match.end():]).strip(" -–:")
            name = candidate or None
        elif code is None and _PD_CODE.search(line) and re.search(r"kode", line, re.IGNORECASE):
            code = _PD_CODE.search(line).group(1)
        for found in _PEMDA.finditer(line):
            if pemda is None:
                word = found.group(1).lower().rstrip(".")
                jenis = {"kab": "kabupaten"}.get(word, word)
                place = found.group(2).strip()
                place = place.title() if place.isupper() else place  # "KOTA JAMBI" in a title: "Kota Jambi"
                pemda = f"{jenis.capitalize()} {place}"
    return name, code, jenis, pemda


def title_stage(titles):
    text = " ".join(t for _, t in titles).lower()
    if "rancangan awal" in text:
        return "rancangan_awal"
    if "perubahan" in text:
        return "perubahan"
    if "rancangan" in text:
        return "rancangan"
    return None


def resolve(titles, *, pd=None, year=None, stage=None, header_year=None, perubahan=False):
    if stage is not None and stage not in STAGES:
        raise InputRefused(f"tahap '{stage}' tidak dikenal; pilihan: {', '.join(STAGES)}")
    notes = []
    written_year = title_year(titles)
    if year and written_year and int(year) != written_year:
        row = next(r for r, text in titles if str(written_year) in text)
        notes.append((row, str(written_year), f"judul menyebut tahun {written_year}; dipakai tahun {year} dari pilihan"))
    tahun = year or written_year or header_year
    if not tahun:
        raise InputRefused("tahun Renja tidak tertulis di judul maupun di judul kolom; sebutkan tahunnya "
                           "(--year / pilihan tahun)")
    tahap = stage or ("perubahan" if perubahan else None) or title_stage(titles) or "rancangan"
    judul = titles[0][1] if titles else ""
    name, code, jenis, pemda_name = from_title(titles)
    found = _lookup(pd, name)
    if found is not None and name and pd is not None and " ".join(name.lower().split()) != " ".join(
            found.nama.lower().split()):
        row = next((r for r, text in titles if name in " ".join(text.split())), None)
        notes.append((row, name, f"judul menyebut '{name}'; Renja dimuat untuk {found.nama} (pilihan PD)"))
    if found is not None:
        return Identity(notes=notes, 
            pemda={"kode": found.pemda.kode, "nama": found.pemda.nama, "jenis": found.pemda.jenis},
            perangkat_daerah={"kode": found.kode, "nama": found.nama, "singkatan": found.singkatan or None},
            tahun=int(tahun), tahap=tahap, judul=judul, known=True)
    missing = []
    pd_code = pd if isinstance(pd, str) and pd.strip() else code
    if not pd_code:
        missing.append("kode perangkat daerah (tidak tertulis di judul; sebutkan --pd)")
    if not name:
        missing.append("nama perangkat daerah (tidak tertulis di judul)")
    pemda = _pemda(pemda_name, jenis)
    if pemda is None:
        missing.append("pemda yang sudah terdaftar" + (f" ({pemda_name})" if pemda_name else ""))
        pemda = {"kode": "", "nama": pemda_name or "(pemda tidak tertulis)", "jenis": jenis or "kota"}
    return Identity(pemda=pemda, perangkat_daerah={"kode": pd_code or "(belum dikenal)",
                                                   "nama": name or "(perangkat daerah tidak tertulis)"},
                    tahun=int(tahun), tahap=tahap, judul=judul, known=False, missing=missing, notes=notes)


def _lookup(pd, title_name):
    """The PerangkatDaerah an option or the title names, when the database knows exactly one."""
    if pd is not None and hasattr(pd, "pemda"):
        return pd
    if not _django_ready():
        return None
    from django.db.models import Q

    from renja.organizations.models import PerangkatDaerah

    plans = PerangkatDaerah.objects.select_related("pemda")
    if isinstance(pd, str) and pd.strip():
        found = list(plans.filter(Q(kode=pd.strip()) | Q(singkatan__iexact=pd.strip()))[:3])
        if len(found) > 1:
            raise InputRefused(f"ada {len(found)} perangkat daerah dengan kode atau singkatan '{pd}'; sebutkan kodenya")
        return found[0] if found else None
    if title_name:
        found = list(plans.filter(nama__iexact=title_name)[:2])
        if len(found) == 1:
            return found[0]
    return None


def _pemda(name, jenis):
    if not name or not _django_ready():
        return None
    from renja.organizations.models import Pemda

    found = list(Pemda.objects.filter(nama__iexact=name)[:2])
    if len(found) != 1:
        return None
    return {"kode": found[0].kode, "nama": found[0].nama, "jenis": found[0].jenis}
