"""Inference post-processing of io.jyolo.predict.Decoder in numpy: every predictor of every cell,
score = confidence x best class score (one class per box), threshold 0.2, boxes mapped back to
original pixels (stretch) and clipped, greedy per-class NMS with true IoU 0.5, at most 100 kept.
"""
import numpy as np


def decode(out, w, h, size, boxes=2, classes=20, threshold=0.2, nms_iou=0.5, max_det=100):
    """out: S x S x (5B+C) numpy array of one image. Returns [(class, score, x0, y0, x1, y1)]."""
    s = out.shape[0]
    cell = size / s
    rows, cols = np.meshgrid(np.arange(s), np.arange(s), indexing="ij")
    cls_scores = out[..., 5 * boxes:5 * boxes + classes]
    best = cls_scores.argmax(-1)
    best_p = np.take_along_axis(cls_scores, best[..., None], -1)[..., 0]
    cand = []
    for b in range(boxes):
        o = 5 * b
        cx = (cols + out[..., o]) * cell
        cy = (rows + out[..., o + 1]) * cell
        bw, bh = out[..., o + 2] * size, out[..., o + 3] * size
        sx, sy = size / w, size / h
        x0 = np.clip((cx - bw / 2) / sx, 0, w)
        x1 = np.clip((cx + bw / 2) / sx, 0, w)
        y0 = np.clip((cy - bh / 2) / sy, 0, h)
        y1 = np.clip((cy + bh / 2) / sy, 0, h)
        score = out[..., o + 4] * best_p
        cand.append(np.stack([best, score, x0, y0, x1, y1], -1).reshape(-1, 6))
    c = np.concatenate(cand)
    area = (c[:, 4] - c[:, 2]) * (c[:, 5] - c[:, 3])
    c = c[(c[:, 1] >= threshold) & (area > 0)]
    kept = nms(c, nms_iou)
    return kept[:max_det]


def nms(c, iou_threshold):
    """Greedy per-class NMS, strongest first (stable for equal scores)."""
    order = np.argsort(-c[:, 1], kind="stable")
    c = c[order]
    areas = (c[:, 4] - c[:, 2]) * (c[:, 5] - c[:, 3])
    alive = np.ones(len(c), dtype=bool)
    keep = []
    for i in range(len(c)):
        if not alive[i]:
            continue
        keep.append(i)
        rest = np.nonzero(alive[i + 1:])[0] + i + 1
        if len(rest) == 0:
            break
        same = rest[c[rest, 0] == c[i, 0]]
        if len(same) == 0:
            continue
        iw = np.clip(np.minimum(c[same, 4], c[i, 4]) - np.maximum(c[same, 2], c[i, 2]), 0, None)
        ih = np.clip(np.minimum(c[same, 5], c[i, 5]) - np.maximum(c[same, 3], c[i, 3]), 0, None)
        inter = iw * ih
        iou = inter / (areas[same] + areas[i] - inter)
        alive[same[iou > iou_threshold]] = False
    return c[keep]
