package io.jyolo.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads and writes jyolo checkpoints: one file holding the metadata, the network parameters
 * (BatchNorm running statistics included) and the optimizer state, with a checksum.
 *
 * <p>Writes are atomic: the bytes go to a temporary file in the same folder, are forced to
 * disk, and the file is then renamed over the target, so a process killed during a save leaves
 * the previous checkpoint intact. A checksum over the whole file lets {@link #newestGood} skip
 * a file that is damaged anyway (a copy cut short, a full disk).
 *
 * <p>Layout: magic {@code JYOLOCKP}, format version (int), metadata JSON (int length + UTF-8),
 * parameters (long length + DJL's parameter stream), optimizer state (long length + NDList
 * encoding), CRC32C of everything before it (int).
 */
public final class Checkpoints {

    /** File name suffix of checkpoints. */
    public static final String SUFFIX = ".ckpt";
    private static final byte[] MAGIC = "JYOLOCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** Bytes per channel read or write: the size of the temporary direct buffer the JDK caches per thread. */
    private static final int IO_SLICE = 1 << 20;
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.ckpt");
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private Checkpoints() {
    }

    /** A checkpoint read from disk: metadata plus the raw parameter and optimizer bytes. */
    public record Loaded(Path file, CheckpointMeta meta, byte[] parameters, byte[] optimizerState) {

        /**
         * Loads the parameters into {@code block}, which must have the same structure and shapes. DJL
         * replaces each array by the stored one whatever its shape, so a checkpoint of the same network
         * at another input size would load and fail only at the first forward; the shapes are compared
         * here instead, and the first difference is reported with the parameter and both shapes.
         */
        public void restoreParameters(Block block, NDManager manager) throws IOException {
            List<Pair<String, Parameter>> parameters = block.getParameters().stream()
                    .filter(p -> p.getValue().isInitialized()).toList();
            List<Shape> expected = parameters.stream().map(p -> p.getValue().getArray().getShape()).toList();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(this.parameters))) {
                block.loadParameters(manager, in);
            } catch (MalformedModelException e) {
                throw new IOException(file + ": parameters do not fit this network: " + e.getMessage(), e);
            }
            for (int i = 0; i < parameters.size(); i++) {
                Shape stored = parameters.get(i).getValue().getArray().getShape();
                if (!stored.equals(expected.get(i))) {
                    throw new IOException(file + ": parameter " + parameters.get(i).getKey() + " has shape " + stored
                            + " in the checkpoint but " + expected.get(i) + " in this network (another input size or"
                            + " class count?); to start from these weights use --init-from");
                }
            }
        }

        /** Restores the optimizer's state (momentum buffers, step count). */
        public void restoreOptimizer(OptimizerState optimizer, NDManager manager) {
            if (optimizerState.length == 0) {
                return;
            }
            try (NDManager scratch = manager.newSubManager()) {
                NDList list = NDList.decode(scratch, optimizerState);
                optimizer.loadState(list);
            }
        }
    }

    /** Writes a checkpoint atomically to {@code file}. */
    public static void write(Path file, CheckpointMeta meta, Block block, OptimizerState optimizer, NDManager manager)
            throws IOException {
        byte[] params;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            block.saveParameters(out);
        }
        params = buffer.toByteArray();
        byte[] opt = new byte[0];
        if (optimizer != null) {
            try (NDManager scratch = manager.newSubManager()) {
                opt = optimizer.saveState(scratch).encode();
            }
        }
        writeBytes(file, meta, params, opt);
    }

    /**
     * Writes already-serialised parts atomically (also used by tests that simulate damage). The parts
     * go to the file one after the other, the checksum computed on the way, so no copy of the whole
     * checkpoint is made in the heap.
     */
    static void writeBytes(Path file, CheckpointMeta meta, byte[] params, byte[] opt) throws IOException {
        byte[] json = GSON.toJson(meta).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream head = new ByteArrayOutputStream(json.length + 32);
        try (DataOutputStream out = new DataOutputStream(head)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(json.length);
            out.write(json);
            out.writeLong(params.length);
        }
        byte[] optLength = ByteBuffer.allocate(Long.BYTES).putLong(opt.length).array();
        CRC32C crc = new CRC32C();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (byte[] part : new byte[][] {head.toByteArray(), params, optLength, opt}) {
                    crc.update(part);
                    writeFully(ch, part);
                }
                writeFully(ch, ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code bytes} in slices: a channel copies a heap buffer into a temporary direct buffer of
     * the same size and keeps it cached in the writing thread for good (a checkpoint's size, over
     * 100 MB for Fast YOLO with Adam, measured in the trainer's resident memory).
     */
    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; off += IO_SLICE) {
            ByteBuffer b = ByteBuffer.wrap(bytes, off, Math.min(IO_SLICE, bytes.length - off));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /**
     * Makes {@code target} an atomic copy of {@code source}: a hard link when the file system has
     * them (free, and safe because checkpoints are only ever replaced by rename, never rewritten
     * in place), else a copy forced to disk; either way through a temporary name and a rename, so
     * {@code target} is never half written.
     */
    public static void copy(Path source, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            try {
                Files.createLink(tmp, source);
            } catch (UnsupportedOperationException | IOException noLinks) {
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and verifies a checkpoint; a damaged file raises an IOException naming it and the problem. */
    public static Loaded read(Path file) throws IOException {
        byte[] all;
        // Through a 1 MiB buffer: Files.readAllBytes reads the whole file in one channel call, which
        // leaves a direct buffer of the file's size cached in the calling thread for good.
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), IO_SLICE)) {
            all = in.readAllBytes();
        }
        if (all.length < MAGIC.length + 4 + 4 + 8 + 8 + 4) {
            throw new IOException(file + ": not a jyolo checkpoint (only " + all.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) {
                throw new IOException(file + ": not a jyolo checkpoint (bad magic)");
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IOException(file + ": checksum mismatch (file damaged or cut short)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 4 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": checkpoint format " + version + ", this jyolo reads " + VERSION);
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            byte[] params = new byte[Math.toIntExact(in.readLong())];
            in.readFully(params);
            byte[] opt = new byte[Math.toIntExact(in.readLong())];
            in.readFully(opt);
            CheckpointMeta meta = GSON.fromJson(new String(json, StandardCharsets.UTF_8), CheckpointMeta.class);
            return new Loaded(file, meta, params, opt);
        }
    }

    /** Only the metadata of a checkpoint (still verifies the checksum). */
    public static CheckpointMeta readMeta(Path file) throws IOException {
        return read(file).meta();
    }

    /** Checkpoint files of a folder, newest training state first (by epoch and batch in the metadata). */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    /**
     * The checkpoint to resume from: the valid one with the most training done (epoch, then
     * batches, then global step); damaged files are skipped and reported through {@code skipped}.
     */
    public static Optional<Loaded> newestGood(Path dir, List<String> skipped) throws IOException {
        List<Loaded> good = new ArrayList<>();
        for (Path p : list(dir)) {
            try {
                good.add(read(p));
            } catch (IOException | RuntimeException e) {
                skipped.add(e.getMessage());
            }
        }
        return good.stream().max(Comparator
                .comparingLong((Loaded l) -> l.meta().globalStep())
                .thenComparingLong(l -> l.meta().wallTime()));
    }

    /** The file name for the checkpoint after {@code epoch}. */
    public static String epochFileName(int epoch) {
        return String.format("epoch-%05d%s", epoch, SUFFIX);
    }

    /** The epoch a checkpoint file name encodes, or -1. */
    public static int epochOf(Path file) {
        Matcher m = EPOCH_FILE.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
