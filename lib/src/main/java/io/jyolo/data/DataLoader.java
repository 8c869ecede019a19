package io.jyolo.data;

import io.jyolo.model.OutputLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers a dataset as batches of prepared samples, decoded and augmented on worker threads.
 *
 * <p>Reproducible by construction: the epoch order is a shuffle seeded by {@code (seed, epoch)},
 * and each sample is prepared with a generator seeded by {@code (seed, epoch, sample index)}, so
 * the batches of an epoch are identical whatever the number of workers or their scheduling.
 * Workers prepare up to {@code prefetch} batches ahead of the consumer; each batch is one pair
 * of float arrays (no NDArrays are created here).
 *
 * <p>A sample that fails to load (corrupt image, size mismatch) is left out of its batch, logged
 * once and counted in {@link #stats()}; the epoch goes on. In {@code strict} mode the failure is
 * thrown from the epoch iterator as an {@link UncheckedIOException} naming the file.
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(dataset, layout).augmentation(Augmentation.paper()).seed(7).build()) {
 *     for (int e = 0; e < epochs; e++) {
 *         try (DataLoader.Epoch epoch = loader.epoch(e)) {
 *             for (Batch batch : epoch) {
 *                 try (NDManager sub = manager.newSubManager()) {
 *                     NDList xy = batch.toNDList(sub);
 *                     ...
 *                 }
 *             }
 *         }
 *     }
 * }
 * }</pre>
 */
