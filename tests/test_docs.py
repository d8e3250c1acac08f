"""Every setting and command a person can use is documented in the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_environment_variable_is_in_the_readme():
    used = set()
    for path in (ROOT / "newsdesk" / "settings").glob("*.py"):
        used |= set(re.findall(r"\b(NEWSDESK_[A-Z0-9_]+|DATABASE_URL)\b", path.read_text()))
    # Settings that are not environment variables share the prefix; keep to the ones read from os.environ.
    read_from_env = {
        name
        for name in used
        if any(
            re.search(rf"(environ\.get|env_bool|env_list)\(\s*\"{name}\"", p.read_text())
            for p in (ROOT / "newsdesk" / "settings").glob("*.py")
        )
    }
    read_from_env.add("DATABASE_URL")
    missing = sorted(name for name in read_from_env if f"`{name}`" not in README)
    assert not missing, f"Document these in README.md: {missing}"


def test_every_management_command_is_in_the_readme():
    commands = {path.stem for path in ROOT.glob("newsdesk/*/management/commands/*.py") if path.stem != "__init__"}
    missing = sorted(name for name in commands if name not in README)
    assert not missing, f"Document these commands in README.md: {missing}"


def test_every_make_target_named_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"`make ([a-z-]+)`", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target
