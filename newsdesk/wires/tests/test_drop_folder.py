"""The drop folder: files are read once they stop growing, moved aside only after their
result is committed, and a process killed in between loses nothing and duplicates nothing."""

import os
import shutil
import time

import pytest
from django.core.management import call_command

from newsdesk.wires import services
from newsdesk.wires.models import QuarantinedFile, WireItem, WireItemVersion, WirePayload, WireSource
from newsdesk.wires.parsers import parse_payload
from newsdesk.wires.services import drop_folder_scan

from .conftest import SAMPLES, fixture_bytes


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it runs, and no except Exception catches it."""


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "dpa"
    path.mkdir()
    return path


@pytest.fixture
def source(agencies, folder):
    dpa, _ = agencies
    return WireSource.objects.create(
        name="dpa drop", agency=dpa, kind=WireSource.Kind.DROP_FOLDER, folder_path=str(folder)
    )


def deliver(folder, name, payload, *, age=10.0):
    path = folder / name
    path.write_bytes(payload)
    past = time.time() - age
    os.utime(path, (past, past))
    return path


def test_finished_file_is_ingested_and_moved_to_processed(source, folder):
    payload = (SAMPLES / "ninjs/examples/2.1/dpa_text.json").read_bytes()
    deliver(folder, "dpa_text.json", payload)
    [result] = drop_folder_scan(source=source, settle_seconds=1)
    assert result.status == "ingested"
    assert not (folder / "dpa_text.json").exists()
    assert (folder / "processed" / "dpa_text.json").read_bytes() == payload


def test_unreadable_file_is_moved_to_quarantine_folder(source, folder):
    deliver(folder, "bomb.xml", fixture_bytes("xml_bomb.xml"))
    [result] = drop_folder_scan(source=source, settle_seconds=1)
    assert result.status == "quarantined"
    assert (folder / "quarantine" / "bomb.xml").read_bytes() == fixture_bytes("xml_bomb.xml")
    assert QuarantinedFile.objects.get().original_bytes == fixture_bytes("xml_bomb.xml")


def test_file_still_being_written_is_left_alone(source, folder):
    seen = {}
    path = deliver(folder, "growing.json", b'{"uri": "urn:test:growing", "headline": "Gro', age=10)
    assert drop_folder_scan(source=source, settle_seconds=0, seen=seen) == []  # first sight
    with path.open("ab") as stream:
        stream.write(b'wing"}')
    assert drop_folder_scan(source=source, settle_seconds=0, seen=seen) == []  # it grew
    [result] = drop_folder_scan(source=source, settle_seconds=0, seen=seen)  # unchanged since
    assert result.items[0].headline == "Growing"


def test_freshly_modified_file_waits_for_the_settle_time(source, folder):
    deliver(folder, "new.json", b'{"uri": "urn:test:new", "headline": "New"}', age=0)
    assert drop_folder_scan(source=source, settle_seconds=30) == []
    assert (folder / "new.json").exists()


def test_partial_upload_names_and_hidden_files_are_ignored(source, folder):
    deliver(folder, "story.json.part", b'{"uri": "urn:a", "headline": "A"}')
    deliver(folder, ".story.json", b'{"uri": "urn:b", "headline": "B"}')
    assert drop_folder_scan(source=source, settle_seconds=0) == []


def test_same_name_delivered_twice_is_kept_twice_in_processed(source, folder):
    deliver(folder, "item.json", b'{"uri": "urn:a", "version": "1", "headline": "A"}')
    drop_folder_scan(source=source, settle_seconds=0)
    deliver(folder, "item.json", b'{"uri": "urn:a", "version": "2", "headline": "A2"}')
    drop_folder_scan(source=source, settle_seconds=0)
    assert sorted(p.name for p in (folder / "processed").iterdir()) == ["item-1.json", "item.json"]
    assert WireItem.objects.get().headline == "A2"


def _kill_before_the_move(monkeypatch):
    def killed(path, folder):
        raise Killed

    monkeypatch.setattr(services, "_file_move", killed)


def test_killed_after_commit_before_move_loses_nothing_and_duplicates_nothing(source, folder, monkeypatch):
    payload = (SAMPLES / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml").read_bytes()
    deliver(folder, "text.xml", payload)
    with monkeypatch.context() as patch:
        _kill_before_the_move(patch)
        with pytest.raises(Killed):
            drop_folder_scan(source=source, settle_seconds=0)
    assert WireItem.objects.count() == 1  # the item was committed
    assert (folder / "text.xml").exists()  # and the file not moved
    [result] = drop_folder_scan(source=source, settle_seconds=0)  # the restarted watcher
    assert [o.outcome for o in result.outcomes] == ["duplicate"]
    assert (folder / "processed" / "text.xml").read_bytes() == payload
    assert not (folder / "text.xml").exists()
    assert WireItem.objects.count() == 1
    assert WireItemVersion.objects.count() == 0  # no second copy in the history either
    assert WirePayload.objects.count() == 1


def test_killed_quarantine_is_not_quarantined_twice(source, folder, monkeypatch):
    deliver(folder, "broken.json", fixture_bytes("malformed.json"))
    with monkeypatch.context() as patch:
        _kill_before_the_move(patch)
        with pytest.raises(Killed):
            drop_folder_scan(source=source, settle_seconds=0)
    drop_folder_scan(source=source, settle_seconds=0)
    assert QuarantinedFile.objects.count() == 1
    assert (folder / "quarantine" / "broken.json").exists()


def test_killed_mid_batch_then_rerun_accounts_for_every_file(source, folder, monkeypatch):
    names = []
    for path in sorted(p for p in (SAMPLES / "ninjs/examples/3.0").glob("*.json")):
        shutil.copy(path, folder / path.name)
        os.utime(folder / path.name, (time.time() - 10, time.time() - 10))
        names.append(path.name)
    deliver(folder, "zz-broken.xml", fixture_bytes("malformed.xml"))
    names.append("zz-broken.xml")
    moves = {"count": 0}
    real_move = services._file_move

    def killed_on_the_fifth(path, target):
        moves["count"] += 1
        if moves["count"] == 5:
            raise Killed
        return real_move(path, target)

    with monkeypatch.context() as patch:
        patch.setattr(services, "_file_move", killed_on_the_fifth)
        with pytest.raises(Killed):
            drop_folder_scan(source=source, settle_seconds=0)
    drop_folder_scan(source=source, settle_seconds=0)
    processed = sorted(p.name for p in (folder / "processed").iterdir())
    quarantined = sorted(p.name for p in (folder / "quarantine").iterdir())
    assert sorted(processed + quarantined) == sorted(names)
    assert [p.name for p in folder.iterdir() if p.is_file()] == []
    expected = set()
    for name in processed:
        expected |= {item.guid for item in parse_payload((folder / "processed" / name).read_bytes()).items}
    assert sorted(WireItem.objects.values_list("guid", flat=True)) == sorted(expected)
    assert not WireItemVersion.objects.exists()
    assert QuarantinedFile.objects.count() == len(quarantined) == 1


def test_file_far_over_the_limit_is_not_read_and_moved_to_quarantine(source, folder, settings):
    settings.NEWSDESK_WIRES_MAX_FILE_BYTES = 10_000
    deliver(folder, "huge.json", fixture_bytes("huge.json"))
    [result] = drop_folder_scan(source=source, settle_seconds=0)
    assert "far over" in result.reason
    assert QuarantinedFile.objects.get().size == len(fixture_bytes("huge.json"))
    assert (folder / "quarantine" / "huge.json").read_bytes() == fixture_bytes("huge.json")


def test_watch_command_polls_every_drop_folder_once(source, folder, capsys):
    deliver(folder, "dpa_text.json", (SAMPLES / "ninjs/examples/3.0/dpa_text.json").read_bytes())
    call_command("wires_watch", "--once", "--settle", "0")
    assert "dpa drop: dpa_text.json: created urn:newsml:dpa.com:20090101:190510-99-167362" in capsys.readouterr().out
    assert (folder / "processed" / "dpa_text.json").exists()
