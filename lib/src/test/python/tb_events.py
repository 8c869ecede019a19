"""TensorBoard's own side of jyolo's event-file tests.

  python tb_events.py read <run_dir>    print what TensorBoard's EventAccumulator loads from a run
  python tb_events.py write <run_dir>   write a run with TensorBoard's own pure-Python event writer

`read` prints one tab-separated line per value (floats as repr, which round-trips exactly):
  scalar <tag> <step> <wall_time> <value>
  histo  <tag> <step> <min> <max> <num> <sum> <sum_squares> <limits,...> <counts,...>
  image  <tag> <step> <width> <height> <decoded width> <decoded height> <sha256 of RGBA pixels>
  text   <tag> <step> <utf-8 hex>
  file_version <version>
Tags must not contain tabs or newlines.
"""
import hashlib
import io
import sys

import numpy as np
from PIL import Image
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.util import tensor_util


def _out(*fields):
    print("\t".join(str(f) for f in fields))


def read(run_dir):
    keep_all = {ea.COMPRESSED_HISTOGRAMS: 0, ea.IMAGES: 0, ea.AUDIO: 0, ea.SCALARS: 0,
                ea.HISTOGRAMS: 0, ea.TENSORS: 0}
    acc = ea.EventAccumulator(run_dir, size_guidance=keep_all)
    acc.Reload()
    _out("file_version", acc.file_version)
    tags = acc.Tags()
    for tag in tags[ea.SCALARS]:
        for e in acc.Scalars(tag):
            _out("scalar", tag, e.step, repr(e.wall_time), repr(e.value))
    for tag in tags[ea.HISTOGRAMS]:
        for e in acc.Histograms(tag):
            h = e.histogram_value
            _out("histo", tag, e.step, repr(h.min), repr(h.max), repr(h.num), repr(h.sum), repr(h.sum_squares),
                 ",".join(repr(x) for x in h.bucket_limit), ",".join(repr(x) for x in h.bucket))
    for tag in tags[ea.IMAGES]:
        for e in acc.Images(tag):
            img = Image.open(io.BytesIO(e.encoded_image_string))
            img.load()
            digest = hashlib.sha256(img.convert("RGBA").tobytes()).hexdigest()
            _out("image", tag, e.step, e.width, e.height, img.width, img.height, digest)
    for tag in tags[ea.TENSORS]:
        plugin = acc.SummaryMetadata(tag).plugin_data.plugin_name
        if plugin != "text":
            continue
        for e in acc.Tensors(tag):
            value = tensor_util.make_ndarray(e.tensor_proto)
            text = b"\n".join(np.asarray(value, dtype=object).reshape(-1).tolist())
            _out("text", tag, e.step, text.hex())


def write(run_dir):
    from tensorboard.compat.proto import event_pb2, summary_pb2
    from tensorboard.plugins.histogram import summary_v2 as histogram_summary
    from tensorboard.plugins.image import metadata as image_metadata
    from tensorboard.plugins.scalar import summary_v2 as scalar_summary
    from tensorboard.plugins.text import summary_v2 as text_summary
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(run_dir)
    wall = 1700000000.0

    def add(step, summary):
        writer.add_event(event_pb2.Event(wall_time=wall + step, step=step, summary=summary))

    for step in range(1, 6):
        add(step, scalar_summary.scalar_pb("tb/tensor_scalar", np.float32(step * 0.5)))
        add(step, summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="tb/simple_scalar",
                                                                       simple_value=step * 0.25)]))
    add(3, histogram_summary.histogram_pb("tb/histogram", np.array([0.0, 1.0, 1.0, 2.0, 5.0]), buckets=4))
    pixels = np.zeros((4, 6, 3), dtype=np.uint8)
    pixels[1, 2] = (255, 0, 0)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    image_tensor = tensor_util.make_tensor_proto([b"6", b"4", buf.getvalue()], dtype=np.object_)
    add(2, summary_pb2.Summary(value=[summary_pb2.Summary.Value(
        tag="tb/image", metadata=image_metadata.create_summary_metadata(display_name="", description=""),
        tensor=image_tensor)]))
    add(4, text_summary.text_pb("tb/text", "héllo *tensorboard*"))
    writer.close()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("read", "write"):
        sys.exit(__doc__)
    {"read": read, "write": write}[sys.argv[1]](sys.argv[2])
