"""Monitoring and evaluation screens: a plan's progress during its year (S-curve, fisik against keuangan, early
warning, capaian per indicator by category, per program), the city's ranking of PDs by realisation, and the
evaluation of an earlier year captured from a plan's document (BAB II) measured again from its own rows.

The figures come from `renja.monitoring.progress` (quarterly realisation), read as stored per data version
(`renja.monitoring.stored`), and from the document builders and the checker's rules (evaluation); this module
only arranges them for the templates. Charts are SVG geometry from `renja.web.charts`.
"""

import dataclasses
import html
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from renja.core.numbers import format_decimal, format_persen, format_rupiah
from renja.documents.builders import evaluation as builders
from renja.documents.tables import MONEY, NUMBER, PERCENT, Add, InverseRatio, Latest, Ratio, SumOf, WeightedMean
from renja.monitoring import measures
from renja.monitoring import stored as stored_progress
from renja.monitoring.models import Evaluasi, Triwulan
from renja.monitoring.progress import early_warning, in_force, scale_for
from renja.organizations.models import PerangkatDaerah, Profil
from renja.organizations.scoping import scope
from renja.plans import versions
from renja.plans.models import Renja
from renja.plans.view import build_view
from renja.rules import stored
from renja.rules.catalogue import percentages
from renja.web import access, charts
from renja.web.kept import kept

LEVEL_LABELS = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}
CAPAIAN_AXIS = 120  # capaian bars run to 120 %: the 100 % mark stays visible, beyond it the bar is cut and flagged


def _quarter_param(request):
    try:
        value = int(request.GET.get("triwulan") or 0)
    except ValueError:
        return None
    return value if value in (1, 2, 3, 4) else None


def quarter_label(triwulan):
    return Triwulan(triwulan).label if triwulan else ""


def evaluation_years(renja):
    return sorted(Evaluasi.objects.filter(renja=renja).values_list("tahun", flat=True), reverse=True)


# --- the plan's monitoring page --------------------------------------------------------------------------------


@dataclasses.dataclass
class ProgramLine:
    row: object  # RowProgress
    figures: object  # QuarterFigures of the quarter shown
    keuangan_bar: object
    fisik_bar: object
    rencana_x: float | None  # where the planned % falls on the bars


@dataclasses.dataclass
class IndicatorLine:
    owner: object  # RowProgress the indicator belongs to
    level: str
    indicator: object  # IndicatorProgress
    bar: object
    colour: str

    @property
    def quarter_texts(self):
        return [value_text(v) for v in self.indicator.triwulan]

    @property
    def target_text(self):
        """The target as written, with its unit when the text does not already carry it."""
        text, unit = self.indicator.target_teks or "", self.indicator.satuan or ""
        if not text:
            return value_text(self.indicator.target) or "—"
        return text if not unit or unit.lower() in text.lower() else f"{text} {unit}"

    @property
    def realisasi_text(self):
        return value_text(self.indicator.realisasi)


