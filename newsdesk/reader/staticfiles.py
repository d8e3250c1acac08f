"""Static files: WhiteNoise's compressed, hashed files, with their URLs remembered.

Every reader page asks for the same few URLs (stylesheet, scripts, icon); each
answer reads the manifest and joins and quotes a URL, and on an uncached render
that was about 6% of the time. The manifest does not change while a process
runs (collectstatic comes with a restart), so the answers are kept."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = super().url(name)  # a name missing from the manifest raises, and is not kept
            if len(self._urls) < 1000:
                self._urls[name] = url
            return url
