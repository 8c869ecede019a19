"""The sample pipeline of io.jyolo.data (decode, resize, augment, normalise, encode the target) in
Python with PIL and numpy, plus a torch Dataset for the DataLoader comparison.

Two readers do the same work: "pil" (PIL's decoder, affine transform and HSV conversion) and "cv2"
(OpenCV's imread, warpAffine and 8-bit HSV conversion, as the PyTorch original's reader uses OpenCV).
The cv2 reader runs OpenCV on one thread, as a DataLoader worker process should (one core per worker;
left alone, OpenCV would spread each call over every core and each worker would count several).

Mirrors SamplePipeline + Augmenter + TargetEncoder: Augmentation.paper() (flip 0.5, scale +-20 %,
shift +-20 % of the input, exposure and saturation up to x1.5 in HSV), geometry as one affine
transform from the original image into the square input (bilinear, grey 128 outside), boxes through
the same transform, clipped, dropped under 2 px or 20 % visible; target S x S x (5 + C + 1) with one
object per cell (non-difficult, then larger area, then file order), difficult objects left out.
"""
import os
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

PAD = (128, 128, 128)


class Aug:
    def __init__(self, scale=0.2, translate=0.2, exposure=1.5, saturation=1.5, flip=0.5, min_side=2.0,
                 min_visible=0.2):
        self.scale, self.translate, self.exposure, self.saturation = scale, translate, exposure, saturation
        self.flip, self.min_side, self.min_visible = flip, min_side, min_visible

    @staticmethod
    def none():
        return Aug(0, 0, 1, 1, 0, 0, 0)

    def active(self):
        return self.scale > 0 or self.translate > 0 or self.flip > 0 or self.exposure > 1 or self.saturation > 1


def read_classes(root):
    with open(os.path.join(root, "classes.txt")) as f:
        return [line.strip() for line in f if line.strip()]