public final class DataLoader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DataLoader.class.getName());
    private static final AtomicInteger POOL_COUNT = new AtomicInteger();

    private final VocDataset dataset;
    private final SamplePipeline pipeline;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final boolean strict;
    private final int workers;
    private final int prefetch;
    private final ExecutorService pool;
    private final Counters total = new Counters();
    private final Set<String> failedIds = ConcurrentHashMap.newKeySet();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.pipeline = new SamplePipeline(b.dataset.classes(), b.layout, b.inputSize, b.resizeMode, b.augmentation,
                b.includeDifficult, b.decoded);
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.strict = b.strict;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        int poolId = POOL_COUNT.incrementAndGet();
        AtomicInteger threadCount = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "jyolo-data-" + poolId + "-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(workers, tf);
    }

    /** A builder; {@code layout.classes()} must equal the dataset's class count. */
    public static Builder builder(VocDataset dataset, OutputLayout layout) {
        return new Builder(dataset, layout);
    }

    public VocDataset dataset() {
        return dataset;
    }

    /** The per-sample work (decode, augment, encode), e.g. to look at one sample. */
    public SamplePipeline pipeline() {
        return pipeline;
    }

    public int batchSize() {
        return batchSize;
    }

    public int workers() {
        return workers;
    }

    /** Batches per epoch (before any all-bad batch is skipped). */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Sample indices in the order epoch {@code epoch} delivers them. */
    public List<Integer> order(int epoch) {
        List<Integer> order = new ArrayList<>(dataset.size());
        for (int i = 0; i < dataset.size(); i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(Seeds.mix(seed, epoch)));
        }
        return order;
    }

    /** The seed the sample at {@code index} is prepared with in {@code epoch}. */
    public long sampleSeed(int epoch, int index) {
        return Seeds.mix(Seeds.mix(seed, epoch) ^ 0x5DEECE66DL, index);
    }

    /** Starts epoch {@code epoch}; iterate it once, close it to cancel what is still prefetched. */
    public Epoch epoch(int epoch) {
        return new Epoch(epoch, 0);
    }

    /**
     * Starts epoch {@code epoch} at batch {@code firstBatch} (0-based), skipping the earlier batches
     * without loading them: a run resumed from a checkpoint written mid-epoch continues with exactly
     * the batches it had not trained on.
     */
    public Epoch epoch(int epoch, int firstBatch) {
        return new Epoch(epoch, firstBatch);
    }

    /** Counters over all epochs so far. */
    public LoaderStats stats() {
        return total.snapshot();
    }

    /** One message per sample that failed to load (the first failure of each), naming the file. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One pass over the dataset; an {@link Iterable} that can be iterated once. */
    public final class Epoch implements Iterable<Batch>, Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final List<int[]> batches = new ArrayList<>();
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private final Counters counters = new Counters();
        private int nextToSubmit;
        private Batch ready;
        private boolean iterated;

        private Epoch(int epoch, int firstBatch) {
            this.epoch = epoch;
            List<Integer> order = order(epoch);
            for (int start = 0; start < order.size(); start += batchSize) {
                int end = Math.min(order.size(), start + batchSize);
                if (dropLast && end - start < batchSize) {
                    break;
                }
                batches.add(order.subList(start, end).stream().mapToInt(Integer::intValue).toArray());
            }
            if (firstBatch < 0 || firstBatch > batches.size()) {
                throw new IllegalArgumentException("epoch " + epoch + " has " + batches.size()
                        + " batches, cannot start at batch " + firstBatch);
            }
            nextToSubmit = firstBatch;
            topUp();
        }

        public int epoch() {
            return epoch;
        }

        /** Counters of this epoch so far. */
        public LoaderStats stats() {
            return counters.snapshot();
        }

        @Override
        public Iterator<Batch> iterator() {
            if (iterated) {
                throw new IllegalStateException("epoch " + epoch + " can be iterated once; call loader.epoch(e) again");
            }
            iterated = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            while (ready == null && (!pending.isEmpty() || nextToSubmit < batches.size())) {
                topUp();
                Pending p = pending.poll();
                topUp();
                ready = assemble(p);
            }
            return ready != null;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches");
            }
            Batch b = ready;
            ready = null;
            return b;
        }

        /** Cancels prefetched work that was not consumed. */
        @Override
        public void close() {
            for (Pending p : pending) {
                p.futures.forEach(f -> f.cancel(true));
            }
            pending.clear();
            nextToSubmit = batches.size();
        }

        private void topUp() {
            while (pending.size() < prefetch && nextToSubmit < batches.size()) {
                pending.add(submit(batches.get(nextToSubmit++)));
            }
        }

        private Pending submit(int[] indices) {
            int imgF = pipeline.imageFloats();
            int tgtF = pipeline.targetFloats();
            float[] images = new float[indices.length * imgF];
            float[] targets = new float[indices.length * tgtF];
            List<Future<SamplePipeline.Prepared>> futures = new ArrayList<>(indices.length);
            for (int k = 0; k < indices.length; k++) {
                int slot = k;
                Sample sample = dataset.get(indices[k]);
                long s = sampleSeed(epoch, indices[k]);
                futures.add(pool.submit(() -> pipeline.prepare(sample, s, images, slot * imgF, targets, slot * tgtF)));
            }
            return new Pending(indices, images, targets, futures);
        }

        private Batch assemble(Pending p) {
            int n = p.indices.length;
            List<SamplePipeline.Prepared> ok = new ArrayList<>(n);
            List<Integer> okSlots = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                try {
                    ok.add(p.futures.get(k).get());
                    okSlots.add(k);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading epoch " + epoch, e);
                } catch (CancellationException e) {
                    throw new IllegalStateException("epoch " + epoch + " was closed", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof IOException io)) {
                        throw new IllegalStateException("loading sample " + dataset.get(p.indices[k]).id()
                                + " failed: " + cause, cause);
                    }
                    if (strict) {
                        throw new UncheckedIOException(io.getMessage() + " (strict mode)", io);
                    }
                    fail(dataset.get(p.indices[k]), io);
                }
            }
            if (ok.isEmpty()) {
                return null;
            }
            float[] images = p.images;
            float[] targets = p.targets;
            if (ok.size() < n) {
                int imgF = pipeline.imageFloats();
                int tgtF = pipeline.targetFloats();
                images = new float[ok.size() * imgF];
                targets = new float[ok.size() * tgtF];
                for (int j = 0; j < ok.size(); j++) {
                    int k = okSlots.get(j);
                    System.arraycopy(p.images, k * imgF, images, j * imgF, imgF);
                    System.arraycopy(p.targets, k * tgtF, targets, j * tgtF, tgtF);
                }
            }
            List<String> ids = new ArrayList<>(ok.size());
            List<Resize> geometries = new ArrayList<>(ok.size());
            List<List<InputBox>> boxes = new ArrayList<>(ok.size());
            for (SamplePipeline.Prepared r : ok) {
                ids.add(r.id());
                geometries.add(r.geometry());
                boxes.add(r.boxes());
                counters.add(r);
                total.add(r);
            }
            return new Batch(epoch, images, targets, ids, geometries, boxes, pipeline.inputSize(), pipeline.layout());
        }

        private void fail(Sample sample, IOException e) {
            counters.skipped();
            total.skipped();
            if (failedIds.add(sample.id())) {
                failures.add(e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "skipping sample " + sample.id() + ": " + e.getMessage());
            }
        }
    }

    private record Pending(int[] indices, float[] images, float[] targets, List<Future<SamplePipeline.Prepared>> futures) {
    }

    /** Counters updated by the consuming thread, read from anywhere. */
    private static final class Counters {
        private long samples;
        private long skipped;
        private long encoded;
        private long collisions;
        private long difficult;
        private long augDropped;

        synchronized void add(SamplePipeline.Prepared r) {
            samples++;
            encoded += r.encoding().encoded();
            collisions += r.encoding().collisions();
            difficult += r.encoding().difficultExcluded();
            augDropped += r.droppedByAugmentation();
        }

        synchronized void skipped() {
            skipped++;
        }

        synchronized LoaderStats snapshot() {
            return new LoaderStats(samples, skipped, encoded, collisions, difficult, augDropped);
        }
    }

    /** Loader settings. */
    public static final class Builder {
        private final VocDataset dataset;
        private final OutputLayout layout;
        private int inputSize = 448;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private Augmentation augmentation = Augmentation.none();
        private ResizeMode resizeMode = ResizeMode.STRETCH;
        private int workers = Math.min(4, Runtime.getRuntime().availableProcessors());
        private int prefetch = 2;
        private boolean strict;
        private boolean includeDifficult;
        private boolean dropLast;
        private DecodedImages decoded;

        private Builder(VocDataset dataset, OutputLayout layout) {
            this.dataset = dataset;
            this.layout = layout;
            this.strict = dataset.strict();
        }

        /**
         * Where decoded images are kept between epochs (default {@link DecodedImages#shared()}, the
         * process's cache; {@code new DecodedImages(0)} decodes every time).
         */
        public Builder decodedImages(DecodedImages v) {
            decoded = v;
            return this;
        }

        /** Side of the square network input (default 448). */
        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        /** Samples per batch (default 32). */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Shuffle each epoch with a seed derived from (seed, epoch) (default true). */
        public Builder shuffle(boolean v) {
            shuffle = v;
            return this;
        }

        /** Base seed for the order and the augmentation (default 0). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Default {@link Augmentation#none()}. */
        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        /** Default {@link ResizeMode#STRETCH}. */
        public Builder resizeMode(ResizeMode v) {
            resizeMode = v;
            return this;
        }

        /** Worker threads (default min(4, cores)). */
        public Builder workers(int v) {
            workers = v;
            return this;
        }

        /** Batches prepared ahead of the consumer (default 2). */
        public Builder prefetch(int v) {
            prefetch = v;
            return this;
        }

        /** Throw on the first sample that fails to load instead of skipping it (default: the dataset's strict flag). */
        public Builder strict(boolean v) {
            strict = v;
            return this;
        }

        /** Encode difficult objects with the difficult flag instead of leaving them out (default false). */
        public Builder includeDifficult(boolean v) {
            includeDifficult = v;
            return this;
        }

        /** Drop the last batch of an epoch when it is smaller than the batch size (default false). */
        public Builder dropLast(boolean v) {
            dropLast = v;
            return this;
        }

        public DataLoader build() {
            if (inputSize < 1 || batchSize < 1 || workers < 1 || prefetch < 1) {
                throw new IllegalArgumentException("inputSize, batchSize, workers and prefetch must be positive: "
                        + inputSize + ", " + batchSize + ", " + workers + ", " + prefetch);
            }
            return new DataLoader(this);
        }
    }
}
