# python-pptx types only part of its API: its chart data and colour calls are untyped.
# mypy: disable-error-code="no-untyped-call"
"""A document's charts as Word's own charts (DrawingML), not pictures.

Word draws a native chart itself: its words stay text (a reader can select them, a PDF
made from the document finds them), it prints sharp at any size, and a city officer can
restyle it or edit its figures (the chart carries its data as an embedded workbook, so
Word's "Edit Data" opens them). It also costs a few milliseconds to write, where a
picture drawn with matplotlib costs tens.

python-pptx writes the chart's XML and its workbook (the DrawingML chart is the same in
PowerPoint and Word, and python-docx has no chart of its own); the chart is then added to
the Word package as a part of the document, with the workbook as its embedded package.
Both libraries load only when a Word document with a chart is written.

The look follows the HTML's charts (documents/charts.py): planned time light grey, what
happened dark, a skipped block hatched, every bar labelled with its figure, no axis
figures to read across.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facilitator.documents.charts import COLOURS, EDGE, ROW_INCHES, category_labels
from facilitator.documents.model import Bars
from facilitator.documents.text import clean_text

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

__all__ = ["CHART_CONTENT_TYPE", "add_chart"]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WIDTH_MM = 168
"""A chart's width: the text width of an A4 page, portrait (the picture's width before)."""


def _rgb(colour: str) -> Any:
    """A python-pptx colour from `#b8b8b8` or `b8b8b8`."""
    from pptx.dml.color import RGBColor

    value = colour.lstrip("#")
    return RGBColor(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _chart_xml(block: Bars) -> tuple[Any, bytes]:
    """The chart's `c:chartSpace` element, styled, and its workbook's bytes."""
    from pptx.chart.chart import Chart
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.enum.dml import MSO_PATTERN
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    data = CategoryChartData(number_format="0.0")
    data.categories = [clean_text(label) for label in category_labels(block)]
    for series in block.series:
        data.add_series(clean_text(series.name) or " ", series.values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if block.across else XL_CHART_TYPE.COLUMN_CLUSTERED
    space = parse_xml(data.xml_bytes(kind))
    chart = Chart(space, None)
    chart.font.size = Pt(8)
    chart.font.name = "Calibri"
    chart.has_title = True
    title = chart.chart_title.text_frame
    title.text = clean_text(block.title)
    title.paragraphs[0].runs[0].font.size = Pt(9)
    title.paragraphs[0].runs[0].font.bold = True
    chart.has_legend = len(block.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0
    values = chart.value_axis
    values.visible = False
    values.has_major_gridlines = False
    values.has_minor_gridlines = False
    categories = chart.category_axis
    categories.has_major_gridlines = False
    categories.format.line.color.rgb = _rgb(EDGE)
    categories.tick_labels.font.size = Pt(8)
    if block.across:
        categories.reverse_order = True  # the first block at the top, as in the agenda
    apart = block.apart or (False,) * len(block.categories)
    for n, (series, drawn) in enumerate(zip(block.series, plot.series, strict=True)):
        colour = _rgb(COLOURS[n % len(COLOURS)])
        drawn.format.fill.solid()
        drawn.format.fill.fore_color.rgb = colour
        drawn.invert_if_negative = False
        for index, label in enumerate(series.labels):
            point = drawn.points[index]
            if apart[index]:
                point.format.fill.patterned()
                point.format.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
                point.format.fill.fore_color.rgb = _rgb(EDGE)
                point.format.fill.back_color.rgb = _rgb("FFFFFF")
                point.format.line.color.rgb = _rgb(EDGE)
            # Each bar says its figure as the other formats write it (`27:00`, `3`).
            text = clean_text(label)
            if text:
                point.data_label.text_frame.text = text
                point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
                point.data_label.font.size = Pt(7)
    return space, data.xlsx_blob


def _height_mm(block: Bars) -> float:
    """As tall as the matplotlib chart of the same categories would be."""
    if not block.across:
        return 62.0
    groups = max(1, len(block.series))
    rows = len(block.categories) * (1 + 0.4 * (groups - 1))
    return (0.8 + ROW_INCHES * rows) * 25.4


def add_chart(word: WordDocument, block: Bars) -> None:
    """`block` as a native chart in a paragraph of its own at the end of `word`, its
    figures in words as the chart's alternative text."""
    from docx.opc.part import Part, XmlPart
    from docx.oxml import parse_xml
    from docx.shared import Mm

    space, workbook = _chart_xml(block)
    package = word.part.package
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    chart_part = XmlPart(chart_name, CHART_CONTENT_TYPE, space, package)
    sheet_name = package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx")
    sheet = Part(sheet_name, _XLSX_CONTENT_TYPE, workbook, package)
    sheet_id = chart_part.relate_to(sheet, _RT + "/package")
    # python-pptx puts the reference in its place in the schema's order, not updating.
    space.get_or_add_externalData().rId = sheet_id
    chart_id = word.part.relate_to(chart_part, _RT + "/chart")
    # A chart of many blocks is never taller than the page can hold: its rows close up.
    section = word.sections[-1]
    room = int(section.page_height or 0) - int(section.top_margin or 0)
    room -= int(section.bottom_margin or 0)
    width, height = Mm(WIDTH_MM), min(Mm(_height_mm(block)), int(room * 0.9))
    shape_id = word.part.next_id
    description = " ".join(clean_text(block.description).split())
    inline = parse_xml(
        '<wp:inline distT="0" distB="0" distL="0" distR="0"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        f' xmlns:c="{_CHART_NS}" xmlns:r="{_RT}">'
        f'<wp:extent cx="{int(width)}" cy="{int(height)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="{_CHART_NS}"><c:chart r:id="{chart_id}"/>'
        "</a:graphicData></a:graphic></wp:inline>"
    )
    inline.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ).set("descr", description)
    paragraph = word.add_paragraph()
    drawing = parse_xml(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    )
    drawing.append(inline)
    paragraph.add_run()._r.append(drawing)