def read_voc(root, classes, split=None):
    """[(id, image path, width, height, [(class, xmin, ymin, xmax, ymax, difficult)])], paired by file stem."""
    ann_dir, img_dir = os.path.join(root, "Annotations"), os.path.join(root, "JPEGImages")
    if split:
        with open(os.path.join(root, "ImageSets", "Main", split + ".txt")) as f:
            ids = [line.split()[0] for line in f if line.strip()]
    else:
        ids = sorted(os.path.splitext(n)[0] for n in os.listdir(ann_dir) if n.endswith(".xml"))
    index = {c: i for i, c in enumerate(classes)}
    samples = []
    for sid in ids:
        tree = ET.parse(os.path.join(ann_dir, sid + ".xml")).getroot()
        size = tree.find("size")
        w, h = int(float(size.findtext("width"))), int(float(size.findtext("height")))
        objects = []
        for o in tree.iter("object"):
            name = o.findtext("name").strip()
            if name not in index:
                continue
            bb = o.find("bndbox")
            x0, y0, x1, y1 = (float(bb.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
            x0, x1 = max(0.0, min(w, x0)), max(0.0, min(w, x1))
            y0, y1 = max(0.0, min(h, y0)), max(0.0, min(h, y1))
            if x1 <= x0 or y1 <= y0:
                continue
            objects.append((index[name], x0, y0, x1, y1, (o.findtext("difficult") or "0").strip() == "1"))
        samples.append((sid, os.path.join(img_dir, sid + ".jpg"), w, h, objects))
    return samples


def decode_rgb(path):
    with Image.open(path) as im:
        return im.convert("RGB")


def stretch_matrix(w, h, size):
    return np.array([[size / w, 0, 0], [0, size / h, 0], [0, 0, 1]], dtype=np.float64)


def draw(aug, size, rng):
    flip = rng.random() < aug.flip
    scale = 1 + (rng.random() * 2 - 1) * aug.scale
    dx = (rng.random() * 2 - 1) * aug.translate * size
    dy = (rng.random() * 2 - 1) * aug.translate * size

    def factor(mx):
        v = 1 + rng.random() * (mx - 1)
        return 1 / v if rng.random() < 0.5 else v

    return flip, scale, dx, dy, factor(aug.exposure), factor(aug.saturation)


def transform(w, h, size, flip, scale, dx, dy):
    """Original pixels -> input pixels: stretch, flip, scale about the centre, shift (3x3)."""
    c = size / 2
    m = stretch_matrix(w, h, size)
    if flip:
        m = np.array([[-1, 0, size], [0, 1, 0], [0, 0, 1]], dtype=np.float64) @ m
    m = np.array([[scale, 0, c + dx - scale * c], [0, scale, c + dy - scale * c], [0, 0, 1]]) @ m
    return m


_NORMALISE = (np.arange(256, dtype=np.float32) * (2 / 255) - 1).astype(np.float32)


def normalise_chw(rgb_u8):
    """H x W x 3 uint8 -> 3 x H x W float32 in [-1, 1] (v / 255 * 2 - 1, through a lookup table)."""
    return _NORMALISE[np.asarray(rgb_u8).transpose(2, 0, 1)]


def _scale_lut(factor):
    return [min(255, int(v * factor + 0.5)) for v in range(256)]


def hsv_jitter(img, exposure, saturation):
    """HSV value and saturation multiplied (clamped), hue kept: PIL's C conversions plus 8-bit lookup tables."""
    if exposure == 1.0 and saturation == 1.0:
        return img
    h, s, v = img.convert("HSV").split()
    return Image.merge("HSV", (h, s.point(_scale_lut(saturation)), v.point(_scale_lut(exposure)))).convert("RGB")


def encode_target(boxes, size, s=7, classes=20, include_difficult=False):
    """boxes in input pixels [(class, x0, y0, x1, y1, difficult)] -> S x S x (5 + C + 1) float32."""
    t = np.zeros((s, s, 5 + classes + 1), dtype=np.float32)
    winner = {}
    for b in boxes:
        if b[5] and not include_difficult:
            continue
        cx, cy = (b[1] + b[3]) / 2, (b[2] + b[4]) / 2
        col = max(0, min(s - 1, int(np.floor(cx * s / size))))
        row = max(0, min(s - 1, int(np.floor(cy * s / size))))
        cur = winner.get((row, col))
        if cur is None or (cur[5] and not b[5]) or (cur[5] == b[5] and area(b) > area(cur)):
            winner[(row, col)] = b
    for (row, col), b in winner.items():
        cx, cy = (b[1] + b[3]) / 2, (b[2] + b[4]) / 2
        cell = t[row, col]
        cell[0] = cx * s / size - col
        cell[1] = cy * s / size - row
        cell[2] = (b[3] - b[1]) / size
        cell[3] = (b[4] - b[2]) / size
        cell[4] = 1
        cell[5 + b[0]] = 1
        cell[5 + classes] = 1 if b[5] else 0
    return t


def area(b):
    return (b[3] - b[1]) * (b[4] - b[2])


def _pil_square(path, size, aug, rng):
    """PIL reader: (size x size x 3 uint8 RGB after geometry and HSV, original pixels -> input 3x3 matrix)."""
    img = decode_rgb(path)
    w, h = img.size
    flip, scale, dx, dy, exposure, saturation = draw(aug, size, rng) if aug.active() else NO_DRAW
    m = transform(w, h, size, flip, scale, dx, dy)
    if flip or scale != 1.0 or dx != 0.0 or dy != 0.0:
        inv = np.linalg.inv(m)
        square = img.transform((size, size), Image.AFFINE, tuple(inv[:2].reshape(-1)), resample=Image.BILINEAR,
                               fillcolor=PAD)
    else:
        square = img.resize((size, size), Image.BILINEAR)
    return np.asarray(hsv_jitter(square, exposure, saturation)), m


NO_DRAW = (False, 1.0, 0.0, 0.0, 1.0, 1.0)
_CV2 = []


def _cv2():
    if not _CV2:
        import cv2
        cv2.setNumThreads(1)
        _CV2.append(cv2)
    return _CV2[0]


def _cv2_square(path, size, aug, rng):
    """OpenCV reader: the same geometry and HSV jitter through imread, warpAffine and cvtColor."""
    cv2 = _cv2()
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        raise OSError(f"{path}: OpenCV could not decode it")
    h, w = bgr.shape[:2]
    flip, scale, dx, dy, exposure, saturation = draw(aug, size, rng) if aug.active() else NO_DRAW
    m = transform(w, h, size, flip, scale, dx, dy)
    if flip or scale != 1.0 or dx != 0.0 or dy != 0.0:
        square = cv2.warpAffine(bgr, m[:2], (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                borderValue=PAD)
    else:
        square = cv2.resize(bgr, (size, size), interpolation=cv2.INTER_LINEAR)
    if exposure != 1.0 or saturation != 1.0:
        hsv = cv2.cvtColor(square, cv2.COLOR_BGR2HSV)
        hsv[..., 1] = cv2.LUT(hsv[..., 1], np.array(_scale_lut(saturation), dtype=np.uint8))
        hsv[..., 2] = cv2.LUT(hsv[..., 2], np.array(_scale_lut(exposure), dtype=np.uint8))
        square = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)
    return cv2.cvtColor(square, cv2.COLOR_BGR2RGB), m


READERS = dict(pil=_pil_square, cv2=_cv2_square)


def prepare(sample, size, aug, rng, s=7, classes=20, reader="pil"):
    """Decode, augment, normalise and encode one sample: (3 x size x size float32, S x S x (5+C+1) float32)."""
    _, path, _, _, objects = sample
    square, m = READERS[reader](path, size, aug, rng)
    image = normalise_chw(square)
    out = []
    for c, x0, y0, x1, y1, difficult in objects:
        p = m @ np.array([[x0, x1], [y0, y1], [1, 1]])
        tx0, tx1 = sorted(p[0])
        ty0, ty1 = sorted(p[1])
        vx0, vy0, vx1, vy1 = max(0, tx0), max(0, ty0), min(size, tx1), min(size, ty1)
        vw, vh = max(0.0, vx1 - vx0), max(0.0, vy1 - vy0)
        if vw < aug.min_side or vh < aug.min_side or vw * vh <= 0 or vw * vh < aug.min_visible * (tx1 - tx0) * (ty1 - ty0):
            continue
        out.append((c, vx0, vy0, vx1, vy1, difficult))
    return image, encode_target(out, size, s, classes)


class VocTorchDataset:
    """Map-style dataset for torch.utils.data.DataLoader; the random draws depend on (seed, epoch, index)."""

    def __init__(self, samples, size, aug, seed=0, s=7, classes=20, reader="pil"):
        self.samples, self.size, self.aug, self.seed, self.s, self.classes = samples, size, aug, seed, s, classes
        self.reader = reader
        self.epoch = 0

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        rng = np.random.default_rng((self.seed, self.epoch, i))
        return prepare(self.samples[i], self.size, self.aug, rng, self.s, self.classes, self.reader)
