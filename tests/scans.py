"""Small real files for attachment tests: a PDF with a text layer, written by hand, and images from Pillow."""

import io
from pathlib import Path

from PIL import Image


def make_pdf(pages: list[str]) -> bytes:
    """A valid PDF, one A4-ish page per string, each string drawn as text (so the PDF has a text layer)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 18 Tf 72 720 Td ({escaped}) Tj ET".encode()
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
        content = len(objects)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
            f"{content} 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_image(format: str, size: tuple[int, int] = (300, 200), frames: int = 1) -> bytes:
    images = [Image.new("RGB", size, (40 * n % 255, 120, 200)) for n in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format, save_all=frames > 1, append_images=images[1:])
    return out.getvalue()


def write(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def scanned_document(folder: Path) -> Path:
    """A JSON Lines file of one public document with a two-page PDF (with a text layer) and a photograph."""
    import json

    pages = ["Telegram from Beijing, 3 October 1950. Zhou Enlai to Panikkar.", "Page two of the telegram."]
    record = {
        "id": "scanned-telegram",
        "title": "Telegram, Zhou Enlai to K. M. Panikkar (scanned)",
        "date": "1950-10-03",
        "type": "Telegram",
        "languages": ["en"],
        "summary": "A telegram kept as a scan, to read page by page.",
        "attachments": [
            {"path": write(folder, "scans/telegram.pdf", make_pdf(pages)), "label": "Telegram (two pages)"},
            {"path": write(folder, "scans/envelope.png", make_image("PNG", (1800, 1200))), "label": "Envelope"},
        ],
    }
    path = folder / "scanned.jsonl"
    path.write_text(json.dumps(record) + "\n")
    return path


# Known text for OCR: pages rendered from it with Debian's fonts are read by the real Tesseract and compared.
ENGLISH = [
    "Memorandum of a Conversation, Moscow, May 12, 1955.",
    "The Ambassador said that his government wished to",
    "discuss the question of Austria before the conference.",
]
RUSSIAN = [
    "Запись беседы в Министерстве иностранных дел.",
    "Посол сказал, что его правительство желает",
    "обсудить вопрос об Австрии до начала конференции.",
]
CHINESE = [
    "周恩来总理接见印度大使潘尼迦。",
    "总理说中国政府希望和平解决朝鲜问题。",
    "大使表示将立即报告本国政府。",
]
FONTS = {
    "latin": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    "han": Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
}


def rendered_page(lines: list[str], font: str = "latin", dpi: int = 300) -> Image.Image:
    """An A5-wide page at `dpi` with these lines printed in 12-point type, black on white, as a scanner gives it."""
    from PIL import ImageDraw, ImageFont

    points = 12 * dpi // 72
    face = ImageFont.truetype(str(FONTS[font]), points, index=2 if font == "han" else 0)  # the .ttc's Simplified face
    page = Image.new("L", (int(5.8 * dpi), int(0.8 * dpi) + len(lines) * points * 2), 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((dpi // 2, dpi // 2 + number * points * 2), line, font=face, fill=0)
    return page


def page_file(format: str, pages: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, format, save_all=len(pages) > 1, append_images=pages[1:], resolution=300)
    return out.getvalue()