def value_text(value):
    """An indicator's value the Indonesian way, without needless decimals: 12, 6,5, 0,25."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        # whole numbers through format_rupiah's fast path (the same text, Babel's general path is ~50× slower:
        # a plan's page has thousands); Babel keeps the sign of -0
        return format_decimal(value, 0) if value.is_zero() and value.is_signed() else format_rupiah(int(value))
    return format_decimal(value, 2 if abs(value) >= Decimal("0.01") else 4)


def program_lines(progress, triwulan):
    lines = []
    for program in progress.programs:
        figures = program.triwulan[triwulan - 1]
        rencana = figures.persen_rencana
        keuangan = charts.hbar(figures.persen_keuangan, 100, charts.REALISED, width=200)
        fisik = charts.hbar(figures.fisik, 100, charts.FISIK, width=200)
        x = round(float(min(rencana, 100)) * 2, 1) if rencana is not None else None
        lines.append(ProgramLine(program, figures, keuangan, fisik, x))
    return lines


def _walk(rows):
    for row in rows:
        yield row
        yield from _walk(row.children)


def indicator_groups(progress):
    """Indicators of every row, grouped by category in the scale's order (the top category first), then those
    without a category (no realisation yet, or a capaian that cannot be computed)."""
    colours = charts.category_colours(progress.skala)
    order = list(colours)
    groups = {label: [] for label in order}
    none = []
    for row in _walk(progress.programs):
        for indicator in row.indicators:
            colour = colours.get(indicator.kategori, charts.NO_CATEGORY)
            line = IndicatorLine(row, LEVEL_LABELS.get(row.level, row.level), indicator,
                                 charts.hbar(indicator.capaian, CAPAIAN_AXIS, colour), colour)
            if indicator.kategori is None:
                none.append(line)
            else:
                groups.setdefault(indicator.kategori, []).append(line)
    result = [{"kategori": label, "colour": colours.get(label, charts.NO_CATEGORY), "lines": lines,
               "band": next((" ".join(b.text.split()) for b, lab in progress.skala if lab == label), "")}
              for label, lines in groups.items()]
    return result, none


def _text(value):
    """A value as a template writes it: localised, escaped (text directly: Django's escape is html.escape)."""
    return html.escape(value) if type(value) is str else conditional_escape(localize(value))


def indicator_rows(lines, without=False):
    """The rows of web/monitoring/_indicators.html (IndicatorLine), written here rather than looped over in the
    template: a plan's page has hundreds of them, and the template's tags cost most of the page. `without`: the
    indicators without a capaian (the reason in place of the bar)."""
    parts = []
    for line in lines:
        indicator, owner = line.indicator, line.owner
        polarity = "makin rendah makin baik" if indicator.polaritas == "negatif" else "makin tinggi makin baik"
        accumulation = "jumlah triwulan" if indicator.akumulasi == "jumlah" else "nilai terakhir"
        quarters = "".join(f'<td class="num">{_text(v)}</td>' for v in line.quarter_texts)
        if without:
            last = f'\n        <td class="small">{_text(indicator.catatan or "Belum ada realisasi.")}</td>\n      '
        else:
            above = ('<span class="badge warning above-scale" title="Capaian di atas 100 %: tetap pada kategori '
                     'tertinggi">di atas skala</span>') if indicator.di_atas_skala else ""
            note = f'<div class="small muted">{_text(indicator.catatan)}</div>' if indicator.catatan else ""
            last = (f'\n        <td class="capaian">{charts.hbar_svg(line.bar)}\n          {above}\n          '
                    f'{note}</td>\n      ')
        parts.append(
            f'\n    <tr class="indicator-line" id="indikator-{indicator.id}">\n'
            f'      <td>{_text(indicator.uraian)}<br><span class="muted small">{_text(line.level)} {_text(owner.kode)} '
            f'{_text(owner.nama)} · {polarity} · {accumulation}</span></td>\n'
            f'      <td>{_text(line.target_text)}</td>\n'
            f'      {quarters}\n'
            f'      <td class="num">{_text(line.realisasi_text or "—")}</td>\n'
            f'      {last}\n    </tr>\n  ')
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


PROGRESS_BODY = 1  # the version of _progress.html's shape, part of the key of what is kept


def progress_body(progress, triwulan, unit):
    """The HTML of a plan's charts and tables for one quarter and axis (web/monitoring/_progress.html)."""
    groups, without = indicator_groups(progress)
    return render_to_string("web/monitoring/_progress.html", {
        "progress": progress, "triwulan": triwulan, "unit": unit,
        "triwulan_label": quarter_label(triwulan),
        "figures": progress.quarter(triwulan),
        "quarters": progress.triwulan,
        "s_curve": charts.s_curve(
            progress.triwulan, unit,
            title=f"Kurva S penyerapan anggaran {progress.pd_nama} {progress.tahun}",
            desc="Rencana dan realisasi keuangan kumulatif per triwulan"
                 + (" dalam persen pagu." if unit == "persen" else " dalam rupiah.")),
        "progress_chart": charts.progress_bars(
            progress.triwulan, title=f"Realisasi fisik dan keuangan {progress.pd_nama} {progress.tahun}",
            desc="Realisasi fisik dan keuangan kumulatif (% pagu) per triwulan, dengan rencana kumulatif."),
        "programs": program_lines(progress, triwulan),
        "indicator_groups": [{**group, "rows": indicator_rows(group["lines"])} for group in groups],
        "indicators_without": without,
        "indicators_without_rows": indicator_rows(without, without=True),
        "indicator_count": sum(len(g["lines"]) for g in groups) + len(without),
        "capaian_axis": CAPAIAN_AXIS,
        "scale": [(" ".join(b.text.split()), label, charts.category_colours(progress.skala).get(label))
                  for b, label in progress.skala],
    })


@login_required
def plan_monitoring(request, renja_id):
    renja = access.get_renja(request.user, renja_id)
    context = {"renja": renja, "evaluation_years": evaluation_years(renja),
               "ditetapkan": renja.status == Renja.Status.DITETAPKAN}
    if not context["ditetapkan"]:
        return render(request, "web/monitoring/plan.html", context)
    number = versions.current(renja)  # read once, before the data: for the progress and what is kept of it
    progress = stored_progress.progress(renja, number)
    triwulan = _quarter_param(request) or progress.triwulan_terakhir
    unit = "persen" if request.GET.get("sumbu") == "persen" else "rupiah"
    context.update({
        "progress": progress, "triwulan": triwulan, "unit": unit,
        "tabs": [(q.triwulan, quarter_label(q.triwulan), q.ada_data) for q in progress.triwulan],
        "entry_urls": [(q, quarter_label(q), reverse("web:realisasi", args=[renja.id, q])) for q in (1, 2, 3, 4)],
        "upload_url": (reverse("web:realisasi_unggah", args=[renja.id])
                       if access.can_enter_realisation(request.user, renja) else None),
        "template_url": reverse("web:realisasi_templat", args=[renja.id]),
        "report_urls": [(fmt.upper(), reverse("web:unduh_evaluasi", args=[renja.id, fmt]))
                        for fmt in ("xlsx", "docx", "pdf")],
    })
    if progress.triwulan_terakhir is None:
        return render(request, "web/monitoring/plan.html", context)
    context.update({
        "triwulan_label": quarter_label(triwulan),
        "figures": progress.quarter(triwulan),
        "peringatan": early_warning(progress, triwulan=triwulan),
        # The charts and tables depend on the plan's data, the quarter and the axis only: made once per data
        # version and kept (web/kept.py), as the tree's rows are.
        "progress_body": mark_safe(kept(renja, "pemantauan", lambda: progress_body(progress, triwulan, unit),
                                        PROGRESS_BODY, triwulan, unit,
                                        version=lambda _: number)),
    })
    return render(request, "web/monitoring/plan.html", context)


# --- the city's ranking ----------------------------------------------------------------------------------------


def ranking_year(pemda, requested=None):
    """The year asked for, else the latest year with a plan in force in the Pemda, else the latest year of any
    plan; and the years with plans in force (for the year links)."""
    years = sorted(set(Renja.objects.filter(perangkat_daerah__pemda=pemda, status=Renja.Status.DITETAPKAN)
                       .values_list("tahun", flat=True)), reverse=True)
    if requested:
        return requested, years
    if years:
        return years[0], years
    latest = Renja.objects.filter(perangkat_daerah__pemda=pemda).order_by("-tahun").values_list(
        "tahun", flat=True).first()
    return latest, years


def ranking_quarter(ranking, triwulan):
    """The quarter the ranking is measured at: the one asked for, else the latest any plan reported."""
    return triwulan or max((p.triwulan_terakhir for p in ranking if p.triwulan_terakhir), default=None)


def lagging_plans(pemda):
    """(year, quarter, [PlanProgress flagged]) of the Pemda's latest year with plans in force: for the home
    page of Bappeda and the Pemda's admin."""
    tahun, _ = ranking_year(pemda)
    if not tahun:
        return None, None, []
    ranking = stored_progress.ranking(pemda, tahun)
    flagged = [p for p in ranking if p.peringatan is not None and p.peringatan.terlambat]
    return tahun, ranking_quarter(ranking, None), flagged


@login_required
def city(request):
    profil = access.profil_of(request.user)
    if profil is None:
        raise PermissionDenied("Peringkat Perangkat Daerah hanya untuk pengguna yang memiliki peran pada Pemda.")
    pemda = profil.pemda
    try:
        requested = int(request.GET.get("tahun") or 0) or None
    except ValueError:
        requested = None
    tahun, years = ranking_year(pemda, requested)
    triwulan = _quarter_param(request)
    ranking = stored_progress.ranking(pemda, tahun, triwulan) if tahun else []
    shown_quarter = ranking_quarter(ranking, triwulan)
    # The ranking is the Pemda's; a PD user sees only their own PD's line in it (with its place).
    visible = set(scope(PerangkatDaerah.objects.all(), request.user, "self").values_list("id", flat=True))
    pd_role = profil.peran in Profil.PD_ROLES
    rows = []
    for place, plan in enumerate(ranking, start=1):
        if plan.pd_id not in visible:
            continue
        figures = plan.quarter(shown_quarter)
        has_data = figures is not None and figures.ada_data
        rencana = figures.persen_rencana if figures else None
        rows.append({
            "place": place if has_data else None, "plan": plan, "figures": figures if has_data else None,
            "rencana": rencana,
            "rencana_x": round(float(min(rencana, 100)) * 1.6, 1) if rencana is not None else None,
            "keuangan_bar": charts.hbar(figures.persen_keuangan if has_data else None, 100, charts.REALISED,
                                        width=160),
            "fisik_bar": charts.hbar(figures.fisik if has_data else None, 100, charts.FISIK, width=160),
        })
    ranked_ids = {p.pd_id for p in ranking}
    without = [] if pd_role else list(
        scope(PerangkatDaerah.objects.filter(pemda=pemda), request.user, "self").exclude(id__in=ranked_ids)
        .order_by("kode", "nama"))
    return render(request, "web/monitoring/city.html", {
        "pemda": pemda, "tahun": tahun, "years": years, "triwulan": shown_quarter,
        "triwulan_label": quarter_label(shown_quarter), "requested_quarter": triwulan, "rows": rows,
        "quarter_tabs": [(q, quarter_label(q)) for q in (1, 2, 3, 4)],
        "ranked": sum(1 for p in ranking if p.quarter(shown_quarter) and p.quarter(shown_quarter).ada_data),
        "total": len(ranking), "without": without, "pd_role": pd_role,
        "lagging": sum(1 for r in rows if r["plan"].peringatan and r["plan"].peringatan.terlambat),
    })


# --- the evaluation of an earlier year (BAB II) -------------------------------------------------------------------


FORMULA_TEXT = {
    SumOf: "jumlah baris-baris di atasnya",
    Ratio: "hasil bagi (realisasi ÷ alokasi × 100)",
    WeightedMean: "rata-rata tertimbang pagu (alokasi) baris-barisnya, bukan jumlahnya",
    Add: "jumlah kolom-kolomnya",
    InverseRatio: "capaian indikator makin rendah makin baik: (2T − R) ÷ T × 100",
    Latest: "nilai terakhir (indikator bukan kumulatif)",
}


def cell_text(value, kind):
    """A cell as Indonesians write it: amounts with thousands dots, percentages with a decimal comma; text (a
    value the document wrote that cannot be read as a number) as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if kind == MONEY:
        return format_rupiah(int(value))
    if kind == PERCENT:
        return format_decimal(value, 2)
    if isinstance(value, int):
        return format_rupiah(value) if abs(value) >= 10000 else str(value)
    if isinstance(value, Decimal) and kind == NUMBER:
        return format_decimal(value, 0 if value == value.to_integral_value() else 2)
    return str(value)


@dataclasses.dataclass
class Check:
    """What the checker says about one row: the value written and the value the data gives."""

    found: str
    expected: str
    message: str
    severity: str = "error"


@dataclasses.dataclass
class DisplayRow:
    cells: list  # [(text, css classes, title)]
    classes: str
    checks: list


@dataclasses.dataclass
class DisplayTable:
    id: str
    title: list
    header: list
    numbering: list | None
    rows: list
    notes: list
    has_checks: bool
    anchor: str


def _anchor(text):
    return "tabel-" + "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def display_table(table, row_checks=None, stated_row=None):
    """A documents.tables.Table ready for `web/monitoring/_table.html`: formatted cells with their classes
    (numbers right-aligned, computed cells marked with how they were computed), the checker's verdict per
    row (`row_checks`: row index → [Check]) and, after the Total row, the totals the document states
    (`stated_row`: column key → (text, differs))."""
    row_checks = row_checks or {}
    rows = []
    for index, row in enumerate(table.rows):
        cells = []
        for column in table.columns:
            cell = row.cells.get(column.key)
            value = cell.value if cell else None
            classes = []
            if column.kind in (MONEY, PERCENT, NUMBER):
                classes.append("num")
                if isinstance(value, str):
                    classes.append("as-written")
            title = ""
            if cell is not None and cell.computed:
                classes.append("computed")
                title = "Dihitung: " + FORMULA_TEXT.get(type(cell.formula), "dihitung dari data")
            elif isinstance(value, str) and column.kind in (MONEY, PERCENT, NUMBER):
                title = "Seperti tertulis: tidak terbaca sebagai angka"
            text = cell_text(value, column.kind)
            if column.key in ("uraian", "indikator") and row.level:
                classes.append(f"indent-{row.level}")
            cells.append((text, " ".join(classes), title))
        row_classes = [f"kind-{row.kind}"] + (["bold"] if row.bold else [])
        checks = row_checks.get(index, [])
        if checks:
            row_classes.append("has-check")
        rows.append(DisplayRow(cells, " ".join(row_classes), checks))
        if row.note:
            rows[-1].checks = rows[-1].checks + [Check("", "", row.note, "info")]
        if row.kind == "total" and stated_row is not None and index == len(table.rows) - 1:
            cells, checks = [], []
            for column in table.columns:
                text, differs = stated_row.get(column.key, ("", False))
                classes = ("num " if column.kind in (MONEY, PERCENT, NUMBER) else "") + ("differs" if differs else "")
                cells.append((text, classes.strip(), "Tertulis di dokumen"))
            first_text = next((i for i, c in enumerate(table.columns) if c.key == "uraian"), 0)
            cells[first_text] = ("Total tertulis di dokumen", "", "")
            rows.append(DisplayRow(cells, "kind-stated", stated_row.get("_checks", [])))
    return DisplayTable(
        id=table.id, title=table.title, header=table.header, numbering=table.numbering, rows=rows,
        notes=table.notes, has_checks=any(r.checks for r in rows), anchor=_anchor(table.id))


def _persen_text(value):
    return format_persen(measures.round_percent(value, 2)) if value is not None else "—"


def _found_text(value):
    if not isinstance(value, Decimal):
        return str(value)
    return format_persen(value, min(2, max(0, -value.as_tuple().exponent)))


def finding_check(finding):
    expected = finding.expected
    if isinstance(expected, Decimal):
        expected_text = _persen_text(expected)
    elif isinstance(expected, int):
        expected_text = f"Rp {format_rupiah(expected)}"
    else:
        expected_text = "" if expected is None else str(expected)
    found = finding.found
    found_text = f"Rp {format_rupiah(found)}" if isinstance(found, int) else (
        _found_text(found) if found is not None else "")
    return Check(found_text, expected_text, finding.message, finding.severity)


def stated_totals(table, built):
    """The document's Total row beside the computed one: {column key: (text as written, differs)} and the
    differences as Checks under "_checks"; None when the document states no total."""
    if not table.total or not built.rows or built.rows[-1].kind != "total":
        return None
    total = built.rows[-1]
    kinds = {c.key: c.kind for c in built.columns}
    result, checks = {}, []
    for key, statement in table.total.items():
        if key not in kinds:
            continue
        computed = total.value(key)
        differs = False
        if kinds[key] == MONEY:
            amount = percentages.statement_amount(statement)
            if isinstance(computed, int):
                differs = amount != computed
                if differs:
                    checks.append(Check(f"Rp {statement.text}", f"Rp {format_rupiah(computed)}",
                                        f"{key.capitalize()} Total tertulis {statement.text}, jumlah baris-barisnya "
                                        f"Rp {format_rupiah(computed)}."
                                        + (" Angka tertulis tidak terbaca sebagai rupiah." if amount is None else "")))
        elif kinds[key] == PERCENT and isinstance(computed, Decimal):
            found = percentages.stated(statement.value, statement.text)
            differs = found is None or not percentages.same_percent(computed, found, statement.text)
            if differs:
                checks.append(Check(f"{statement.text} %", _persen_text(computed),
                                    f"{percentages.KEY_LABELS.get(key, key).capitalize()} Total tertulis "
                                    f"{statement.text} %, rata-rata tertimbang pagu baris-barisnya "
                                    f"{_persen_text(computed)}."))
        result[key] = (statement.text, differs)
    result["_checks"] = checks
    return result


def evaluation_tables(view, evaluation, findings):
    """The BAB II tables of one evaluation, built by the document builders, with the checker's findings on
    their rows and the stated totals beside the computed ones."""
    by_row = {}
    for f in findings:
        if f.rule in ("PCT-AMOUNT", "PCT-WEIGHTED", "PCT-RANGE") and f.row:
            by_row.setdefault((f.table, f.row), []).append(f)
    used = set()
    names = builders._sheet_names([t.id for t in evaluation.tables], prefix="II ")
    result = []
    for table, name in zip(evaluation.tables, names, strict=True):
        built = builders.evaluation_table(view, evaluation, table, table.id, name)
        checks = {}
        for index, row in enumerate(table.rows):
            found = by_row.get((table.id, percentages.row_label(row)), [])
            if found:
                checks[index] = [finding_check(f) for f in found]
                used.update(id(f) for f in found)
        total_findings = by_row.get((table.id, "Total"), [])
        used.update(id(f) for f in total_findings)
        stated = stated_totals(table, built)
        if stated is not None and not stated["_checks"]:
            # the checker compares some totals otherwise (Σ realisasi ÷ Σ alokasi where rows state amounts)
            stated["_checks"] = [finding_check(f) for f in total_findings]
        elif stated is None and total_findings and built.rows and built.rows[-1].kind == "total":
            checks[len(built.rows) - 1] = [finding_check(f) for f in total_findings]
        result.append(display_table(built, checks, stated))
    return result, used


def spending_tables(view, evaluation, findings):
    """Spending per account (Tabel 1, Tabel 3) with the group rows and TOTAL BELANJA computed, and the totals
    the document states for them (e.g. 22,74 % written for 246.646.704 of 10.922.004.616)."""
    by_table = {}
    for account in evaluation.spending:
        by_table.setdefault(builders._text(account.tabel) or "Belanja", []).append(account)
    statements = {}
    for s in evaluation.statements:
        if s.row:
            statements.setdefault((s.table, " ".join(s.row.lower().split())), {})[s.key] = s
    result = []
    names = builders._sheet_names([f"Belanja {t}" for t in by_table], prefix="II ")
    for (tabel, accounts), name in zip(by_table.items(), names, strict=True):
        built = builders.spending_table(view, evaluation, tabel, accounts, tabel, name)
        checks = {}
        for index, row in enumerate(built.rows):
            label = " ".join(str(row.value("uraian") or "").lower().split())
            stated = statements.get((tabel, label))
            if not stated:
                continue
            for key, column in (("alokasi", "anggaran"), ("realisasi", "realisasi"), ("persen_realisasi", "persen")):
                statement = stated.get(key)
                computed = row.value(column)
                if statement is None or computed is None or isinstance(computed, str):
                    continue
                if column == "persen":
                    found = percentages.stated(statement.value, statement.text)
                    if found is not None and not percentages.same_percent(computed, found, statement.text):
                        checks.setdefault(index, []).append(Check(
                            f"{statement.text} %", _persen_text(computed),
                            f"{row.value('uraian')}: persentase realisasi tertulis {statement.text} %, padahal "
                            f"Rp {format_rupiah(row.value('realisasi'))} dari Rp {format_rupiah(row.value('anggaran'))}"
                            f" = {_persen_text(computed)}."))
                else:
                    amount = percentages.statement_amount(statement)
                    if amount != computed:
                        checks.setdefault(index, []).append(Check(
                            f"Rp {statement.text}", f"Rp {format_rupiah(computed)}",
                            f"{row.value('uraian')}: {'anggaran' if key == 'alokasi' else 'realisasi'} tertulis "
                            f"{statement.text}, jumlah rekeningnya Rp {format_rupiah(computed)}."))
        result.append(display_table(built, checks))
    return result


@dataclasses.dataclass
class IndicatorResult:
    row: object  # RealisationRow
    capaian: Decimal
    kategori_dokumen: str | None
    kategori_pemda: str | None
    colour: str
    bar: object


def indicator_results(evaluation, pemda_scale):
    """The evaluation's indicator table (the one with most rows with a target and a realisation %): capaian
    of each indicator, its category on the document's own scale and on the Pemda's, and their mean."""
    found = measures.indicator_table(evaluation)
    if found is None:
        return None
    table, usable, skipped = found
    document_scale = measures.read_scale(evaluation.scale) if evaluation.scale else []
    colours = charts.category_colours(document_scale or pemda_scale)
    lines = []
    for row, value in usable:
        label, _ = percentages.evaluation_category(evaluation, value)
        on_pemda = measures.category(value, pemda_scale)
        colour = colours.get(label if document_scale else on_pemda, charts.NO_CATEGORY)
        lines.append(IndicatorResult(row, value, label, on_pemda, colour, charts.hbar(value, CAPAIAN_AXIS, colour)))
    mean = measures.round_percent(measures.plain_mean([c for _, c in usable]), 2)
    mean_document, mean_source = percentages.evaluation_category(evaluation, mean)
    return {"table": table, "lines": lines, "skipped": skipped, "mean": mean,
            "mean_kategori_dokumen": mean_document, "mean_source": mean_source,
            "mean_kategori_pemda": measures.category(mean, pemda_scale), "axis": CAPAIAN_AXIS}


def verdicts(evaluation):
    """What the document states about the year as a whole: its attainment value and verdict."""
    values = [s for s in evaluation.statements if s.key == "nilai_capaian" and s.value is not None]
    words = [s for s in evaluation.statements if s.key == "kategori_capaian" and s.text
             and measures.parse_band(s.row) is None]
    return values, words


def overall(evaluation):
    """The year's overall realisation from the kegiatan summary table: pagu-weighted fisik and keuangan."""
    summary = percentages.kegiatan_summary(evaluation)
    if summary is None:
        return None
    result = {"table": summary, "alokasi": percentages._sum_alokasi(summary.rows)}
    for key in ("fisik", "keuangan"):
        combined = percentages.combine(summary.rows, key)
        result[key] = combined[0] if combined else None
    return result


@login_required
def evaluation(request, renja_id, tahun):
    renja = access.get_renja(request.user, renja_id)
    view = build_view(renja)
    chosen = next((e for e in view.evaluations if e.tahun == tahun), None)
    context = {"renja": renja, "tahun": tahun, "years": [e.tahun for e in view.evaluations], "evaluation": chosen}
    if chosen is None:
        return render(request, "web/monitoring/evaluation.html", context)
    # The builders and rules read every evaluation of the view: keep the one asked for.
    one = dataclasses.replace(view, evaluations=[chosen])
    findings = stored.evaluation_findings(renja, tahun)
    tables, used = evaluation_tables(one, chosen, findings)
    pemda_scale = scale_for(renja.perangkat_daerah.pemda)
    values, words = verdicts(chosen)
    scale_tables = builders.build_scale_tables(one)
    context.update({
        "tables": tables,
        "spending": spending_tables(one, chosen, findings),
        "scale_tables": [display_table(t) for t in scale_tables],
        "tc29": [display_table(t) for t in builders.build_tc29(one)],
        "indicators": indicator_results(chosen, pemda_scale),
        "pemda_scale": [(" ".join(b.text.split()), label) for b, label in pemda_scale],
        "document_scale": chosen.scale,
        "stated_values": values,
        "stated_words": words,
        "overall": overall(chosen),
        "text_findings": [finding_check(f) for f in findings
                          if f.rule in ("PCT-WEIGHTED", "PCT-CAPAIAN") and id(f) not in used
                          and f.table not in {t.id for t in chosen.tables}],
        "scale_findings": [f for f in findings if f.rule == "SKALA-KONSISTEN"],
        "error_count": sum(1 for f in findings if f.severity == "error"),
    })
    return render(request, "web/monitoring/evaluation.html", context)


# --- pieces for the dashboard and the home page -----------------------------------------------------------------


def dashboard_monitoring(stages):
    """For a PD's dashboard: the plan in force among the year's stages, its progress' early warning, and the
    evaluation years of the plan shown. A fixed number of queries."""
    plan = in_force(stages)
    if plan is None:
        return {"in_force": None, "peringatan": None}
    progress = stored_progress.summaries([plan])[0]
    return {"in_force": plan, "peringatan": progress.peringatan, "monitoring_progress": progress}


def own_warning(plans, numbers=None):
    """For the home page of a PD's operator or pimpinan: the plan in force of the latest year that has one among
    the PD's plans, and its early warning (None when no plan is in force). A fixed number of queries.
    `numbers`: the plans' data versions (versions.current_of) when the caller has read them."""
    fixed = [p for p in plans if p.status == Renja.Status.DITETAPKAN]
    if not fixed:
        return None
    tahun = max(p.tahun for p in fixed)
    plan = in_force([p for p in fixed if p.tahun == tahun])
    progress = stored_progress.summaries([plan], None if numbers is None else {plan.id: numbers[plan.id]})[0]
    return {"plan": plan, "peringatan": progress.peringatan, "progress": progress}
