"""Invariants the database itself enforces."""

import pytest
from django.db import IntegrityError, transaction

from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    pemda = Pemda.objects.create(kode="99.02", nama="Kabupaten Uji", jenis="kabupaten")
    pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Uji")
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2026, tahap="rancangan")
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program")
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.2.01", nama="Kegiatan")
    sub = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.2.01.0001", nama="Sub", pagu_n=10, pagu_n1=11)
    return renja, program, kegiatan, sub


def test_money_is_planned_only_on_sub_kegiatan():
    assert {f.name for f in SubKegiatan._meta.get_fields()} >= {"pagu_n", "pagu_n1"}
    for model in (Program, Kegiatan, Renja):
        assert not {f.name for f in model._meta.get_fields()} & {"pagu_n", "pagu_n1", "pagu"}


@pytest.mark.parametrize("field", ["pagu_n", "pagu_n1"])
def test_negative_pagu_is_refused(plan, field):
    sub = plan[3]
    setattr(sub, field, -1)
    with pytest.raises(IntegrityError), transaction.atomic():
        sub.save()


def test_an_indicator_belongs_to_exactly_one_row(plan):
    renja, program, kegiatan, sub = plan
    with pytest.raises(IntegrityError), transaction.atomic():
        Indikator.objects.create(program=program, kegiatan=kegiatan, uraian="dua induk")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indikator.objects.create(uraian="tanpa induk")
    Indikator.objects.create(sub_kegiatan=sub, uraian="satu induk")


def test_one_renja_per_pd_year_and_stage(plan):
    renja = plan[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Renja.objects.create(perangkat_daerah=renja.perangkat_daerah, tahun=2026, tahap="rancangan")
    Renja.objects.create(perangkat_daerah=renja.perangkat_daerah, tahun=2026, tahap="final")


def test_penunjang_is_program_01(plan):
    program = plan[1]
    assert not program.is_penunjang
    program.kode = "1.01.01"
    assert program.is_penunjang
    program.kode = ""
    assert not program.is_penunjang
