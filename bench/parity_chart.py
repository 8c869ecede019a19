"""A line chart as PNG with Pillow alone (already in bench/requirements.txt), so the parity
benchmark needs no plotting library in bench/venv."""
from PIL import Image, ImageDraw

W, H = 900, 520
LEFT, RIGHT, TOP, BOTTOM = 80, 190, 50, 60


def _ticks(lo, hi, n=5):
    step = (hi - lo) / n if hi > lo else 1.0
    return [lo + i * step for i in range(n + 1)]


def line_chart(path, title, xlabel, ylabel, series):
    """series: [(label, xs, ys, (r, g, b), dashed)]; one y axis from 0 to the largest value."""
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    xs_all = [x for _, xs, _, _, _ in series for x in xs]
    ymax = max(y for _, _, ys, _, _ in series for y in ys) * 1.05
    xmin, xmax = min(xs_all), max(xs_all)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x, y):
        fx = (x - xmin) / (xmax - xmin) if xmax > xmin else 0.5
        return LEFT + fx * pw, TOP + ph - (y / ymax) * ph

    d.rectangle([LEFT, TOP, LEFT + pw, TOP + ph], outline=(0, 0, 0))
    for y in _ticks(0, ymax):
        _, yy = px(xmin, y)
        d.line([LEFT, yy, LEFT + pw, yy], fill=(225, 225, 225))
        d.text((LEFT - 8, yy), f"{y:.3g}", fill=(0, 0, 0), anchor="rm")
    for x in sorted(set(xs_all)):
        xx, _ = px(x, 0)
        d.text((xx, TOP + ph + 8), f"{x:g}", fill=(0, 0, 0), anchor="mt")
    d.text((W / 2, 18), title, fill=(0, 0, 0), anchor="mm")
    d.text((LEFT + pw / 2, H - 20), xlabel, fill=(0, 0, 0), anchor="mm")
    d.text((12, TOP - 20), ylabel, fill=(0, 0, 0))
    for i, (label, xs, ys, color, dashed) in enumerate(series):
        points = [px(x, y) for x, y in zip(xs, ys)]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if dashed:
                for k in range(10):
                    if k % 2 == 0:
                        a, b = k / 10, (k + 1) / 10
                        d.line([x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b],
                               fill=color, width=2)
            else:
                d.line([x0, y0, x1, y1], fill=color, width=2)
        for x, y in points:
            d.ellipse([x - 3, y - 3, x + 3, y + 3], fill=color)
        ly = TOP + 10 + 22 * i
        lx = LEFT + pw + 15
        if dashed:
            d.line([lx, ly, lx + 8, ly], fill=color, width=2)
            d.line([lx + 14, ly, lx + 22, ly], fill=color, width=2)
        else:
            d.line([lx, ly, lx + 22, ly], fill=color, width=2)
        d.text((lx + 30, ly), label, fill=(0, 0, 0), anchor="lm")
    img.save(path)
