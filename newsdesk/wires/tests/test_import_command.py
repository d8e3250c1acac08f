"""manage.py wires_import: a folder or an archive in, progress, and a summary line."""

import io
import json
import tarfile
import zipfile

import pytest
from django.core.management import CommandError, call_command

from newsdesk.wires.models import QuarantinedFile, WireItem

from .conftest import SAMPLES, fixture_bytes


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("wires_import", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def version(number: int) -> bytes:
    return json.dumps({"uri": "urn:import:1", "version": str(number), "headline": f"Version {number}"}).encode()


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "wires"
    folder.mkdir()
    (folder / "a-v1.json").write_bytes(version(1))
    (folder / "b-v2.json").write_bytes(version(2))
    (folder / "c-v2-again.json").write_bytes(version(2))
    (folder / "d-broken.json").write_bytes(fixture_bytes("malformed.json"))
    (folder / "nested").mkdir()
    (folder / "nested" / "rss.xml").write_bytes(fixture_bytes("rss_feed.xml"))
    return folder


def test_folder_import_ends_with_the_summary_line(mixed_folder, agencies):
    lines = run(str(mixed_folder), "--agency", "dpa")
    assert lines[0] == f"Importing 5 files from {mixed_folder} for DPA"
    assert lines[-1] == "ingested 3, updated 1, duplicates 1, quarantined 1"
    assert WireItem.objects.count() == 3
    assert QuarantinedFile.objects.get().filename == "d-broken.json"


def test_progress_is_shown(mixed_folder, agencies):
    lines = run(str(mixed_folder), "--agency", "dpa", "--every", "2")
    assert "  2/5 files (40%)" in lines
    assert "  4/5 files (80%)" in lines


def test_zip_archive_import(tmp_path, agencies):
    archive = tmp_path / "wires.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((SAMPLES / "ninjs/examples/2.1").glob("*.json")):
            zf.writestr(f"2.1/{path.name}", path.read_bytes())
        zf.writestr("bomb.xml", fixture_bytes("xml_bomb.xml"))
    lines = run(str(archive), "--agency", "afp")
    # imageEncodedRights and imageLinkedRights are the same photo with different rights: one item.
    assert lines[-1] == "ingested 11, updated 0, duplicates 1, quarantined 1"


def test_tar_gz_archive_import(tmp_path, agencies):
    archive = tmp_path / "wires.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for path in sorted((SAMPLES / "newsml-g2/examples").glob("*")):
            tf.add(path, arcname=path.name)
    lines = run(str(archive), "--agency", "dpa")
    assert lines[-1] == "ingested 4, updated 0, duplicates 0, quarantined 7"


def test_importing_twice_only_finds_duplicates(mixed_folder, agencies):
    run(str(mixed_folder), "--agency", "dpa")
    lines = run(str(mixed_folder), "--agency", "dpa")
    assert lines[-1] == "ingested 0, updated 0, duplicates 5, quarantined 1"
    assert QuarantinedFile.objects.count() == 1


def test_late_older_versions_are_reported(tmp_path, agencies):
    (tmp_path / "1.json").write_bytes(version(3))
    (tmp_path / "2.json").write_bytes(version(1))
    lines = run(str(tmp_path), "--agency", "dpa")
    assert lines[-2] == "1 older versions arrived after newer ones and were filed in history"
    assert lines[-1] == "ingested 1, updated 0, duplicates 0, quarantined 0"


def test_unknown_agency_is_refused_with_the_known_codes(mixed_folder, agencies):
    with pytest.raises(CommandError, match='no agency with code "xyz" \\(known: afp, dpa\\)'):
        run(str(mixed_folder), "--agency", "xyz")


def test_missing_path_is_refused(tmp_path, agencies):
    with pytest.raises(CommandError, match="does not exist"):
        run(str(tmp_path / "nowhere"), "--agency", "dpa")
