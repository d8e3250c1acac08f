"""The demo's explainer video: the Port Aske tide gauge overnight, as an animated chart.

Frames are drawn with Pillow and encoded to H.264 (yuv420p, MP4) with PyAV at
load time. The WebVTT captions are written from the same timeline as the frames,
so each cue says what is on screen while it shows.
"""

import functools
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image

from .photos import Sketch, jpeg_bytes

WIDTH, HEIGHT = 640, 360
FPS = 15
DURATION = 11.0  # seconds
START_HOUR = 20  # the chart runs from 8 pm...
HOURS = 8  # ...to 4 am, one hour a second from t=1s to t=9s
LEVELS = [0.4, 0.6, 0.8, 1.2, 1.7, 2.1, 2.6, 2.9, 2.7]  # metres above normal high water, hourly
SEA_WALL = 2.0
PEAK_HOUR = LEVELS.index(max(LEVELS))
TOP_LEVEL = 3.5
TITLE = "How the water rose at Port Aske overnight"
SOURCE = "Source: Port Aske harbour authority"

# Layout, in poster pixels (1280x720); video frames are drawn at this size and halved.
CANVAS = (1280, 720)
LEFT, RIGHT, TOP, BOTTOM = 130, 1180, 200, 600


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


CUES = [
    Cue(0.0, 2.5, "The tide gauge in Port Aske harbour, overnight. At 8 pm the water is 0.4 metres above normal."),
    Cue(2.5, 5.0, "By 11 pm it has risen to 1.2 metres."),
    Cue(5.0, 7.0, "Just before 1 am it passes 2 metres, the top of the sea wall's lowest stretch."),
    Cue(7.0, 9.0, "At 3 am it peaks at 2.9 metres, the highest reading since the gauge was installed in 1962."),
    Cue(9.0, DURATION, "Source: Port Aske harbour authority."),
]


def hours_shown(t: float) -> float:
    """How many hours past 8 pm the chart has reached at second t."""
    return min(max(t - 1.0, 0.0), float(HOURS))


def level_at(hours: float) -> float:
    """The water level between hourly readings, on a smooth curve through them (Catmull-Rom)."""
    i = min(int(hours), HOURS - 1)
    f = hours - i
    p0, p1, p2, p3 = (LEVELS[max(0, min(HOURS, j))] for j in (i - 1, i, i + 1, i + 2))
    return 0.5 * (
        2 * p1 + (-p0 + p2) * f + (2 * p0 - 5 * p1 + 4 * p2 - p3) * f * f + (-p0 + 3 * p1 - 3 * p2 + p3) * f**3
    )


@functools.cache
def crossing_hours() -> float:
    """When the curve first reaches the top of the sea wall."""
    h = 0.0
    while level_at(h) < SEA_WALL:
        h += 0.01
    return h


def _xy(hours: float, level: float) -> tuple[float, float]:
    return LEFT + hours / HOURS * (RIGHT - LEFT), BOTTOM - level / TOP_LEVEL * (BOTTOM - TOP)


