"""One plan's view shared by the requests of a process while its data is unchanged (plans/view.py shared_view):
the same object until any change the view reads, never kept from a transaction that rolls back."""

import pytest
from django.db import transaction

from renja.plans.models import SubKegiatan
from renja.plans.view import build_view, forget_shared_views, shared_view
from tests.web.people import load_plan

pytestmark = pytest.mark.django_db(transaction=True)  # shared only once committed: the tests commit


def first_sub(renja):
    return SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").first()


def test_the_view_is_shared_until_the_plan_changes_and_then_read_again():
    renja = load_plan(0, subs=3)
    view = shared_view(renja)
    assert shared_view(renja) is view
    assert view.total_n == build_view(renja).total_n
    sub = first_sub(renja)
    sub.pagu_n += 1000
    sub.save()
    again = shared_view(renja)
    assert again is not view and again.total_n == view.total_n + 1000
    forget_shared_views()
    assert shared_view(renja) is not again


def test_a_view_read_in_a_transaction_that_rolls_back_is_not_kept():
    renja = load_plan(0, subs=3)
    with pytest.raises(RuntimeError), transaction.atomic():
        sub = first_sub(renja)
        sub.pagu_n += 1000
        sub.save()
        inside = shared_view(renja)
        raise RuntimeError("dibatalkan")
    # the rollback gave the version number back; another change now takes the same number
    sub = first_sub(renja)
    sub.pagu_n += 7
    sub.save()
    outside = shared_view(renja)
    assert outside is not inside and outside.total_n == inside.total_n - 1000 + 7
    assert outside.total_n == build_view(renja).total_n


def test_plans_of_other_pds_are_not_mixed_up():
    one, other = load_plan(0, subs=3), load_plan(1, subs=4)
    assert shared_view(one).pd_kode != shared_view(other).pd_kode
    for plan in (one, other):
        assert [n.kode for n in shared_view(plan).nodes("sub_kegiatan")] == [
            n.kode for n in build_view(plan).nodes("sub_kegiatan")]
