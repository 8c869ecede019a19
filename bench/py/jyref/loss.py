"""The YOLO v1 loss of io.jyolo.loss.YoloLoss (defaults of LossConfig), vectorised in PyTorch.

Same semantics: responsible predictor = highest IoU with the ground truth (detached; ties keep the
lower box index); coord = lambda_coord * (x, y, sqrt(w+e), sqrt(h+e)) squared errors of responsible
boxes; object confidence against the detached IoU; lambda_noobj * conf^2 for every other box of a
counted cell; class squared error in object cells; cells flagged difficult left out; every term
divided by the batch size. Returns the scalar to back-propagate and the parts as plain floats
(the Java side reads them with getFloat(): the same synchronisation points).
"""
import torch

TARGET_OBJECT = 4
TARGET_CLASS = 5


def same_cell_iou(px, py, pw, ph, tx, ty, tw, th, s):
    pcx, pcy, tcx, tcy = px / s, py / s, tx / s, ty / s
    left = torch.maximum(pcx - pw / 2, tcx - tw / 2)
    right = torch.minimum(pcx + pw / 2, tcx + tw / 2)
    top = torch.maximum(pcy - ph / 2, tcy - th / 2)
    bottom = torch.minimum(pcy + ph / 2, tcy + th / 2)
    inter = (right - left).clamp(min=0) * (bottom - top).clamp(min=0)
    union = pw * ph + tw * th - inter
    return inter / union.clamp(min=1e-12)


def yolo_loss(pred, target, boxes=2, classes=20, lambda_coord=5.0, lambda_noobj=0.5, eps=1e-8,
              ignore_difficult=True):
    n, s = pred.shape[0], pred.shape[1]
    obj = (target[..., TARGET_OBJECT] > 0.5).float()
    counted = (target[..., TARGET_CLASS + classes] < 0.5).float() if ignore_difficult else torch.ones_like(obj)
    obj_cells = obj * counted
    tx, ty, tw, th = target[..., 0], target[..., 1], target[..., 2], target[..., 3]
    sqrt_tw, sqrt_th = (tw + eps).sqrt(), (th + eps).sqrt()

    det = pred.detach()
    ious = [same_cell_iou(det[..., 5 * b], det[..., 5 * b + 1], det[..., 5 * b + 2], det[..., 5 * b + 3],
                          tx, ty, tw, th, float(s)) for b in range(boxes)]
    best_iou = ious[0]
    best = torch.zeros_like(best_iou)
    for b in range(1, boxes):
        better = (ious[b] > best_iou).float()
        best = best + better * (b - best)
        best_iou = torch.maximum(best_iou, ious[b])

    coord = pred.new_zeros(())
    obj_conf = pred.new_zeros(())
    noobj_conf = pred.new_zeros(())
    iou_sum = pred.new_zeros(())
    for b in range(boxes):
        o = 5 * b
        is_best = (best == b).float()
        responsible = is_best * obj_cells
        others = counted * (1 - is_best * obj)
        err = ((pred[..., o] - tx).square() + (pred[..., o + 1] - ty).square()
               + ((pred[..., o + 2] + eps).sqrt() - sqrt_tw).square()
               + ((pred[..., o + 3] + eps).sqrt() - sqrt_th).square())
        coord = coord + (err * responsible).sum()
        conf = pred[..., o + 4]
        obj_conf = obj_conf + ((conf - ious[b]).square() * responsible).sum()
        noobj_conf = noobj_conf + (conf.square() * others).sum()
        iou_sum = iou_sum + (ious[b] * responsible).sum()
    c = 5 * boxes
    class_err = (pred[..., c:c + classes] - target[..., TARGET_CLASS:TARGET_CLASS + classes]).square().sum(-1)
    cls = (class_err * obj_cells).sum()

    per_image = 1.0 / n
    coord = coord * (lambda_coord * per_image)
    obj_conf = obj_conf * per_image
    noobj_conf = noobj_conf * (lambda_noobj * per_image)
    cls = cls * per_image
    total = coord + obj_conf + noobj_conf + cls
    parts = dict(total=total.item(), coord=coord.item(), object_confidence=obj_conf.item(),
                 no_object_confidence=noobj_conf.item(), classes=cls.item(), iou_sum=iou_sum.item(),
                 object_count=round(obj_cells.sum().item()))
    return total, parts
