import os
from pathlib import Path

import pytest
from django.conf import settings

FIXTURES = Path(__file__).parent / "fixtures"
# The IPTC samples live in the shared folder beside the repository (see its README).
SAMPLES = Path(os.environ.get("NEWSDESK_WIRE_SAMPLES", Path(settings.BASE_DIR).parent / "shared" / "wire-samples"))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sample_bytes(relative: str) -> bytes:
    return (SAMPLES / relative).read_bytes()


@pytest.fixture
def dpa_source(agencies):
    from newsdesk.wires.models import WireSource

    dpa, _ = agencies
    return WireSource.objects.create(name="dpa drop folder", agency=dpa, kind=WireSource.Kind.DROP_FOLDER)


@pytest.fixture
def afp_source(agencies):
    from newsdesk.wires.models import WireSource

    _, afp = agencies
    return WireSource.objects.create(
        name="AFP feed", agency=afp, kind=WireSource.Kind.FEED, feed_url="https://afp.example/feed"
    )
