"""The app's forms. They only carry what the user wrote; reading amounts and targets, and refusing what cannot
be read, is the domain's job (renja.plans.editing), so that the rules are the same for every way in."""

from django import forms
from django.forms.renderers import Jinja2

from renja.core.numbers import format_rupiah
from renja.plans.models import Polaritas, SubKegiatan
from renja.reference.models import SumberDana, visible_to

INDICATOR_PREFIX = "indikator"
# The row forms' widgets are drawn with Django's own Jinja2 widget templates: drawn with its template engine, the
# thirty-odd inputs of a sub kegiatan's form were a third of the edit page's time. Per form, not in settings: the
# admin's widgets have Django templates only.
WIDGETS = Jinja2()


class SumberDanaChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kode} {obj.nama}" if obj.kode else obj.nama


class RowForm(forms.Form):
    """A program or kegiatan row: its indicators are edited in the formset beside it."""

    default_renderer = WIDGETS
    versi = forms.IntegerField(widget=forms.HiddenInput)
    lokasi = forms.CharField(label="Lokasi", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    catatan = forms.CharField(label="Catatan penting", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def domain_data(self):
        """What renja.plans.editing.save_row takes as `data`."""
        return {key: self.cleaned_data[key] for key in self.fields if key != "versi"}


class SubKegiatanForm(RowForm):
    pagu_n = forms.CharField(
        label="Pagu indikatif tahun n (Rp)", required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "contoh: 1.250.000.000"}))
    pagu_n1 = forms.CharField(
        label="Prakiraan maju tahun n+1 (Rp)", required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "contoh: 1.375.000.000"}))
    sumber_dana = SumberDanaChoice(label="Sumber dana", queryset=SumberDana.objects.all(), required=False,
                                   widget=forms.CheckboxSelectMultiple)

    field_order = ["versi", "pagu_n", "pagu_n1", "lokasi", "sumber_dana", "catatan"]


class IndikatorForm(forms.Form):
    default_renderer = WIDGETS
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    versi = forms.IntegerField(required=False, widget=forms.HiddenInput)
    uraian = forms.CharField(label="Indikator", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    polaritas = forms.ChoiceField(label="Polaritas", choices=Polaritas.choices, initial=Polaritas.POSITIF)
    target_n_teks = forms.CharField(label="Target tahun n", required=False,
                                    widget=forms.TextInput(attrs={"placeholder": "contoh: 46 %"}))
    target_n1_teks = forms.CharField(label="Target tahun n+1", required=False,
                                     widget=forms.TextInput(attrs={"placeholder": "contoh: 12 Dokumen"}))


IndikatorFormSet = forms.formset_factory(IndikatorForm, extra=2, renderer=WIDGETS)


def row_form_class(row):
    return SubKegiatanForm if isinstance(row, SubKegiatan) else RowForm


def row_initial(row):
    """The row as the form shows it: amounts written the Indonesian way (an unreadable amount as it was
    written, so that it can be corrected)."""
    initial = {"versi": row.versi, "lokasi": row.lokasi, "catatan": row.catatan}
    if isinstance(row, SubKegiatan):
        for key in ("pagu_n", "pagu_n1"):
            value = getattr(row, key)
            initial[key] = format_rupiah(value) if value is not None else getattr(row, f"{key}_teks")
        initial["sumber_dana"] = [s.pk for s in row.sumber_dana.all()]
    return initial


def indicator_initial(indicators):
    # "satuan" is not a field: the page shows it beside the targets, which keep it when written without one
    return [{"id": i.pk, "versi": i.versi, "uraian": i.uraian, "polaritas": i.polaritas,
             "target_n_teks": i.target_n_teks, "target_n1_teks": i.target_n1_teks,
             "satuan": i.target_n_satuan or i.target_n1_satuan} for i in indicators]


def forms_for(row, indicators, data=None, pemda=None):
    """The row form and the indicators formset, bound to `data` (request.POST) or showing the row. The sumber
    dana offered are the nation's and `pemda`'s own (the plan's Pemda)."""
    form_class = row_form_class(row)
    if data is not None:
        form, formset = form_class(data), IndikatorFormSet(data, prefix=INDICATOR_PREFIX)
    else:
        form = form_class(initial=row_initial(row))
        formset = IndikatorFormSet(initial=indicator_initial(indicators), prefix=INDICATOR_PREFIX)
    if "sumber_dana" in form.fields:
        form.fields["sumber_dana"].queryset = visible_to(SumberDana.objects.all(), pemda)
    return form, formset


def _kept(data):
    """Whether a cleaned indicator form goes to the domain: an existing indicator, or a new one with a text."""
    return bool(data) and (data.get("id") is not None or bool((data.get("uraian") or "").strip()))


def indicator_items(formset):
    """What renja.plans.editing.save_row takes as `indicators`: every form the user filled or had (blank extra
    forms are left out; an existing indicator whose uraian was cleared is deleted by the domain)."""
    items = []
    for form in formset.forms:
        data = form.cleaned_data
        if not _kept(data):
            continue
        items.append({key: data.get(key) for key in ("id", "versi", "uraian", "polaritas", "target_n_teks",
                                                      "target_n1_teks")})
    return items


def add_domain_errors(form, formset, refused):
    """Put the domain's field errors (InvalidEdit.fields) next to their fields; return those that found no
    field, to show above the form."""
    placed = set()
    positions = {}
    position = 0
    for index, sub in enumerate(formset.forms):
        if _kept(getattr(sub, "cleaned_data", None)):
            positions[position] = index
            position += 1
    for key, messages in getattr(refused, "fields", {}).items():
        if isinstance(key, tuple):
            _, item, name = key
            index = positions.get(item)
            if index is not None and name in formset.forms[index].fields:
                for message in messages:
                    formset.forms[index].add_error(name, message)
                placed.update(messages)
        elif key in form.fields:
            for message in messages:
                form.add_error(key, message)
            placed.update(messages)
    return [message for message in refused.errors if message not in placed]
