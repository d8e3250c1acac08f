"""Scale-out pieces against real services: the page-cache generation in Redis,
shared by processes, and media in S3-compatible storage (a local moto server)."""

import asyncio
import io
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from .services import REDIS_URL, require_redis

pytestmark = pytest.mark.scaleout


def test_a_bump_in_one_process_reaches_the_page_cache_of_another(tmp_path):
    require_redis()
    from newsdesk.reader.pagecache import RedisGeneration

    key = f"newsdesk:test-generation:{uuid.uuid4().hex}"
    bump = (
        f"from newsdesk.reader.pagecache import RedisGeneration; RedisGeneration({REDIS_URL!r}, {key!r}, 0.05).bump()"
    )

    async def scenario():
        reader = RedisGeneration(REDIS_URL, key, check_seconds=0.05)
        before = await reader.current()
        await asyncio.sleep(0.06)
        assert await reader.current() == before
        await asyncio.to_thread(subprocess.run, [sys.executable, "-c", bump], check=True, timeout=30)
        await asyncio.sleep(0.06)
        assert await reader.current() != before

    asyncio.run(scenario())


def test_render_threads_read_the_redis_generation_once_per_interval_and_see_a_change_at_once():
    require_redis()
    from newsdesk.reader.pagecache import RedisGeneration

    key = f"newsdesk:test-generation:{uuid.uuid4().hex}"
    reader = RedisGeneration(REDIS_URL, key, check_seconds=60)
    other = RedisGeneration(REDIS_URL, key, check_seconds=60)  # another process

    async def scenario():  # one event loop, as in a server process
        first = reader.token()
        await reader.current()
        other.bump()
        assert reader.token() == first  # kept for the interval: no round trip per render
        reader.next_check = 0.0
        await reader.current()  # the event loop sees the change: so do the renders
        assert reader.token() != first and reader.token() == reader.seen
        reader.bump()  # this process: at once
        assert reader.token() == str(int(reader.seen) + 1)

    asyncio.run(scenario())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_redis_generation_that_cannot_be_read_is_not_kept():
    from newsdesk.reader.pagecache import RedisGeneration

    generation = RedisGeneration(f"redis://127.0.0.1:{free_port()}/0", "k", check_seconds=60)
    first = generation.token()
    assert first.startswith("unavailable-") and generation.token() != first  # fragments not reused


def test_redis_going_away_leaves_the_page_cache_serving():
    from newsdesk.reader.pagecache import RedisGeneration

    generation = RedisGeneration(f"redis://127.0.0.1:{free_port()}/0", "k", check_seconds=0)
    started = time.monotonic()
    value = asyncio.run(generation.current())
    assert value == generation.value and time.monotonic() - started < 2


@pytest.fixture
def s3_server():
    pytest.importorskip("moto", reason="moto[server] (requirements-dev.txt) provides the local S3 endpoint")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - loopback
            break
        except OSError:
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.django_db
def test_photos_and_renditions_are_stored_in_s3(s3_server, settings, client, section):
    import boto3
    from PIL import Image

    from newsdesk.articles.services import article_create, image_create

    bucket = f"newsdesk-{uuid.uuid4().hex[:8]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    s3 = boto3.client("s3", endpoint_url=s3_server, **credentials)
    s3.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (200, 80, 40)).save(buffer, "JPEG")
    photo = image_create(title="Kiln", data=buffer.getvalue(), filename="kiln.jpg", alt_text="A brick kiln")
    page = article_create(section=section, title="Kilns relit", standfirst="s", body=[], lead_image=photo)
    html = client.get(page.url).content.decode()
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert any(key.startswith("original_images/") for key in keys)
    assert any(key.startswith("images/") for key in keys), "renditions are written to the bucket"
    assert f"{s3_server}/{bucket}/images/" in html
