"""Page setup, styles and the low-level OOXML helpers of the DOCX renderer: fonts, fields, shading, borders,
page numbering, the A4 sections and their margins."""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
BODY_SIZE = 11
WIDE_TABLE_SIZE = 8  # the small font of wide (landscape) tables
SMALLEST_TABLE_SIZE = 6.5  # a very wide table (the 20 columns of the evaluation form) goes down to this
TABLE_SIZE = 9
KEEP_TOGETHER_ROWS = 20  # tables up to this many body rows are kept on one page
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"portrait": (Cm(2.5), Cm(2.5), Cm(3.0), Cm(2.5)),  # top, bottom, left, right
           "landscape": (Cm(2.0), Cm(2.0), Cm(2.0), Cm(2.0))}
HEADER_FILL = "D9D9D9"
TOTAL_FILL = "F2F2F2"
SECTION_FILL = "EDEDED"
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TOC_PLACEHOLDER = "Klik kanan → Perbarui daftar isi"
TAHAP_LABELS = {"rancangan_awal": "RANCANGAN AWAL", "rancangan": "RANCANGAN", "perubahan": "PERUBAHAN"}


def set_font(style_or_run, name=FONT, size=None, bold=None, color=None):
    font = style_or_run.font
    font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color


def field(paragraph, instruction, placeholder="", dirty=False, size=None):
    """A complex field (begin · instruction · separate · shown text · end) at the end of `paragraph`."""

    def run_with(element):
        run = paragraph.add_run()
        if size:
            run.font.size = Pt(size)
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(placeholder)
    if size:
        shown.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def field_begin(paragraph, instruction):
    """The opening half of a field whose result follows (over several paragraphs, up to `field_end`)."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def field_end(paragraph):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(element)



def paragraph_border(paragraph, side="bottom", color="000000", size=6):
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    sides = [side] if side != "box" else ["top", "left", "bottom", "right"]
    for name in sides:
        edge = OxmlElement(f"w:{name}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), color)
        borders.append(edge)


def update_fields_on_open(document):
    """`w:updateFields` in settings.xml: Word and LibreOffice refresh the fields (the contents) on opening."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    successors = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                  "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                  "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                  "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                  "w:decimalSymbol", "w:listSeparator")
    for name in successors:
        found = settings.find(qn(name))
        if found is not None:
            found.addprevious(element)
            return
    settings.append(element)


def page_numbering(section, fmt="decimal", start=None):
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    element = OxmlElement("w:pgNumType")
    element.set(qn("w:fmt"), fmt)
    if start is not None:
        element.set(qn("w:start"), str(start))
    # pgNumType comes after pgSz, pgMar, paperSrc, pgBorders, lnNumType in CT_SectPr.
    anchor = None
    for name in ("w:lnNumType", "w:pgBorders", "w:paperSrc", "w:pgMar", "w:pgSz"):
        anchor = sect_pr.find(qn(name))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addnext(element)
    else:
        sect_pr.insert(0, element)


def page_setup(section, orientation):
    width, height = A4
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = MARGINS[orientation]
    section.header_distance = section.footer_distance = Cm(1.2)


def usable_width(section):
    return section.page_width - section.left_margin - section.right_margin



def apply_styles(document):
    """Normal (Arial 11, Indonesian), Heading 1–3 (black, bold; BAB on a new page), Header and Footer."""
    styles = document.styles
    normal = styles["Normal"]
    set_font(normal, size=BODY_SIZE)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "id-ID")
    normal.element.get_or_add_rPr().append(language)
    for name, size, align in (("Heading 1", 14, WD_ALIGN_PARAGRAPH.CENTER),
                              ("Heading 2", 12, WD_ALIGN_PARAGRAPH.LEFT),
                              ("Heading 3", 11, WD_ALIGN_PARAGRAPH.LEFT)):
        style = styles[name]
        set_font(style, size=size, bold=True, color=RGBColor(0, 0, 0))
        style.font.italic = False
        style.paragraph_format.alignment = align
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 1"].paragraph_format.space_after = Pt(18)
    for name in ("Header", "Footer"):
        set_font(styles[name], size=8)
