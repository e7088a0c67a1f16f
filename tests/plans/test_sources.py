"""`SubKegiatan.sumber_dana_ids` says what the links say after every way of writing them: the ORM's set, add,
remove and clear, a deleted sumber dana, the loader, a Renja started from the Renstra and a
plan's revision."""

import pytest

from renja.exchange.loader import load_file
from renja.plans import sources
from renja.plans.models import SubKegiatan
from renja.reference.models import SumberDana
from tests.conftest import CLEAN_PLAN

pytestmark = pytest.mark.django_db


def test_the_text_is_the_sorted_ids_and_reads_back():
    assert sources.ids_text([7, 3, 7]) == "3,7" and sources.ids_text([]) == ""
    assert sources.ids_of("3,7") == [3, 7] and sources.ids_of("") == []


def test_every_orm_write_of_the_links_keeps_the_text():
    load_file(CLEAN_PLAN)
    sub, other = SubKegiatan.objects.order_by("id")[:2]
    a, b, c = (SumberDana.objects.create(nama=n) for n in ("DAU", "DAK", "Dana Desa"))

    def text(row):
        return SubKegiatan.objects.get(pk=row.pk).sumber_dana_ids

    sub.sumber_dana.set([c, a])
    assert text(sub) == sources.ids_text([a.pk, c.pk])
    sub.sumber_dana.add(b)
    assert text(sub) == sources.ids_text([a.pk, b.pk, c.pk])
    sub.sumber_dana.remove(a)
    assert text(sub) == sources.ids_text([b.pk, c.pk])
    other.sumber_dana.set([b])
    assert text(other) == str(b.pk)
    sub.sumber_dana.clear()
    assert text(sub) == ""
    sub.sumber_dana.set([a, b])
    b.delete()  # its links go with it, without an m2m signal
    assert text(sub) == str(a.pk)
    sub.sumber_dana.clear()
    assert text(sub) == ""
    assert sources.out_of_step() == []


def test_the_loader_writes_the_text_of_the_links_it_writes():
    load_file(CLEAN_PLAN)
    assert SubKegiatan.objects.exclude(sumber_dana_ids="").exists()
    assert sources.out_of_step() == []


def test_a_text_out_of_step_is_found():
    load_file(CLEAN_PLAN)
    sub = SubKegiatan.objects.exclude(sumber_dana_ids="").first()
    SubKegiatan.objects.filter(pk=sub.pk).update(sumber_dana_ids="")
    assert [pk for pk, _, _ in sources.out_of_step()] == [sub.pk]
