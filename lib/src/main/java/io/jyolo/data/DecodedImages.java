package io.jyolo.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decoded training images kept in memory from one epoch to the next, up to a byte budget.
 *
 * <p>Why: decoding a JPEG is most of what a loader worker spends on a sample (the augmentation and
 * the float conversion after it are cheaper), and its result is the same every epoch: augmentation
 * starts from the decoded pixels. Keeping them makes every epoch after the first cost the
 * augmentation alone, which is what a GPU waiting for batches needs from a small dataset (a few
 * hundred to a few thousand photos). The pixels are exactly the decoder's, so training gives the same
 * numbers with or without the cache.
 *
 * <p>Policy: the first images decoded are kept until the budget is spent (with epochs in random
 * order, keeping a fixed set is as good as any eviction, and costs nothing); the rest are decoded
 * every time, and a log line says once when the budget filled. An entry is keyed by the file's path,
 * size and modification time, so an image changed on disk is decoded again. The budget is
 * {@value #PROPERTY} (system property) or {@value #ENV} (environment) in MiB, default a quarter of the
 * JVM's maximum heap; 0 turns the cache off.
 */
public final class DecodedImages {

    /** System property with the budget in MiB (0: off). */
    public static final String PROPERTY = "jyolo.decodeCacheMb";
    /** Environment variable with the budget in MiB, when the property is not set. */
    public static final String ENV = "JYOLO_DECODE_CACHE_MB";

    private static final System.Logger LOG = System.getLogger(DecodedImages.class.getName());
    private static volatile DecodedImages shared;

    private record Key(Path path, long size, FileTime modified) {
    }

    private final long budget;
    private final Map<Key, BufferedImage> images = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicBoolean fullTold = new AtomicBoolean();

    /** A cache of at most {@code budgetBytes} bytes of pixels (0: every read decodes). */
    public DecodedImages(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("decoded-image budget must be >= 0 bytes, got " + budgetBytes);
        }
        this.budget = budgetBytes;
    }

    /** The process's cache, with the budget from {@value #PROPERTY} / {@value #ENV} or the default. */
    public static DecodedImages shared() {
        DecodedImages s = shared;
        if (s == null) {
            synchronized (DecodedImages.class) {
                if (shared == null) {
                    shared = new DecodedImages(configuredBudget());
                }
                s = shared;
            }
        }
        return s;
    }

    /** The configured budget in bytes: the property, else the environment, else a quarter of the max heap. */
    static long configuredBudget() {
        String value = System.getProperty(PROPERTY);
        String source = "-D" + PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
            source = ENV;
        }
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().maxMemory() / 4;
        }
        try {
            long mb = Long.parseLong(value.trim());
            if (mb < 0) {
                throw new NumberFormatException();
            }
            return mb << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + "=" + value + ": expected a number of MiB >= 0 (0 turns "
                    + "the decoded-image cache off)");
        }
    }

    /**
     * The decoded image of {@code file} as {@link ImageReading#readBgr} gives it, from memory when it was
     * decoded before. The image is shared: callers must not change its pixels.
     */
    public BufferedImage read(Path file) throws IOException {
        if (budget == 0) {
            return ImageReading.readBgr(file);
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Key key = new Key(file.toAbsolutePath().normalize(), attributes.size(), attributes.lastModifiedTime());
        BufferedImage cached = images.get(key);
        if (cached != null) {
            hits.incrementAndGet();
            return cached;
        }
        misses.incrementAndGet();
        BufferedImage image = ImageReading.readBgr(file);
        long bytes = 3L * image.getWidth() * image.getHeight();
        if (used.addAndGet(bytes) <= budget) {
            if (images.putIfAbsent(key, image) != null) {
                used.addAndGet(-bytes); // another worker decoded it at the same time
            }
        } else {
            used.addAndGet(-bytes);
            if (fullTold.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, () -> "decoded-image cache full (" + images.size() + " images, "
                        + (used.get() >> 20) + " MiB of " + (budget >> 20) + " MiB): further images are decoded "
                        + "every epoch; raise the budget with -D" + PROPERTY + "=<MiB> or " + ENV);
            }
        }
        return image;
    }

    /** Images kept. */
    public int size() {
        return images.size();
    }

    /** Bytes of pixels kept. */
    public long usedBytes() {
        return used.get();
    }

    /** The budget in bytes. */
    public long budgetBytes() {
        return budget;
    }

    /** Reads answered from memory, and reads that decoded, so far. */
    public long hits() {
        return hits.get();
    }

    /** Reads that decoded the file, so far. */
    public long misses() {
        return misses.get();
    }

    /** Drops every kept image (a notebook that changed its dataset, or wants the memory back). */
    public void clear() {
        images.clear();
        used.set(0);
        fullTold.set(false);
    }
}
