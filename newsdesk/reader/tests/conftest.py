import pytest

from newsdesk.reader.pagecache import FileGeneration
from newsdesk.reader.pagefiles import PageFiles


@pytest.fixture
def generation(tmp_path):
    """The shared page-cache generation, as a file, looked at on every request."""
    return FileGeneration(tmp_path / "generation", check_seconds=0)


@pytest.fixture
def files(tmp_path):
    """The page files of a machine, for nginx."""
    return PageFiles(tmp_path / "page-files")
