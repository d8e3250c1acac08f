"""The production settings pass Django's deployment checks, warnings included, and
the shipped systemd units are valid and run the production commands."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by browser tests
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.production",
        "NEWSDESK_SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-" + "z9" * 10,
        "NEWSDESK_ALLOWED_HOSTS": "news.example.org",
        "NEWSDESK_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.production",
        "NEWSDESK_SECRET_KEY": "",
        "NEWSDESK_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "NEWSDESK_SECRET_KEY" in result.stderr


@pytest.mark.skipif(
    not shutil.which("systemd-analyze"),
    reason="needs systemd-analyze (Debian's systemd; .ci/run's chromium brings it)",
)
def test_the_systemd_units_are_valid_and_run_the_production_commands(tmp_path):
    units = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
    assert [unit.name for unit in units] == [
        "newsdesk-scheduler.service",
        "newsdesk-web.service",
        "newsdesk-wires.service",
    ]
    commands = {}
    for unit in units:
        # As installed: the checkout in /srv/newsdesk (here, this one), so the commands exist.
        text = unit.read_text().replace("/srv/newsdesk", str(ROOT))
        (tmp_path / unit.name).write_text(text)
        exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
        commands[unit.name] = exec_start.split()[2]
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / unit.name) for unit in units)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert commands == {
        "newsdesk-scheduler.service": "scheduler",
        "newsdesk-web.service": "serve",
        "newsdesk-wires.service": "wires_watch",
    }
    web = (tmp_path / "newsdesk-web.service").read_text()
    limit = int(next(line for line in web.splitlines() if line.startswith("LimitNOFILE=")).split("=")[1])
    from newsdesk.reader.management.commands.serve import RESERVED_FILES

    assert limit >= 10_000 + RESERVED_FILES  # NEWSDESK_CONNECTIONS_PER_WORKER's default