def _clock(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{(START_HOUR + minutes // 60) % 24:02d}:{minutes % 60:02d}"


def _background(scale: int) -> Image.Image:
    """The parts of the chart that do not move."""
    s = Sketch(*CANVAS, scale=scale)
    s.gradient([(0, "#0b1828"), (1, "#16304a")])
    s.text((LEFT, 60), "PORT ASKE TIDE GAUGE", 30, "#f2a541", bold=True)
    s.text((LEFT, 104), "Water above normal high tide, metres", 26, "#b8c7d6")
    for level in range(4):
        _, y = _xy(0, level)
        s.line([(LEFT, y), (RIGHT, y)], "#2c4660" if level else "#7f93a6", 2)
        s.text((LEFT - 16, y), f"{level} m", 22, "#b8c7d6", anchor="rm")
    for hour in range(0, HOURS + 1, 2):
        x, _ = _xy(hour, 0)
        s.line([(x, BOTTOM), (x, BOTTOM + 10)], "#7f93a6", 2)
        s.text((x, BOTTOM + 18), _clock(hour), 22, "#b8c7d6", anchor="mt")
    _, wall = _xy(0, SEA_WALL)
    for x in range(LEFT, RIGHT, 28):
        s.line([(x, wall), (x + 16, wall)], "#e5533d", 3)
    s.text((LEFT + 12, wall - 10), "Lowest point of the sea wall", 22, "#f08a78", anchor="lb")
    s.text((LEFT, 680), SOURCE, 20, "#8fa3b6")
    return s.image


@functools.cache
def _background_cached(scale: int) -> Image.Image:
    return _background(scale)


def draw_frame(t: float, *, scale: int = 1) -> Image.Image:
    """The chart at second t, at 1280x720; scale 2 draws twice as large first, for the poster."""
    s = Sketch(*CANVAS, scale=scale)
    s.image.paste(_background_cached(scale))
    hours = hours_shown(t)
    steps = max(2, int(hours * 12) + 1)
    points = [_xy(hours * i / (steps - 1), level_at(hours * i / (steps - 1))) for i in range(steps)]
    s.polygon([*points, (points[-1][0], BOTTOM), (LEFT, BOTTOM)], (70, 150, 220, 110))
    s.line(points, "#8fd0ff", 5)
    level = level_at(hours)
    x, y = points[-1]
    s.circle((x, y), 9, "#ffffff")
    # The clock and the reading, top right.
    s.text((RIGHT, 52), _clock(hours), 56, "#ffffff", bold=True, anchor="ra")
    s.text((RIGHT, 120), f"{level:.1f} m", 34, "#8fd0ff", bold=True, anchor="ra")
    if hours >= crossing_hours():
        cx, cy = _xy(crossing_hours(), SEA_WALL)
        s.rect((cx - 150, cy - 96, cx + 110, cy - 52), "#e5533d", radius=8)
        s.text((cx - 20, cy - 74), "Sea wall overtopped", 22, "#ffffff", bold=True, anchor="mm")
        s.line([(cx, cy - 52), (cx, cy - 8)], "#e5533d", 3)
    if hours >= PEAK_HOUR:
        px, py = _xy(PEAK_HOUR, LEVELS[PEAK_HOUR])
        s.circle((px, py), 12, "#f2a541")
        s.text((px - 18, py - 18), f"Record: {LEVELS[PEAK_HOUR]:.1f} m at 3 am", 24, "#f2a541", bold=True, anchor="rb")
    if t >= CUES[-1].start:
        fade = min(1.0, (t - CUES[-1].start) / 0.5)
        s.rect((LEFT - 10, 668, LEFT + 400, 700), (11, 24, 40, round(200 * fade)))
        s.text((LEFT, 670), SOURCE, 24, "#ffffff", bold=True)
    return s.finish()


def _timestamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def captions_vtt() -> bytes:
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(CUES, start=1):
        lines += [str(number), f"{_timestamp(cue.start)} --> {_timestamp(cue.end)}", cue.text, ""]
    return "\n".join(lines).encode()


def transcript() -> str:
    return " ".join(cue.text for cue in CUES)


@functools.cache
def video_mp4() -> bytes:
    """The animation as H.264 in MP4, 640x360, yuv420p, with the index at the front for streaming."""
    # faststart rewrites the file in a second pass, which needs a real file, not a buffer.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "video.mp4"
        _encode(path)
        return path.read_bytes()


def _encode(path: Path) -> None:
    with av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream(
            "libx264", rate=FPS, options={"crf": "26", "preset": "medium", "tune": "animation"}
        )
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "yuv420p"
        for index in range(math.ceil(DURATION * FPS)):
            image = draw_frame(index / FPS).reduce(CANVAS[0] // WIDTH)
            frame = av.VideoFrame.from_image(image).reformat(format="yuv420p")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


@functools.cache
def poster_jpeg() -> bytes:
    """The finished chart, as the still shown before playback."""
    return jpeg_bytes(draw_frame(DURATION, scale=2))
