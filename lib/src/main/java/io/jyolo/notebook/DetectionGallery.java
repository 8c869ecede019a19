package io.jyolo.notebook;

import io.jyolo.data.Sample;
import io.jyolo.detect.DetectionResult;
import io.jyolo.detect.Detector;
import io.jyolo.viz.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Several images with their detections as one picture, captioned with the image and what was found. */
public final class DetectionGallery {

    private DetectionGallery() {
    }

    /** Each sample's image annotated by {@code detector}, {@code columns} per row, captioned "id: 3 found". */
    public static BufferedImage of(Detector detector, List<Sample> samples, int columns) throws IOException {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no images to detect on");
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Sample s : samples) {
            images.add(s.readImage());
        }
        List<List<io.jyolo.predict.Detection>> found = detector.detect(images);
        List<BufferedImage> shown = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            DetectionResult r = new DetectionResult(images.get(i), found.get(i), samples.get(i).id());
            shown.add(r.annotated());
            int n = found.get(i).size();
            captions.add(String.format(Locale.ROOT, "%s: %d found (%d annotated)", samples.get(i).id(), n,
                    samples.get(i).objects().size()));
        }
        return ImageGrid.tile(shown, captions, columns, 300);
    }
}
