"""ALTO XML (v3, as Tesseract writes it) for the words of a PDF page's text layer, so that every page read, typed or
machine-read, keeps its words with their boxes in one format, in pixels of the page rendered at the resolution read.
"""

from dataclasses import dataclass

from lxml import etree

NAMESPACE = "http://www.loc.gov/standards/alto/ns-v3#"


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int


def alto_page(lines: list[list[Word]], width: int, height: int) -> bytes:
    """A page of lines of words, one text block."""

    def element(parent: etree._Element, name: str, **attributes: object) -> etree._Element:
        return etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", {k: str(v) for k, v in attributes.items()})

    root = etree.Element(f"{{{NAMESPACE}}}alto", nsmap={None: NAMESPACE})
    description = element(root, "Description")
    element(description, "MeasurementUnit").text = "pixel"
    page = element(element(root, "Layout"), "Page", ID="page_0", WIDTH=width, HEIGHT=height, PHYSICAL_IMG_NR=0)
    space = element(page, "PrintSpace", HPOS=0, VPOS=0, WIDTH=width, HEIGHT=height)
    block = element(space, "TextBlock", ID="block_0")
    for number, words in enumerate(line for line in lines if line):
        line = element(block, "TextLine", ID=f"line_{number}")
        for word in words:
            element(
                line, "String", CONTENT=word.text, HPOS=word.left, VPOS=word.top, WIDTH=word.width, HEIGHT=word.height
            )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
