package io.jyolo.bench;

import io.jyolo.data.Augmentation;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.VocDataset;
import io.jyolo.model.OutputLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The data pipeline alone: one iteration is one pass of the project's {@link DataLoader} over a
 * VOC folder (decode, {@link Augmentation#paper()}, target encoding) with a given number of worker
 * threads; batches are consumed and dropped.
 *
 * <p>Besides the images it counts the process's CPU time ({@code cpu_s}, all threads), so that the
 * report can say how many cores the loader kept busy: a worker thread whose OpenCV calls fan out to
 * OpenCV's own threads would otherwise look faster "per worker" than it is.
 */
final class DataPipelineCase implements BenchCase {

    private final DataLoader loader;
    private final int size;
    private int epoch;
    private long images;

    DataPipelineCase(Path dataset, String split, int inputSize, int batch, int workers, long seed) throws IOException {
        VocDataset voc = VocDataset.open(dataset, split);
        this.size = voc.size();
        OutputLayout layout = new OutputLayout(inputSize / 64, 2, voc.classes().size());
        this.loader = DataLoader.builder(voc, layout).inputSize(inputSize).batchSize(batch).workers(workers)
                .augmentation(Augmentation.paper()).seed(seed).build();
    }

    @Override
    public void step() {
        try (DataLoader.Epoch e = loader.epoch(epoch++)) {
            for (Batch b : e) {
                images += b.size();
            }
        }
    }

    @Override
    public Map<String, Object> info() {
        return Map.of("images_per_pass", size);
    }

    @Override
    public Map<String, Object> counters() {
        return Map.of("images", images, "cpu_s", processCpuSeconds());
    }

    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : -1;
    }

    @Override
    public void close() {
        loader.close();
    }
}
