"""Editing one row of the Renstra matrix in the app, as a Renja's rows are edited (renja/plans/editing.py): the
version the user opened is compared with the stored one (a second save of the same row is refused, saying who
changed it), every value is read before anything is written, and every change keeps its history. A Renstra that
is not Draf or Dikembalikan (its workflow: renja/workflow/renstra.py) refuses every edit, saying why."""

from django.db import transaction

from renja.core.numbers import NumberError, is_blank, parse_rupiah
from renja.core.targets import parse_target
from renja.plans.editing import EditConflict, InvalidEdit

from .models import BarisRenstra, PaguRenstra, TargetRenstra

REASON = "diubah di aplikasi"


def period(baris):
    return list(range(baris.renstra.periode_mulai, baris.renstra.periode_selesai + 1))


@transaction.atomic
def save_row(baris, expected_versi, data, user=None):
    """Save `data` on the matrix row `baris`: "nama", "lokasi", "unit_penanggung_jawab", "pagu" (year → text as
    written) and "targets" (indicator id → year → text). EditConflict when the row changed since
    `expected_versi`; InvalidEdit (nothing written) when an amount or a target cannot be read."""
    from renja.plans.models import Renstra
    from renja.workflow.renstra import edit_refusal

    # the Renstra first (its workflow steps lock it too): a row is never saved into a Renstra just submitted
    renstra = Renstra.objects.select_for_update().filter(pk=baris.renstra_id).first()
    if renstra is not None and (refused := edit_refusal(renstra)):
        raise InvalidEdit([refused])
    current = BarisRenstra.objects.select_for_update().select_related("renstra").filter(pk=baris.pk).first()
    if current is None or str(current.versi) != str(expected_versi):
        latest = current.history.first() if current is not None else None
        who = latest.history_user if latest is not None else None
        raise EditConflict([f"Baris Renstra {baris} telah diubah{f' oleh {who}' if who else ''} sejak dibuka; "
                            "muat ulang isi terbarunya. Tidak ada yang disimpan."], changed_by=who)
    years = period(current)
    errors, fields = [], {}
    amounts = {}
    for year, text in (data.get("pagu") or {}).items():
        if int(year) not in years:
            continue
        text = (text or "").strip()
        try:
            amounts[int(year)] = (None if is_blank(text) else parse_rupiah(text), text)
        except NumberError as exc:
            message = f"Pagu {year}: '{text}' {exc}"
            errors.append(message)
            fields[f"pagu_{year}"] = message
    indicators = {i.pk: i for i in current.indikator.all()}
    targets = {}
    for indicator_id, by_year in (data.get("targets") or {}).items():
        indicator = indicators.get(int(indicator_id))
        if indicator is None:
            continue
        for year, text in by_year.items():
            if int(year) not in years:
                continue
            parsed = parse_target((text or "").strip())
            if parsed.masalah and parsed.teks:
                message = f"Target {year} indikator '{indicator.uraian[:60]}': '{parsed.teks}' {parsed.masalah}"
                errors.append(message)
                fields[f"target_{indicator.pk}_{year}"] = message
            targets[(indicator, int(year))] = parsed
    if errors:
        raise InvalidEdit(errors + ["Tidak ada yang disimpan."], fields=fields)

    for name in ("nama", "lokasi", "unit_penanggung_jawab"):
        if name in data:
            setattr(current, name, (data[name] or "").strip())
    current.versi += 1
    current._history_user = user
    current._change_reason = REASON
    current.save()
    stored = {p.tahun: p for p in current.pagu.all()}
    for year, (amount, text) in amounts.items():
        _keep(stored.get(year), PaguRenstra, {"baris": current, "tahun": year}, {"pagu": amount, "pagu_teks": text},
              blank=not text, user=user)
    stored_targets = {(t.indikator_id, t.tahun): t for t in TargetRenstra.objects.filter(indikator__baris=current)}
    for (indicator, year), parsed in targets.items():
        _keep(stored_targets.get((indicator.pk, year)), TargetRenstra, {"indikator": indicator, "tahun": year},
              {"teks": parsed.teks, "nilai": parsed.nilai, "satuan": parsed.satuan or indicator.satuan},
              blank=not parsed.teks, user=user)
    return current


def _keep(row, model, key, values, blank, user):
    """Create, change or remove one yearly figure, with its history; an unchanged one is left alone."""
    if row is None and blank:
        return
    if row is not None and blank:
        row._history_user, row._change_reason = user, REASON
        row.delete()
        return
    if row is None:
        row = model(**key)
    elif all(getattr(row, name) == value for name, value in values.items()):
        return
    for name, value in values.items():
        setattr(row, name, value)
    row._history_user, row._change_reason = user, REASON
    row.save()


