#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Draw data/sample/harbour.png, the picture in Byline's sample article.

A stylised harbour at dusk: sky gradient, sun, a distant island, the sea, a
wooden pier with a small ferry, and a lighthouse on a breakwater.  Python
standard library only (zlib + struct write the PNG), and deterministic: the
same script always writes the same bytes.

Usage: make-sample-image.py [OUTPUT]   (default: data/sample/harbour.png)
"""

import os
import random
import struct
import sys
import zlib

W, H = 1200, 675
HORIZON = 380


class Canvas:
    def __init__(self, width, height):
        self.w = width
        self.h = height
        self.px = bytearray(width * height * 3)

    def hline(self, y, x0, x1, rgb, alpha=1.0):
        if y < 0 or y >= self.h:
            return
        x0 = max(0, int(x0))
        x1 = min(self.w, int(x1))
        if x1 <= x0:
            return
        i = (y * self.w + x0) * 3
        if alpha >= 1.0:
            self.px[i:i + (x1 - x0) * 3] = bytes(rgb) * (x1 - x0)
            return
        for j in range(i, i + (x1 - x0) * 3, 3):
            for k in range(3):
                self.px[j + k] = int(self.px[j + k] * (1 - alpha) + rgb[k] * alpha)

    def rect(self, x, y, w, h, rgb, alpha=1.0):
        for yy in range(int(y), int(y + h)):
            self.hline(yy, x, x + w, rgb, alpha)

    def polygon(self, points, rgb, alpha=1.0):
        ys = [p[1] for p in points]
        for y in range(max(0, int(min(ys))), min(self.h, int(max(ys)) + 1)):
            yc = y + 0.5
            xs = []
            n = len(points)
            for i in range(n):
                (xa, ya), (xb, yb) = points[i], points[(i + 1) % n]
                if (ya <= yc < yb) or (yb <= yc < ya):
                    xs.append(xa + (yc - ya) * (xb - xa) / (yb - ya))
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                self.hline(y, round(a), round(b), rgb, alpha)

    def circle(self, cx, cy, r, rgb, clip_bottom=None):
        for y in range(int(cy - r), int(cy + r) + 1):
            if clip_bottom is not None and y >= clip_bottom:
                break
            d = r * r - (y + 0.5 - cy) ** 2
            if d > 0:
                half = d ** 0.5
                self.hline(y, round(cx - half), round(cx + half), rgb)

    def png(self):
        raw = bytearray()
        stride = self.w * 3
        prev = bytes(stride)
        for y in range(self.h):
            row = self.px[y * stride:(y + 1) * stride]
            # Filter "up" for rows like the one above (gradients), "sub" for
            # rows of flat runs: both compress far better than raw pixels.
            up = bytes((row[i] - prev[i]) & 0xFF for i in range(stride))
            sub = bytes((row[i] - (row[i - 3] if i >= 3 else 0)) & 0xFF for i in range(stride))
            if up.count(0) >= sub.count(0):
                raw += b'\x02' + up
            else:
                raw += b'\x01' + sub
            prev = row

        def chunk(kind, data):
            body = kind + data
            return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)

        header = struct.pack('>IIBBBBB', self.w, self.h, 8, 2, 0, 0, 0)
        return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header)
                + chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b''))


def mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def draw():
    rnd = random.Random(2026)
    c = Canvas(W, H)

    # Sky: night blue at the top to a warm dusk at the horizon, in bands of
    # a few pixels so the file stays small.
    top, middle, low = (36, 31, 74), (120, 72, 130), (255, 163, 72)
    for y in range(0, HORIZON, 4):
        t = y / HORIZON
        rgb = mix(top, middle, t / 0.6) if t < 0.6 else mix(middle, low, (t - 0.6) / 0.4)
        c.rect(0, y, W, 4, rgb)
    for _ in range(60):
        x, y = rnd.randrange(W), rnd.randrange(int(HORIZON * 0.45))
        c.rect(x, y, 2, 2, (246, 245, 244))

    # Sun sinking behind the sea.
    c.circle(560, HORIZON + 10, 70, (248, 228, 92), clip_bottom=HORIZON)

    # Gull Island on the horizon, with a few lit windows.
    c.polygon([(0, HORIZON), (0, 330), (60, 318), (140, 300), (230, 312),
               (320, 336), (380, HORIZON)], (61, 56, 70))
    for x in (110, 150, 190, 240):
        c.rect(x, 334, 5, 5, (249, 240, 107))

    # Sea, darkening towards the viewer, with streaks of reflected light.
    for y in range(HORIZON, H, 5):
        t = (y - HORIZON) / (H - HORIZON)
        c.rect(0, y, W, 5, mix((53, 132, 228), (12, 45, 100), t))
    for _ in range(140):
        y = rnd.randrange(HORIZON + 6, H)
        length = rnd.randrange(20, 90)
        x = rnd.randrange(-40, W)
        glow = 1 - (y - HORIZON) / (H - HORIZON)
        c.rect(x, y, length, 2, (153, 193, 241), alpha=0.25 + 0.35 * glow)
    # The sun's reflection, a broken column on the water.
    for y in range(HORIZON + 4, HORIZON + 150, 7):
        half = 60 - (y - HORIZON) * 0.3 + rnd.randrange(-10, 10)
        c.rect(560 - half, y, 2 * half, 3, (248, 228, 92), alpha=0.6)

    # Breakwater and lighthouse on the right.
    c.polygon([(820, HORIZON + 50), (880, HORIZON + 20), (1200, HORIZON + 10),
               (1200, HORIZON + 80), (800, HORIZON + 80)], (94, 92, 100))
    base_y = HORIZON + 25
    tower = [(985, base_y), (1055, base_y), (1043, 190), (997, 190)]
    c.polygon(tower, (246, 245, 244))
    for band_top in (215, 275, 335):
        def at(y):
            t = (base_y - y) / (base_y - 190)
            return 985 + 12 * t, 1055 - 12 * t
        (a0, b0), (a1, b1) = at(band_top), at(band_top + 28)
        c.polygon([(a1, band_top + 28), (b1, band_top + 28), (b0, band_top), (a0, band_top)], (224, 27, 36))
    c.rect(990, 180, 60, 10, (61, 56, 70))
    c.rect(998, 150, 44, 30, (249, 240, 107))
    c.polygon([(990, 150), (1050, 150), (1020, 122)], (165, 29, 45))
    # The beam sweeping out to sea.
    c.polygon([(1000, 160), (420, 95), (420, 200), (1000, 172)], (249, 240, 107), alpha=0.22)

    # Pier: a deck on posts, running in from the left.
    deck_y = 470
    for x in range(20, 640, 55):
        c.rect(x, deck_y + 12, 12, 90, (99, 69, 44))
    c.rect(0, deck_y, 650, 16, (134, 94, 60))
    c.rect(0, deck_y, 650, 4, (181, 131, 90))
    for x in range(0, 650, 80):
        c.rect(x, deck_y - 34, 6, 34, (99, 69, 44))
    c.rect(0, deck_y - 34, 650, 5, (99, 69, 44))
    c.rect(600, deck_y - 60, 8, 60, (61, 56, 70))
    c.circle(604, deck_y - 64, 9, (249, 240, 107))

    # The ferry, moored at the end of the pier.
    hull_top = 500
    c.polygon([(660, hull_top), (960, hull_top), (930, hull_top + 48), (690, hull_top + 48)], (246, 245, 244))
    c.rect(680, hull_top + 32, 265, 10, (28, 113, 216))
    c.rect(700, hull_top - 50, 170, 50, (222, 221, 218))
    for x in range(715, 860, 36):
        c.rect(x, hull_top - 38, 24, 18, (249, 240, 107))
    c.rect(740, hull_top - 74, 60, 24, (192, 191, 188))
    c.rect(785, hull_top - 104, 14, 30, (224, 27, 36))
    # Its reflection.
    c.rect(690, hull_top + 50, 240, 8, (246, 245, 244), alpha=0.25)
    return c


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'data', 'sample', 'harbour.png')
    data = draw().png()
    with open(out, 'wb') as f:
        f.write(data)
    print(f'{out}: {W}x{H}, {len(data)} bytes')


if __name__ == '__main__':
    main()
