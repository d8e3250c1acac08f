"""Illustrations for the demo articles, drawn with Pillow at load time.

Each scene is a function returning an RGB image. Scenes are drawn at twice the
final size and scaled down, which smooths the edges Pillow does not antialias.
Random numbers come from a seeded generator, so a scene is the same every time.
"""

import functools
import io
import math
import random
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 900
Colour = tuple[int, ...]
FONT_PATHS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD_FONT_PATHS = ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def hex_colour(value: str, alpha: int | None = None) -> Colour:
    value = value.lstrip("#")
    rgb = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    return rgb if alpha is None else (*rgb, alpha)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


@functools.cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    for path in BOLD_FONT_PATHS if bold else FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


class Sketch:
    """A canvas with coordinates in final pixels, drawn at `scale` times the size."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT, *, scale: int = 2, background: str = "#000000"):
        self.width, self.height, self.k = width, height, scale
        self.image = Image.new("RGB", (width * scale, height * scale), hex_colour(background))
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    def _points(self, points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * self.k, y * self.k) for x, y in points]

    def _box(self, box: Sequence[float]) -> list[float]:
        return [v * self.k for v in box]

    def gradient(self, stops: Sequence[tuple[float, str]], box: Sequence[float] | None = None) -> None:
        """A vertical gradient through (position 0..1, colour) stops, over the box or the whole canvas."""
        x0, y0, x1, y1 = box or (0, 0, self.width, self.height)
        height = max(1, round((y1 - y0) * self.k))
        colours = [(position, hex_colour(colour)) for position, colour in stops]
        column = Image.new("RGB", (1, height))
        pixels = []
        for row in range(height):
            t = row / max(1, height - 1)
            for (p0, c0), (p1, c1) in zip(colours, colours[1:], strict=False):
                if p0 <= t <= p1:
                    pixels.append(mix(c0, c1, (t - p0) / max(1e-9, p1 - p0)))
                    break
            else:
                pixels.append(colours[0][1] if t < colours[0][0] else colours[-1][1])
        column.putdata(pixels)
        band = column.resize((max(1, round((x1 - x0) * self.k)), height), Image.Resampling.NEAREST)
        self.image.paste(band, (round(x0 * self.k), round(y0 * self.k)))

    def glow(self, centre: tuple[float, float], radius: float, colour: str, opacity: float = 1.0) -> None:
        """A soft round light fading to nothing at `radius`."""
        size = max(2, round(radius * 2 * self.k))
        # Pillow's radial gradient reaches 181 at the middle of each edge; fade to zero there.
        mask = Image.radial_gradient("L").point(lambda v: round(max(0.0, 1 - v / 181) ** 2 * 255 * opacity))
        mask = mask.resize((size, size), Image.Resampling.BILINEAR)
        layer = Image.new("RGB", (size, size), hex_colour(colour))
        x, y = centre
        self.image.paste(layer, (round((x - radius) * self.k), round((y - radius) * self.k)), mask)

    def soft(
        self,
        colour: str,
        *,
        polygons: Sequence[Sequence[tuple[float, float]]] = (),
        circles: Sequence[tuple[float, float, float]] = (),
        opacity: float = 1.0,
        blur: float = 12,
    ) -> None:
        """Shapes with blurred edges (spray, haze, a comet's tail). The mask is drawn and
        blurred at a quarter of the canvas size, which is much faster and looks the same."""
        factor = 4
        width, height = self.image.size
        mask = Image.new("L", (width // factor, height // factor), 0)
        draw = ImageDraw.Draw(mask)
        f = self.k / factor
        for points in polygons:
            draw.polygon([(x * f, y * f) for x, y in points], fill=255)
        for x, y, r in circles:
            draw.ellipse((x * f - r * f, y * f - r * f, x * f + r * f, y * f + r * f), fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(blur * f)).point(lambda v: round(v * opacity))
        mask = mask.resize((width, height), Image.Resampling.BILINEAR)
        self.image.paste(Image.new("RGB", (width, height), hex_colour(colour)), (0, 0), mask)

    def polygon(self, points: Sequence[tuple[float, float]], fill: Colour | str) -> None:
        self.draw.polygon(self._points(points), fill=hex_colour(fill) if isinstance(fill, str) else fill)

    def rect(self, box: Sequence[float], fill: Colour | str, radius: float = 0) -> None:
        fill = hex_colour(fill) if isinstance(fill, str) else fill
        if radius:
            self.draw.rounded_rectangle(self._box(box), radius * self.k, fill=fill)
        else:
            self.draw.rectangle(self._box(box), fill=fill)

    def ellipse(self, box: Sequence[float], fill: Colour | str, outline: Colour | str | None = None, width: float = 1):
        fill = hex_colour(fill) if isinstance(fill, str) else fill
        outline = hex_colour(outline) if isinstance(outline, str) else outline
        self.draw.ellipse(self._box(box), fill=fill, outline=outline, width=max(1, round(width * self.k)))

    def circle(self, centre: tuple[float, float], radius: float, fill: Colour | str, **kwargs) -> None:
        x, y = centre
        self.ellipse((x - radius, y - radius, x + radius, y + radius), fill, **kwargs)

    def line(self, points: Sequence[tuple[float, float]], fill: Colour | str, width: float = 2) -> None:
        fill = hex_colour(fill) if isinstance(fill, str) else fill
        self.draw.line(self._points(points), fill=fill, width=max(1, round(width * self.k)), joint="curve")

    def text(self, xy: tuple[float, float], text: str, size: int, fill: str, *, bold=False, anchor="la") -> None:
        self.draw.text(
            (xy[0] * self.k, xy[1] * self.k),
            text,
            font=font(size * self.k, bold=bold),
            fill=hex_colour(fill),
            anchor=anchor,
        )

    def blur(self, radius: float) -> None:
        self.image = self.image.filter(ImageFilter.GaussianBlur(radius * self.k))
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    def finish(self) -> Image.Image:
        return self.image if self.k == 1 else self.image.reduce(self.k)


def ridge(rng: random.Random, *, base: float, amplitude: float, width: float = WIDTH, step: float = 20, waves=3):
    """Points along a hill or mountain line: a few sine waves of random phase plus jitter."""
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    lengths = [rng.uniform(0.6, 1.4) * width / (i + 1.3) for i in range(waves)]
    points = []
    x = -step
    while x <= width + step:
        y = base - sum(amplitude / (i + 1) * math.sin(x / lengths[i] * math.tau + phases[i]) for i in range(waves))
        points.append((x, y + rng.uniform(-amplitude * 0.04, amplitude * 0.04)))
        x += step
    return points


def fill_below(sketch: Sketch, points, fill, bottom: float = HEIGHT) -> None:
    sketch.polygon([*points, (points[-1][0], bottom), (points[0][0], bottom)], fill)


# Scenes ---------------------------------------------------------------------------------------


def harbour_storm() -> Image.Image:
    """Night storm over a harbour town: a lighthouse, a sea wall and breaking waves."""
    rng = random.Random(1)
    s = Sketch()
    s.gradient([(0, "#0d1422"), (0.45, "#22344a"), (0.62, "#48657a"), (0.63, "#1c2c3e"), (1, "#0a1320")])
    # Heavy clouds, darker on top.
    for _ in range(60):
        x, y = rng.uniform(-100, WIDTH), rng.uniform(-60, 380)
        w, h = rng.uniform(180, 420), rng.uniform(60, 130)
        shade = rng.randint(14, 40)
        s.ellipse((x, y, x + w, y + h), (shade, shade + 8, shade + 20, 150))
    s.blur(6)
    # Lighthouse beam and glow on the breakwater.
    s.soft("#fff2c0", polygons=[[(1285, 395), (0, 170), (0, 330)]], opacity=0.22, blur=10)
    s.soft("#fff6d8", polygons=[[(1285, 395), (0, 230), (0, 290)]], opacity=0.25, blur=6)
    s.glow((1285, 395), 120, "#ffe7a0", 0.85)
    # Town on the left: roofs and lit windows.
    x = -10
    while x < 620:
        w, h = rng.uniform(50, 95), rng.uniform(70, 170)
        top = 560 - h
        s.rect((x, top, x + w, 565), "#111a26")
        s.polygon([(x - 4, top), (x + w / 2, top - rng.uniform(25, 45)), (x + w + 4, top)], "#0e1620")
        for wy in range(int(top + 18), 545, 34):
            for wx in range(int(x + 10), int(x + w - 14), 24):
                if rng.random() < 0.45:
                    s.rect((wx, wy, wx + 11, wy + 15), hex_colour("#f4c46a", rng.randint(150, 240)))
        x += w + rng.uniform(2, 10)
    # Breakwater and lighthouse.
    s.polygon([(1060, 560), (1540, 545), (1600, 560), (1600, 590), (1040, 590)], "#0b121b")
    s.polygon([(1262, 545), (1308, 545), (1298, 410), (1272, 410)], "#d9dde2")
    for band in (450, 500):
        s.polygon([(1268, band), (1302, band), (1303, band + 18), (1267, band + 18)], "#b3322f")
    s.rect((1266, 392, 1304, 412), "#2a2f36")
    s.rect((1274, 378, 1296, 394), "#fff3c4")
    s.polygon([(1266, 378), (1285, 360), (1304, 378)], "#2a2f36")
    # Waves: rows of uneven crests, larger towards the viewer, with foam on some crests.
    for row in range(13):
        y0 = 585 + row**1.4 * 10
        amp = 3 + row * 2.2
        length = 70 + row * 18
        phase, phase2 = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
        pts = [
            (x, y0 + amp * math.sin(x / length * math.tau + phase) * (0.6 + 0.4 * math.sin(x / length + phase2)))
            for x in range(-10, WIDTH + 20, 8)
        ]
        fill_below(s, pts, mix(hex_colour("#24425c"), hex_colour("#07101c"), row / 13))
        for i in range(1, len(pts) - 6):
            if pts[i][1] < pts[i - 1][1] and pts[i][1] <= pts[i + 1][1] and rng.random() < 0.45:
                s.line(pts[i - 2 : i + 3], (215, 230, 238, 70 + row * 8), 1 + row * 0.3)
    # Two boats riding it out inside the harbour.
    for bx, by, scale in ((860, 640, 1.0), (980, 690, 1.4)):
        s.polygon(
            [(bx, by), (bx + 120 * scale, by), (bx + 100 * scale, by + 26 * scale), (bx + 14 * scale, by + 26 * scale)],
            "#c9cfd6",
        )
        s.rect((bx + 40 * scale, by - 30 * scale, bx + 80 * scale, by), "#8b97a3")
        s.line([(bx + 60 * scale, by - 30 * scale), (bx + 60 * scale, by - 90 * scale)], "#c9cfd6", 3)
    # The sea wall in the foreground, breached near the middle, with spray bursting over it.
    wall_top = [(0, 700), (260, 662), (300, 656)]
    s.polygon([*wall_top, (300, 760), (0, 830)], "#3a4654")
    s.polygon([(0, 686), (300, 644), (300, 656), (0, 700)], "#6b7886")
    s.polygon([(390, 643), (760, 592), (760, 604), (390, 656)], "#6b7886")
    s.polygon([(390, 656), (760, 604), (760, 690), (390, 750)], "#3a4654")
    for bx in range(20, 760, 46):
        if 300 < bx < 390:
            continue
        top = 700 - bx * 0.142 if bx < 300 else 656 - (bx - 390) * 0.138
        s.line([(bx, top + 4), (bx, top + 90)], (20, 28, 36, 120), 2)
    # Water through the breach: a plume of spray above the gap and foam spilling below it.
    plume = [(rng.gauss(345, 45), rng.uniform(585, 650), rng.uniform(16, 40)) for _ in range(24)]
    s.soft("#eef4f7", circles=plume, polygons=[[(300, 656), (390, 650), (400, 700), (296, 708)]], opacity=0.6, blur=12)
    s.soft(
        "#dfe9ee",
        circles=[(rng.uniform(0, 760), 600 - rng.uniform(0, 110), rng.uniform(16, 48)) for _ in range(26)],
        opacity=0.35,
        blur=18,
    )
    # Rain.
    for _ in range(500):
        x, y = rng.uniform(-200, WIDTH), rng.uniform(0, HEIGHT)
        s.line([(x, y), (x + 10, y + 34)], (200, 215, 230, 40), 1)
    return s.finish()


def flooded_street() -> Image.Image:
    """A terrace of shop fronts with water at knee height and sandbags at the doors."""
    rng = random.Random(2)
    s = Sketch()
    s.gradient([(0, "#9fb3c3"), (0.6, "#d5dde2"), (1, "#d5dde2")])
    colours = ["#c96f4a", "#e2c48d", "#7e9aa8", "#b8b29a", "#d49a6a", "#6f8f7b"]
    x = -20
    while x < WIDTH:
        w = rng.uniform(230, 300)
        top = rng.uniform(90, 200)
        body = rng.choice(colours)
        s.rect((x, top, x + w, 700), body)
        s.rect((x, top, x + w, top + 18), (0, 0, 0, 40))
        for wx in (x + 30, x + w - 100):
            for wy in (top + 60, top + 200):
                s.rect((wx, wy, wx + 70, wy + 95), "#e9eef1")
                s.rect((wx + 4, wy + 4, wx + 66, wy + 91), "#3f5566")
                s.line([(wx + 35, wy), (wx + 35, wy + 95)], "#e9eef1", 4)
        # Shop window, door and awning.
        s.rect((x + 20, 480, x + w - 90, 690), "#2f3d49")
        s.rect((x + 26, 486, x + w - 96, 684), "#4f6677")
        s.rect((x + w - 75, 470, x + w - 25, 700), "#39291f")
        stripe = rng.choice(["#a33b32", "#2c5d7c", "#3f6b45"])
        for i in range(8):
            ax = x + 10 + i * (w - 20) / 8
            s.polygon(
                [(ax, 440), (ax + (w - 20) / 8, 440), (ax + (w - 20) / 8, 470), (ax, 470)],
                stripe if i % 2 == 0 else "#f1ebe0",
            )
        # Sandbags at the door.
        for row, count in ((0, 4), (1, 3), (2, 2)):
            for i in range(count):
                bx = x + w - 100 + i * 36 + row * 18
                by = 660 - row * 20
                s.ellipse((bx, by, bx + 40, by + 26), "#b79c6b", outline="#8c7550", width=2)
        x += w
    # Floodwater with reflections and ripples.
    s.rect((0, 650, WIDTH, HEIGHT), hex_colour("#6f6a55", 235))
    reflection = s.image.crop((0, 300 * s.k, WIDTH * s.k, 650 * s.k)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    reflection = reflection.resize((WIDTH * s.k, 250 * s.k)).filter(ImageFilter.GaussianBlur(4))
    s.image.paste(
        Image.blend(reflection, Image.new("RGB", reflection.size, hex_colour("#5e5a47")), 0.6), (0, 650 * s.k)
    )
    s.draw = ImageDraw.Draw(s.image, "RGBA")
    for _ in range(120):
        x, y = rng.uniform(0, WIDTH), rng.uniform(660, HEIGHT)
        w = rng.uniform(40, 160)
        s.line([(x, y), (x + w, y)], (230, 225, 200, rng.randint(40, 110)), 2)
    s.rect((0, 646, WIDTH, 654), hex_colour("#e8e2cc", 120))
    return s.finish()


def valley_bridge() -> Image.Image:
    """Dawn over a mountain valley, with a five-arched stone bridge over the river."""
    rng = random.Random(3)
    s = Sketch()
    s.gradient([(0, "#5d7fa8"), (0.45, "#f2b98a"), (0.62, "#fbe3b8"), (1, "#fbe3b8")])
    s.glow((1120, 420), 260, "#fff1cf", 0.9)
    s.circle((1120, 420), 46, "#fff8e6")
    layers = [("#a9a7bf", 430, 120), ("#8a8aa8", 480, 110), ("#6a7590", 540, 90), ("#4d6172", 600, 70)]
    for colour, base, amplitude in layers:
        fill_below(s, ridge(rng, base=base, amplitude=amplitude), colour)
    # Valley floor and the river winding towards the viewer.
    fill_below(s, ridge(rng, base=660, amplitude=20), "#55704a")
    left_bank, right_bank = [], []
    for y in range(668, HEIGHT + 10, 8):
        t = (y - 668) / (HEIGHT - 668)
        centre = 860 - 110 * math.sin(t * 3.4)
        half = 4 + 200 * t**1.1
        left_bank.append((centre - half, y))
        right_bank.append((centre + half, y))
    s.polygon(left_bank + right_bank[::-1], "#a9cbdb")
    # Fields on both banks.
    for _ in range(14):
        x, y = rng.uniform(0, WIDTH), rng.uniform(690, 860)
        w = rng.uniform(120, 260)
        if x + w + 30 > 520 and x < 1160:
            continue
        s.polygon([(x, y), (x + w, y - 10), (x + w + 30, y + 30), (x + 20, y + 44)], rng.choice(["#6d8a53", "#8aa35c"]))
    # The bridge: a deck across five arches, low in the picture so the river shows above it.
    deck_y, left, right = 820, 560, 1120
    s.rect((left, deck_y - 28, right, deck_y + 10), "#b9a58a")
    s.rect((left, deck_y - 40, right, deck_y - 28), "#a08c72")
    span = (right - left) / 5
    for i in range(5):
        ax = left + i * span
        s.rect((ax, deck_y + 10, ax + span, HEIGHT), "#b9a58a")
        s.ellipse((ax + 14, deck_y + 20, ax + span - 14, deck_y + 180), "#86aabb")
    for px in range(int(left), int(right), 22):
        s.rect((px, deck_y - 40, px + 3, deck_y - 28), "#8d7a63")
    # Checkpoint hut and an open barrier at the far end.
    hut_y = deck_y - 70
    s.rect((1130, hut_y, 1200, hut_y + 72), "#e6e0d4")
    s.polygon([(1122, hut_y), (1165, hut_y - 24), (1208, hut_y)], "#7d3d32")
    s.rect((1148, hut_y + 22, 1182, hut_y + 48), "#7fa6c0")
    s.line([(1120, hut_y + 60), (1090, hut_y - 40)], "#c23b2f", 6)
    s.line([(1110, hut_y + 28), (1100, hut_y - 5)], "#f5f0e6", 6)
    # People crossing.
    for px in (650, 700, 760, 840, 880, 960, 1010):
        colour = rng.choice(["#2f4858", "#8c3b3b", "#3b5e3b", "#50406c"])
        s.rect((px, deck_y - 68, px + 10, deck_y - 40), colour, radius=4)
        s.circle((px + 5, deck_y - 74), 6, "#3b2f2a")
    # Birds.
    for bx, by in ((400, 250), (440, 270), (470, 240), (520, 300)):
        s.line([(bx - 12, by - 5), (bx, by), (bx + 12, by - 5)], "#3a3a4a", 2)
    return s.finish()


def skyline_dusk() -> Image.Image:
    """A city skyline at dusk with lit windows and a tram on the bridge below."""
    rng = random.Random(4)
    s = Sketch()
    s.gradient([(0, "#1d1b45"), (0.35, "#5a3d7a"), (0.6, "#e0796a"), (0.72, "#f7b977"), (1, "#f7b977")])
    s.glow((800, 640), 420, "#ffd39a", 0.7)
    for _ in range(80):
        s.circle((rng.uniform(0, WIDTH), rng.uniform(0, 220)), rng.uniform(0.8, 1.8), (255, 255, 240, 150))
    # Two rows of towers: a paler far row and a dark near row with windows.
    for row, colour, base, heights in (
        (0, "#7c5c88", 690, (180, 360)),
        (1, "#2a2340", 720, (140, 470)),
    ):
        x = -30
        while x < WIDTH:
            w = rng.uniform(60, 140)
            h = rng.uniform(*heights)
            top = base - h
            s.rect((x, top, x + w, base + 5), colour)
            if rng.random() < 0.25:
                s.polygon([(x, top), (x + w / 2, top - rng.uniform(30, 80)), (x + w, top)], colour)
            if row == 1:
                if rng.random() < 0.2:
                    s.line([(x + w / 2, top), (x + w / 2, top - 60)], colour, 3)
                    s.circle((x + w / 2, top - 62), 3, "#ff5a4f")
                for wy in range(int(top + 14), int(base - 10), 22):
                    for wx in range(int(x + 8), int(x + w - 10), 16):
                        if rng.random() < 0.38:
                            s.rect((wx, wy, wx + 8, wy + 11), hex_colour("#ffd98a", rng.randint(140, 255)))
            x += w + rng.uniform(0, 12)
    # River, bridge and tram.
    s.gradient([(0, "#4a3558"), (1, "#1c1630")], box=(0, 720, WIDTH, HEIGHT))
    for _ in range(200):
        x, y = rng.uniform(0, WIDTH), rng.uniform(760, HEIGHT)
        s.line([(x, y), (x + rng.uniform(10, 50), y)], hex_colour("#ffd98a", rng.randint(30, 110)), 2)
    s.rect((0, 722, WIDTH, 760), "#17132a")
    s.line([(0, 678), (WIDTH, 678)], "#17132a", 2)
    for px in range(40, WIDTH, 180):
        s.line([(px, 722), (px, 670)], "#17132a", 3)
    tram = 560
    s.rect((tram, 686, tram + 420, 724), "#d8463c", radius=8)
    s.rect((tram, 710, tram + 420, 716), "#f2e6d8")
    for wx in range(tram + 18, tram + 400, 46):
        s.rect((wx, 692, wx + 34, 706), "#ffe8b0")
    s.line([(tram + 200, 686), (tram + 230, 678)], "#17132a", 3)
    s.glow((tram + 425, 705), 40, "#fff1c0", 0.9)
    return s.finish()


def lab_bench() -> Image.Image:
    """A plant laboratory: trays of wheat seedlings, flasks and petri dishes under a window."""
    rng = random.Random(5)
    s = Sketch()
    s.gradient([(0, "#dfe8ea"), (1, "#b9c9cd")])
    # Window with daylight.
    s.rect((980, 70, 1480, 480), "#f4f6f2")
    s.gradient([(0, "#a7cbe0"), (1, "#e6f0f2")], box=(1000, 90, 1460, 460))
    s.line([(1230, 90), (1230, 460)], "#f4f6f2", 12)
    s.line([(1000, 275), (1460, 275)], "#f4f6f2", 12)
    s.glow((1230, 280), 420, "#ffffff", 0.35)
    # Shelf with bottles.
    s.rect((90, 230, 820, 246), "#8e7a62")
    for i, colour in enumerate(["#3e7c6e", "#b8873a", "#6a5a8e", "#9aa5a8", "#3e6a8c", "#a9503f"]):
        bx = 120 + i * 112
        h = rng.uniform(90, 140)
        s.rect((bx, 230 - h, bx + 60, 230), colour, radius=8)
        s.rect((bx + 18, 230 - h - 20, bx + 42, 230 - h + 4), "#2e3437")
        s.rect((bx + 8, 230 - h * 0.6, bx + 52, 230 - h * 0.3), "#f3f1ea")
    # Bench.
    s.rect((0, 600, WIDTH, 640), "#5d6a70")
    s.gradient([(0, "#eaeeee"), (1, "#cdd5d6")], box=(0, 560, WIDTH, 604))
    s.rect((0, 640, WIDTH, HEIGHT), "#44505a")
    for dx in (200, 620, 1040, 1460):
        s.rect((dx, 660, dx + 140, HEIGHT), "#3b464f")
        s.rect((dx + 55, 690, dx + 85, 700), "#9aa6ad", radius=4)
    # Seedling trays.
    for tray_x in (120, 470):
        s.rect((tray_x, 500, tray_x + 320, 580), "#2f3b40", radius=6)
        for col in range(6):
            for row in range(2):
                cx = tray_x + 30 + col * 52
                cy = 520 + row * 28
                for _ in range(4):
                    height = rng.uniform(70, 150) * (0.6 if tray_x == 120 else 1.0)
                    lean = rng.uniform(-18, 18)
                    green = rng.choice(["#6aa84f", "#7fbf5a", "#5b9a45"])
                    s.polygon(
                        [(cx - 2, cy), (cx + 2, cy), (cx + lean + 1, cy - height), (cx + lean - 1, cy - height)], green
                    )
    # Labels on the trays: salty soil and salty soil with the fungus.
    s.rect((140, 560, 260, 576), "#f3f1ea")
    s.rect((490, 560, 610, 576), "#f3f1ea")
    s.rect((140, 565, 240, 570), "#8a8a8a")
    s.rect((490, 565, 600, 570), "#8a8a8a")
    # Flasks with coloured liquid.
    for fx, colour, level in ((880, "#e0a93b", 0.45), (1010, "#4c9bb3", 0.6), (1120, "#9ac05a", 0.35)):
        s.polygon(
            [(fx + 30, 420), (fx + 60, 420), (fx + 60, 480), (fx + 100, 580), (fx - 10, 580), (fx + 30, 480)], "#f4fbfc"
        )
        top = 580 - (580 - 480) * level - 40
        s.polygon([(fx + 5, top + 40), (fx + 85, top + 40), (fx + 100, 580), (fx - 10, 580)], hex_colour(colour, 200))
        s.line(
            [(fx + 30, 420), (fx + 30, 480), (fx - 10, 580), (fx + 100, 580), (fx + 60, 480), (fx + 60, 420)],
            "#9fb3b8",
            3,
        )
    # Petri dishes with white fungal threads.
    for px in (1260, 1400, 1320):
        py = 560 if px != 1320 else 530
        s.ellipse((px - 60, py - 18, px + 60, py + 18), "#eef3f4", outline="#9fb3b8", width=3)
        for _ in range(40):
            a = rng.uniform(0, math.tau)
            r = rng.uniform(0, 50)
            x, y = px + math.cos(a) * r, py + math.sin(a) * r * 0.28
            s.line([(px, py), (x, y)], (255, 255, 255, 160), 1)
        s.ellipse((px - 14, py - 5, px + 14, py + 5), "#f7f2e0")
    return s.finish()


def comet_sky() -> Image.Image:
    """A comet with a long tail above a hilltop observatory under the Milky Way."""
    rng = random.Random(6)
    s = Sketch()
    s.gradient([(0, "#03060f"), (0.6, "#0b1a33"), (0.85, "#1d3552"), (1, "#1d3552")])
    # Milky Way: a diagonal band of faint stars and haze.
    for i in range(18):
        t = i / 17
        s.glow((100 + t * 1400, 80 + t * 520), 150, "#3a4f78", 0.35)
    for _ in range(1400):
        t = rng.random()
        x = 100 + t * 1400 + rng.gauss(0, 90)
        y = 80 + t * 520 + rng.gauss(0, 60)
        s.circle((x, y), rng.uniform(0.5, 1.2), (220, 230, 255, rng.randint(60, 180)))
    for _ in range(500):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, 700)
        r = rng.choice([0.6, 0.8, 1.0, 1.4, 2.0])
        s.circle((x, y), r, (255, 255, 255, rng.randint(120, 255)))
    # Comet: a broad, curved dust tail and a narrow blue gas tail, both fading with blur.
    head = (1160, 330)
    dust = [head]
    for i in range(1, 21):
        t = i / 20
        dust.append((head[0] - 760 * t, head[1] - 230 * t - 50 * t * t + 30 * t))
    for i in range(20, 0, -1):
        t = i / 20
        dust.append((head[0] - 760 * t + 30 * t, head[1] - 230 * t + 130 * t))
    s.soft("#f2eedc", polygons=[dust], opacity=0.45, blur=22)
    s.soft("#f7f2e2", polygons=[dust[:12] + dust[-11:]], opacity=0.45, blur=10)
    s.soft(
        "#9cc4ff",
        polygons=[[head, (head[0] - 820, head[1] - 300), (head[0] - 810, head[1] - 268)]],
        opacity=0.6,
        blur=5,
    )
    s.glow(head, 70, "#cfe6ff", 0.9)
    s.circle(head, 6, "#ffffff")
    # Hills and the observatory.
    fill_below(s, ridge(rng, base=730, amplitude=50), "#0b1320")
    hill = [(900, 760), (1050, 640), (1250, 610), (1450, 650), (1650, 760)]
    fill_below(s, hill, "#060b14")
    s.rect((1200, 545, 1330, 620), "#0d1522")
    s.ellipse((1195, 480, 1335, 610), "#1a2434")
    s.rect((1190, 545, 1340, 615), "#0d1522")
    s.polygon([(1258, 482), (1272, 482), (1280, 545), (1250, 545)], "#05080e")
    s.rect((1215, 585, 1235, 600), "#f3c978")
    s.glow((1225, 592), 30, "#f3c978", 0.5)
    return s.finish()


def meadow_bees() -> Image.Image:
    """Roadside wildflowers in summer with bees, and the town beyond."""
    rng = random.Random(7)
    s = Sketch()
    s.gradient([(0, "#7fb6e0"), (0.55, "#dcefff"), (1, "#dcefff")])
    s.glow((1300, 140), 200, "#fffbe6", 0.9)
    s.circle((1300, 140), 55, "#fff8d8")
    for cx, cy in ((300, 150), (520, 110), (820, 180)):
        for dx, dy, r in ((0, 0, 50), (45, -20, 60), (100, 0, 48), (55, 15, 55)):
            s.circle((cx + dx, cy + dy), r, (255, 255, 255, 200))
    fill_below(s, ridge(rng, base=470, amplitude=40), "#8fbf73")
    # The town on the far hill.
    for i in range(16):
        hx = 250 + i * 62 + rng.uniform(-10, 10)
        hy = 440 + math.sin(i / 2.5) * 12
        s.rect((hx, hy, hx + 44, hy + 34), rng.choice(["#f0e6d6", "#e8d2b8", "#d9e0e4"]))
        s.polygon([(hx - 4, hy), (hx + 22, hy - 20), (hx + 48, hy)], rng.choice(["#b5533c", "#8a4b3a", "#5b5f6a"]))
    s.rect((560, 380, 578, 440), "#e6dccb")
    s.polygon([(556, 380), (569, 340), (582, 380)], "#5b5f6a")
    fill_below(s, ridge(rng, base=560, amplitude=30), "#6aa352")
    fill_below(s, ridge(rng, base=640, amplitude=25), (90, 150, 70, 255))
    # Flowers: small and sparse far away, large and dense close up.
    palette = ["#e2463b", "#f2d04b", "#ffffff", "#8a63c7", "#f08ac0", "#4c7fd1"]
    for _ in range(2600):
        y = rng.uniform(580, HEIGHT)
        x = rng.uniform(-20, WIDTH)
        near = (y - 580) / 320
        stem = 6 + near * 60
        s.line([(x, y), (x + rng.uniform(-4, 4), y - stem)], (60, 120, 50, 255), 1 + near * 2)
        s.circle((x, y - stem), 2 + near * 9, rng.choice(palette))
        if near > 0.6:
            s.circle((x, y - stem), 2 + near * 3, "#f5c542")
    # Bees in the foreground.
    for bx, by, angle in ((380, 640, -0.3), (520, 700, 0.2), (250, 760, 0.1)):
        s.ellipse((bx - 26, by - 20, bx + 4, by - 4), (235, 245, 255, 170))
        s.ellipse((bx - 4, by - 22, bx + 26, by - 6), (235, 245, 255, 170))
        s.ellipse((bx - 24, by - 12, bx + 24, by + 14), "#e8a82a")
        for stripe in (-10, 2, 14):
            s.rect((bx + stripe - 3, by - 11, bx + stripe + 3, by + 13), "#2b2217")
        s.circle((bx + 26, by), 10, "#2b2217")
        s.line([(bx + 30, by - 8), (bx + 40 + angle * 10, by - 22)], "#2b2217", 2)
    return s.finish()


def mill_exterior() -> Image.Image:
    """A brick textile mill with a saw-tooth roof and chimney, workers at the gate in the morning."""
    rng = random.Random(8)
    s = Sketch()
    s.gradient([(0, "#8fb2cf"), (0.7, "#f3e2c4"), (1, "#f3e2c4")])
    s.glow((300, 260), 240, "#fff3d6", 0.8)
    fill_below(s, ridge(rng, base=520, amplitude=30), "#9ab0a0")
    # Chimney with a thin trail of steam.
    s.polygon([(1270, 150), (1330, 150), (1345, 560), (1255, 560)], "#8e4a36")
    s.rect((1262, 140, 1338, 160), "#6e3828")
    for i in range(8):
        s.circle((1300 - i * 40, 120 - i * 14), 24 + i * 8, (255, 255, 255, 90 - i * 10))
    # Main building: brick with rows of tall windows.
    s.rect((120, 330, 1480, 760), "#a9553d")
    for y in range(340, 760, 16):
        s.line([(120, y), (1480, y)], (120, 50, 35, 70), 1)
    # Saw-tooth roof.
    for i in range(12):
        x = 120 + i * (1360 / 12)
        w = 1360 / 12
        s.polygon([(x, 330), (x, 250), (x + w, 330)], "#4b4f57")
        s.polygon([(x + 3, 330), (x + 3, 262), (x + 16, 270), (x + 16, 330)], "#b9d3e3")
    s.rect((120, 322, 1480, 336), "#3b3f47")
    for row_y in (380, 540):
        for wx in range(160, 1460, 92):
            if row_y == 540 and 660 < wx < 900:
                continue
            s.polygon([(wx, row_y + 20), (wx + 28, row_y), (wx + 56, row_y + 20)], "#e7d3b8")
            s.rect((wx, row_y + 20, wx + 56, row_y + 120), "#e7d3b8")
            s.rect((wx + 5, row_y + 24, wx + 51, row_y + 116), "#f0c97a" if rng.random() < 0.5 else "#6f8796")
            s.line([(wx + 28, row_y + 22), (wx + 28, row_y + 118)], "#e7d3b8", 3)
            s.line([(wx + 4, row_y + 70), (wx + 52, row_y + 70)], "#e7d3b8", 3)
    # Gate with a new sign and workers arriving.
    s.rect((680, 560, 880, 760), "#3a2d28")
    s.rect((690, 570, 870, 760), "#5d4a3e")
    s.rect((620, 470, 940, 540), "#f2efe6")
    s.text((780, 494), "BRANNOCK MILL", 34, "#2e3b4a", bold=True, anchor="mm")
    s.text((780, 524), "WORKERS' COOPERATIVE", 18, "#a9553d", bold=True, anchor="mm")
    s.rect((0, 760, WIDTH, HEIGHT), "#7d7a74")
    s.rect((0, 756, WIDTH, 766), "#65625d")
    for px in (520, 600, 640, 930, 990, 1080, 1130):
        colour = rng.choice(["#2f4858", "#8c3b3b", "#3b5e3b", "#c08a2e", "#50406c"])
        h = rng.uniform(0.9, 1.1)
        s.rect((px, 770 - 70 * h, px + 24, 800), colour, radius=8)
        s.rect((px + 3, 800, px + 10, 840), "#2b2b33")
        s.rect((px + 14, 800, px + 21, 840), "#2b2b33")
        s.circle((px + 12, 770 - 84 * h), 13, "#7a5443")
    return s.finish()


def yarn_spools() -> Image.Image:
    """Rows of dyed wool cones on a storeroom rack."""
    rng = random.Random(9)
    s = Sketch()
    s.gradient([(0, "#3a3430"), (1, "#1c1917")])
    s.glow((800, 200), 700, "#f5d9a8", 0.35)
    colours = ["#b2382f", "#d9822b", "#e3c04d", "#3f7d5a", "#2f6f9a", "#5a3f86", "#c9c2b4", "#8c2f4f", "#46566b"]
    for shelf, y in enumerate((300, 560, 820)):
        s.rect((0, y, WIDTH, y + 26), "#6b5139")
        s.rect((0, y + 26, WIDTH, y + 36), "#3e2e21")
        x = 30 + shelf * 40
        while x < WIDTH - 60:
            colour = hex_colour(rng.choice(colours))
            top, base = y - 200, y
            w_top, w_base = 40, 80
            cx = x + w_base / 2
            # A cone of wool: wider at the base, shaded on one side, with wound threads.
            s.polygon(
                [(cx - w_top / 2, top), (cx + w_top / 2, top), (cx + w_base / 2, base), (cx - w_base / 2, base)], colour
            )
            s.polygon(
                [(cx + w_top / 6, top), (cx + w_top / 2, top), (cx + w_base / 2, base), (cx + w_base / 6, base)],
                (0, 0, 0, 60),
            )
            s.polygon(
                [(cx - w_top / 2, top), (cx - w_top / 3, top), (cx - w_base / 3, base), (cx - w_base / 2, base)],
                (255, 255, 255, 40),
            )
            for ty in range(int(top + 8), int(base), 9):
                t = (ty - top) / (base - top)
                half = (w_top + (w_base - w_top) * t) / 2
                s.line([(cx - half, ty), (cx + half, ty + 3)], (*mix(colour, (0, 0, 0), 0.25), 120), 1)
            s.ellipse((cx - w_top / 2, top - 6, cx + w_top / 2, top + 6), mix(colour, (255, 255, 255), 0.25))
            s.ellipse((cx - 8, top - 3, cx + 8, top + 3), "#d8c9a8")
            x += w_base + rng.uniform(6, 22)
    # A loose thread from the nearest cone.
    s.line([(760, 820), (700, 860), (640, 850), (560, 890), (480, 900)], "#d9822b", 3)
    return s.finish()


def rate_chart() -> Image.Image:
    """The central bank's policy rate against inflation over three years, as a clean newspaper chart."""
    s = Sketch(background="#f6f2ea")
    quarters = ["Q1", "Q2", "Q3", "Q4"] * 3
    years = ["Year 1", "Year 2", "Year 3"]
    rate = [0.5, 0.5, 1.0, 1.75, 2.5, 3.25, 3.75, 3.75, 3.5, 3.25, 3.25, 3.25]
    inflation = [2.1, 3.5, 5.2, 7.0, 7.8, 7.1, 5.9, 4.6, 3.8, 3.1, 2.8, 2.6]
    left, right, top, bottom = 170, 1500, 210, 760
    top_value = 8.0

    def point(i: int, value: float) -> tuple[float, float]:
        return left + 40 + i * (right - left - 80) / 11, bottom - value / top_value * (bottom - top)

    s.text((100, 70), "Arnland: policy rate and inflation", 46, "#1d2530", bold=True)
    s.text((100, 132), "Per cent, quarterly", 28, "#5b6570")
    for v in range(0, 9, 2):
        y = bottom - v / top_value * (bottom - top)
        s.line([(left, y), (right, y)], "#d8d2c6" if v else "#5b6570", 2)
        s.text((left - 20, y), str(v), 26, "#5b6570", anchor="rm")
    # Inflation as bars, the policy rate as a step line on top.
    for i, value in enumerate(inflation):
        x, y = point(i, value)
        s.rect((x - 34, y, x + 34, bottom), "#e9b8a6")
    steps = []
    for i, value in enumerate(rate):
        x, y = point(i, value)
        if steps:
            steps.append((x - 55, steps[-1][1]))
            steps.append((x - 55, y))
        steps.append((x, y))
    steps.append((right - 10, steps[-1][1]))
    s.line(steps, "#1f4e79", 7)
    x, y = point(11, 3.25)
    s.circle((x, y), 11, "#1f4e79")
    s.rect((x - 100, y - 78, x + 60, y - 28), "#1f4e79", radius=6)
    s.text((x - 20, y - 53), "3.25%", 30, "#ffffff", bold=True, anchor="mm")
    for i, label in enumerate(quarters):
        x, _ = point(i, 0)
        s.text((x, bottom + 22), label, 24, "#5b6570", anchor="mt")
    for i, label in enumerate(years):
        x0, _ = point(i * 4, 0)
        x1, _ = point(i * 4 + 3, 0)
        s.text(((x0 + x1) / 2, bottom + 62), label, 26, "#1d2530", bold=True, anchor="mt")
        if i:
            s.line([(x0 - 55, bottom + 10), (x0 - 55, bottom + 90)], "#c8c1b3", 2)
    # Legend.
    s.rect((1040, 84, 1080, 104), "#e9b8a6")
    s.text((1094, 94), "Inflation", 26, "#1d2530", anchor="lm")
    s.line([(1240, 94), (1280, 94)], "#1f4e79", 7)
    s.text((1294, 94), "Policy rate", 26, "#1d2530", anchor="lm")
    s.text((100, 850), "Source: Bank of Arnland. Illustrative figures.", 22, "#5b6570")
    return s.finish()


def lighthouse_sunset() -> Image.Image:
    """A lighthouse and keeper's cottage on a headland at sunset."""
    rng = random.Random(10)
    s = Sketch()
    s.gradient(
        [(0, "#2b2d5c"), (0.35, "#9b4f7a"), (0.55, "#f08a5d"), (0.62, "#ffd08a"), (0.621, "#e9876a"), (1, "#2e3550")]
    )
    s.glow((520, 558), 300, "#ffd49a", 0.8)
    s.circle((520, 558), 70, "#fff0c8")
    s.rect((0, 558, WIDTH, HEIGHT), hex_colour("#2e3550", 90))
    # Sun's path on the sea.
    for i in range(40):
        y = 566 + i * 8
        w = 60 + i * 6 + rng.uniform(-20, 20)
        s.line([(520 - w / 2, y), (520 + w / 2, y)], (255, 214, 150, max(30, 200 - i * 4)), 3)
    # Headland.
    cliff = [(780, 900), (860, 520), (940, 470), (1150, 430), (1400, 440), (1600, 470), (1600, 900)]
    s.polygon(cliff, "#241d2c")
    s.polygon([(860, 520), (940, 470), (1150, 430), (1400, 440), (1600, 470), (1600, 500), (900, 520)], "#3c4a38")
    # Keeper's cottage.
    s.rect((1320, 370, 1480, 450), "#e9e1d6")
    s.polygon([(1310, 372), (1400, 320), (1490, 372)], "#4a3b3b")
    s.rect((1350, 395, 1375, 420), "#ffcf7a")
    s.rect((1420, 395, 1445, 420), "#ffcf7a")
    s.rect((1450, 326, 1466, 350), "#4a3b3b")
    # Lighthouse tower, striped, with its lamp lit.
    s.polygon([(1130, 440), (1230, 440), (1210, 170), (1150, 170)], "#f2ede6")
    for y0 in (220, 320, 400):
        t0 = (y0 - 170) / 270
        t1 = (y0 + 36 - 170) / 270
        s.polygon(
            [
                (1150 - 20 * t0, y0),
                (1210 + 20 * t0, y0),
                (1210 + 20 * t1, y0 + 36),
                (1150 - 20 * t1, y0 + 36),
            ],
            "#b33a34",
        )
    s.rect((1138, 160, 1222, 174), "#2b2b33")
    s.rect((1150, 110, 1210, 160), "#fff2c0")
    s.polygon([(1140, 112), (1180, 78), (1220, 112)], "#2b2b33")
    s.glow((1180, 135), 160, "#fff0b0", 0.7)
    s.soft("#fff4c8", polygons=[[(1180, 135), (560, 50), (560, 150)]], opacity=0.3, blur=8)
    # Gulls.
    for bx, by in ((300, 300), (345, 280), (380, 320), (700, 240)):
        s.line([(bx - 14, by - 6), (bx, by), (bx + 14, by - 6)], "#2b2d3c", 3)
    return s.finish()


def prize_books() -> Image.Image:
    """Six books standing under a spotlight with a gold prize medal."""
    rng = random.Random(11)
    s = Sketch(background="#141821")
    s.glow((800, 380), 620, "#f5e3bd", 0.45)
    s.polygon([(600, 0), (1000, 0), (1300, 760), (300, 760)], (255, 240, 210, 22))
    s.rect((0, 760, WIDTH, HEIGHT), "#2a2320")
    s.gradient([(0, "#4a3a30"), (1, "#2a2320")], box=(0, 740, WIDTH, 790))
    colours = ["#b2382f", "#2f6f9a", "#e3c04d", "#3f7d5a", "#5a3f86", "#d9822b"]
    x = 380
    for i, colour in enumerate(colours):
        w = rng.uniform(90, 130)
        h = rng.uniform(420, 540)
        top = 760 - h
        lean = 0 if i != 5 else 1
        if lean:
            s.polygon([(x + 20, 760), (x + 20 + w, 760), (x + 150 + w, top + 60), (x + 150, top + 40)], colour)
            break
        s.rect((x, top, x + w, 760), colour)
        s.rect((x, top, x + 8, 760), (0, 0, 0, 50))
        s.rect((x + 14, top + 40, x + w - 14, top + 46), "#f4e9d2")
        s.rect((x + 14, 700, x + w - 14, 706), "#f4e9d2")
        for ly in range(int(top + 90), int(top + 90 + rng.uniform(120, 220)), 22):
            s.rect((x + w / 2 - 6, ly, x + w / 2 + 6, ly + 12), (244, 233, 210, 200))
        x += w + 6
    # The medal with a laurel.
    cx, cy = 1260, 600
    s.polygon([(cx - 50, cy - 170), (cx - 10, cy - 170), (cx + 20, cy - 60), (cx - 20, cy - 60)], "#1f4e79")
    s.polygon([(cx + 50, cy - 170), (cx + 10, cy - 170), (cx - 20, cy - 60), (cx + 20, cy - 60)], "#b2382f")
    s.glow((cx, cy), 180, "#ffd77a", 0.5)
    s.circle((cx, cy), 95, "#c99a2e")
    s.circle((cx, cy), 80, "#f0c75a", outline="#c99a2e", width=4)
    for side in (-1, 1):
        for i in range(7):
            a = math.radians(200 + i * 20) if side < 0 else math.radians(-20 - i * 20)
            lx, ly = cx + math.cos(a) * 56 * side * -1, cy - math.sin(a) * 56
            s.ellipse((lx - 10, ly - 5, lx + 10, ly + 5), "#b07f1e")
    s.text((cx, cy), "M", 70, "#8f6514", bold=True, anchor="mm")
    return s.finish()


SCENES: dict[str, Callable[[], Image.Image]] = {
    "harbour_storm": harbour_storm,
    "flooded_street": flooded_street,
    "valley_bridge": valley_bridge,
    "skyline_dusk": skyline_dusk,
    "lab_bench": lab_bench,
    "comet_sky": comet_sky,
    "meadow_bees": meadow_bees,
    "mill_exterior": mill_exterior,
    "yarn_spools": yarn_spools,
    "rate_chart": rate_chart,
    "lighthouse_sunset": lighthouse_sunset,
    "prize_books": prize_books,
}


def jpeg_bytes(image: Image.Image, *, quality: int = 86) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


@functools.cache
def photo_bytes(scene: str) -> bytes:
    """The named scene as JPEG bytes. Cached: scenes are deterministic and drawing them is the slow part."""
    return jpeg_bytes(SCENES[scene]())
