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
