"""The sumber dana a sub kegiatan draws on, kept beside its links as one text (`SubKegiatan.sumber_dana_ids`:
the ids sorted and joined, "" without one), so that a roll-up per combination of sumber dana groups the sub
kegiatan by a column instead of listing each one's links (a province has 160,000).

Every writer of the links keeps it: the ORM's `sub.sumber_dana.set/add/remove/clear` (forms, admin) through
the m2m_changed signal below, a deleted SumberDana through its delete signals, and the bulk writers (the loader,
starting a Renja from the Renstra, a plan's revision) by writing `ids_text` of the links they write."""

from collections import defaultdict

from django.db.models.signals import m2m_changed, post_delete, pre_delete

from .models import SubKegiatan

_BATCH = 900  # within every database's limit of parameters


def ids_text(ids):
    """The stored text of a sub kegiatan linked to the sumber dana `ids` (any order, repeats allowed)."""
    return ",".join(str(i) for i in sorted(set(ids)))


def ids_of(text):
    """The sumber dana ids a stored text names."""
    return [int(i) for i in text.split(",")] if text else []


def _links(subs):
    """{sub kegiatan id: [sumber dana id]} of the sub kegiatan `subs` (ids or a queryset), one query."""
    links = defaultdict(list)
    for sub_id, source_id in SubKegiatan.sumber_dana.through.objects.filter(subkegiatan__in=subs).values_list(
            "subkegiatan_id", "sumberdana_id"):
        links[sub_id].append(source_id)
    return links


def refresh(sub_ids):
    """Set `sumber_dana_ids` of the sub kegiatan `sub_ids` from their links: one query per distinct text."""
    sub_ids = list(set(sub_ids))
    links = defaultdict(list)
    for start in range(0, len(sub_ids), _BATCH):
        for sub_id, ids in _links(sub_ids[start:start + _BATCH]).items():
            links[sub_id] = ids
    by_text = defaultdict(list)
    for sub_id in sub_ids:
        by_text[ids_text(links.get(sub_id, ()))].append(sub_id)
    for text, subs in by_text.items():
        for start in range(0, len(subs), _BATCH):  # update(): a derived column, no history record or signal
            SubKegiatan.objects.filter(pk__in=subs[start:start + _BATCH]).exclude(sumber_dana_ids=text).update(
                sumber_dana_ids=text)


def out_of_step(subs=None):
    """[(sub kegiatan id, text stored, text of its links)] where the two differ, among `subs` (a queryset; all
    by default): for the tests of every writer, and for an auditor who doubts a roll-up."""
    subs = SubKegiatan.objects.all() if subs is None else subs
    links = _links(subs)
    return [(pk, stored, ids_text(links.get(pk, ()))) for pk, stored in subs.values_list("pk", "sumber_dana_ids")
            if stored != ids_text(links.get(pk, ()))]


def _links_changed(sender, instance, action, reverse, **kwargs):
    # Only from the sub kegiatan's side: the links' history (simple_history's m2m_fields) is written only from
    # there, and nothing in Renja writes them from the sumber dana's.
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        refresh([instance.pk])


def _before_source_deleted(sender, instance, **kwargs):
    instance._sub_kegiatan_before = list(instance.sub_kegiatan.values_list("pk", flat=True))


def _after_source_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_sub_kegiatan_before", []))


def connect():
    from renja.reference.models import SumberDana

    m2m_changed.connect(_links_changed, sender=SubKegiatan.sumber_dana.through, dispatch_uid="sumber-dana-ids")
    pre_delete.connect(_before_source_deleted, sender=SumberDana, dispatch_uid="sumber-dana-ids-hapus")
    post_delete.connect(_after_source_deleted, sender=SumberDana, dispatch_uid="sumber-dana-ids-dihapus")
