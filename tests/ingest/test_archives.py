"""ZIP archives are unpacked into a folder of their own, and refused whole when a member would escape it, is a link,
or would unpack to far more than it holds (a ZIP bomb)."""

import re
import stat
import zipfile
from pathlib import Path

import pytest

from readingroom.ingest.archives import ArchiveError, extract_zip
from tests.scans import make_image, make_pdf


def archive(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as out:
        for name, content in members.items():
            out.writestr(name, content)
    return path


def test_an_archive_unpacks_into_a_folder_named_after_it(tmp_path: Path) -> None:
    scans = archive(tmp_path / "box-7.zip", {"letter.pdf": make_pdf(["A letter"]), "photos/p-1.png": make_image("PNG")})
    folder = extract_zip(scans, tmp_path / "out")
    assert folder == tmp_path / "out" / "box-7"
    assert (folder / "letter.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "photos" / "p-1.png").stat().st_size > 0


@pytest.mark.parametrize("name", ["../evil.pdf", "scans/../../evil.pdf", "/etc/evil.pdf", "C:/evil.pdf", "..\\evil"])
def test_a_member_outside_the_folder_is_refused_by_name(tmp_path: Path, name: str) -> None:
    scans = archive(tmp_path / "scans.zip", {"good.pdf": make_pdf(["ok"]), name: b"%PDF-1.4 evil"})
    with pytest.raises(ArchiveError) as refused:
        extract_zip(scans, tmp_path / "out")
    assert str(refused.value).startswith(f'{scans}, member "{name}": its path leads outside')
    assert not (tmp_path / "out").exists()  # nothing written, not even the good member
    assert not (tmp_path / "evil.pdf").exists()


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scans.zip"
    with zipfile.ZipFile(path, "w") as out:
        link = zipfile.ZipInfo("passwords")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(link, "/etc/passwd")
    with pytest.raises(ArchiveError, match='member "passwords": is a symbolic link'):
        extract_zip(path, tmp_path / "out")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path) -> None:
    bomb = archive(tmp_path / "bomb.zip", {"page.tif": bytes(50 * 1024 * 1024)})  # 50 MB of zeros, 50 kB packed
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ArchiveError) as refused:
        extract_zip(bomb, tmp_path / "out")
    assert f'{bomb}, member "page.tif": expands' in str(refused.value)
    assert "(a ZIP bomb?)" in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_the_total_size_and_the_number_of_members_are_limited(tmp_path: Path) -> None:
    members = {f"page-{n}.png": make_image("PNG") for n in range(5)}
    scans = archive(tmp_path / "scans.zip", members, zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError, match="holds 5 members; the most accepted is 4"):
        extract_zip(scans, tmp_path / "out", max_members=4)
    with pytest.raises(
        ArchiveError, match=re.escape('member "page-1.png": the archive unpacks to more than 1,000 bytes')
    ):
        extract_zip(scans, tmp_path / "out", max_total_bytes=1000)
    assert len(list(extract_zip(scans, tmp_path / "out").iterdir())) == 5


def test_a_member_holding_more_than_it_declares_is_refused(tmp_path: Path) -> None:
    path = archive(tmp_path / "scans.zip", {"page.pdf": make_pdf(["some text"])}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    real = len(make_pdf(["some text"]))
    # Declare fewer bytes in the central directory than the member holds: unpacking stops there, or refuses.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (real // 2).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=re.escape('member "page.pdf"')):
        extract_zip(path, tmp_path / "out")


def test_a_file_that_is_no_archive_is_named(tmp_path: Path) -> None:
    path = tmp_path / "scans.zip"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(ArchiveError, match=re.escape(f"{path}: not a ZIP archive that can be read")):
        extract_zip(path, tmp_path / "out")
