package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static CheckpointMeta meta(int epoch) {
        return new CheckpointMeta(epoch, 0, epoch * 5L, 42, "{\"x\":1}", List.of("circle", "star"), Double.NaN,
                Map.of("loss", 1.5), 1000L + epoch);
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Path f = dir.resolve("last.ckpt");
        Checkpoints.writeBytes(f, meta(3), new byte[] {9, 8, 7}, new byte[] {1});
        Checkpoints.Loaded l = Checkpoints.read(f);
        assertEquals(meta(3), l.meta());
        assertTrue(Double.isNaN(l.meta().bestMetric()));
        assertEquals(List.of("circle", "star"), l.meta().classes());
        assertArrayEquals(new byte[] {9, 8, 7}, l.parameters());
        assertArrayEquals(new byte[] {1}, l.optimizerState());
    }

    /**
     * A checkpoint written before early stopping has no {@code bestEpoch} and {@code sinceBest} in
     * its metadata: it reads as 0 for both, so a resumed old run counts patience from scratch.
     */
    @Test
    void aCheckpointFromBeforeEarlyStoppingReadsWithAZeroCounter() throws IOException {
        Path f = dir.resolve("last.ckpt");
        CheckpointMeta stalled = new CheckpointMeta(3, 0, 15, 42, "{}", List.of("circle"), 0.5, Map.of(), 1003L, 1, 2);
        Checkpoints.writeBytes(f, stalled, new byte[] {9, 8, 7}, new byte[] {1});
        assertEquals(stalled, Checkpoints.readMeta(f));

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(f));
        byte[] head = new byte[12]; // magic and format version, then the metadata's length and text
        file.get(head);
        byte[] json = new byte[file.getInt()];
        file.get(json);
        String text = new String(json, StandardCharsets.UTF_8);
        String oldText = text.replace(",\"bestEpoch\":1,\"sinceBest\":2", "");
        assertTrue(!oldText.equals(text) && !oldText.contains("sinceBest"), oldText);
        byte[] rest = new byte[file.remaining() - 4];
        file.get(rest);
        byte[] oldJson = oldText.getBytes(StandardCharsets.UTF_8);
        ByteBuffer old = ByteBuffer.allocate(16 + oldJson.length + rest.length + 4)
                .put(head).putInt(oldJson.length).put(oldJson).put(rest);
        CRC32C crc = new CRC32C();
        crc.update(old.array(), 0, old.position());
        old.putInt((int) crc.getValue());
        Files.write(f, old.array());

        CheckpointMeta read = Checkpoints.readMeta(f);
        assertEquals(0, read.bestEpoch());
        assertEquals(0, read.sinceBest());
        assertEquals(0.5, read.bestMetric(), 0);
        assertEquals(3, read.epoch());
    }

    @Test
    void writingAndReadingALargeCheckpointLeavesNoLargeDirectBuffer() throws IOException {
        // A channel fed one large heap buffer copies it into a direct buffer of that size and caches it
        // in the thread for good: the trainer's resident memory grew by a checkpoint's size that way.
        byte[] params = new byte[48 << 20];
        params[params.length - 1] = 5;
        long before = directBytes();
        Path f = dir.resolve("big.ckpt");
        Checkpoints.writeBytes(f, meta(1), params, new byte[] {1});
        Checkpoints.Loaded l = Checkpoints.read(f);
        assertEquals(5, l.parameters()[params.length - 1]);
        long grown = directBytes() - before;
        assertTrue(grown < (8 << 20), "direct buffers grew by " + (grown >> 20) + " MiB writing and reading "
                + (params.length >> 20) + " MiB");
    }

    private static long directBytes() {
        for (java.lang.management.BufferPoolMXBean pool
                : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }

    @Test
    void damagedFilesAreRejectedWithTheirName() throws IOException {
        Path f = dir.resolve("epoch-00002.ckpt");
        Checkpoints.writeBytes(f, meta(2), new byte[1000], new byte[0]);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        IOException e = assertThrows(IOException.class, () -> Checkpoints.read(f));
        assertTrue(e.getMessage().contains("epoch-00002.ckpt"), e.getMessage());
        Path g = dir.resolve("junk.ckpt");
        Files.writeString(g, "hello, this is not a checkpoint at all");
        assertTrue(assertThrows(IOException.class, () -> Checkpoints.read(g)).getMessage().contains("junk.ckpt"));
    }

    @Test
    void newestGoodSkipsDamagedFiles() throws IOException {
        Checkpoints.writeBytes(dir.resolve("epoch-00001.ckpt"), meta(1), new byte[10], new byte[0]);
        Checkpoints.writeBytes(dir.resolve("epoch-00002.ckpt"), meta(2), new byte[10], new byte[0]);
        Path newest = dir.resolve("last.ckpt");
        Checkpoints.writeBytes(newest, meta(3), new byte[10], new byte[0]);
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 0x55;
        Files.write(newest, b);
        List<String> skipped = new ArrayList<>();
        Checkpoints.Loaded l = Checkpoints.newestGood(dir, skipped).orElseThrow();
        assertEquals(2, l.meta().epoch());
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).contains("last.ckpt"));
    }

    @Test
    void policiesKeepTheRightEpochs() {
        CheckpointPolicy original = CheckpointPolicy.original();
        assertTrue(original.keeps(100) && original.keeps(900) && original.keeps(1000) && original.keeps(3000));
        assertTrue(!original.keeps(1100) && !original.keeps(150) && !original.keeps(2500));
        CheckpointPolicy every5 = CheckpointPolicy.parse("every:5");
        assertTrue(every5.keeps(5) && every5.keeps(10) && !every5.keeps(7));
        assertTrue(!CheckpointPolicy.parse("0").keeps(5));
        assertThrows(IllegalArgumentException.class, () -> CheckpointPolicy.parse("often"));
    }

    /**
     * A process killed (SIGKILL) in the middle of saving leaves the previous checkpoint intact
     * and loadable: the bytes go to a temporary file that is renamed only when complete.
     */
    @Test
    void killDuringSaveLeavesThePreviousCheckpointLoadable() throws Exception {
        Path file = dir.resolve("last.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                CheckpointSaver.class.getName(), file.toString(), String.valueOf(80_000_000));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        int lastSaved = 0;
        boolean killedMidSave = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("saved ")) {
                    lastSaved = Integer.parseInt(line.substring(6));
                } else if (line.startsWith("saving ") && lastSaved >= 2) {
                    // wait until the temporary file of this save is being written, then kill
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < deadline && tmpFiles().isEmpty()) {
                        Thread.onSpinWait();
                    }
                    killedMidSave = !tmpFiles().isEmpty();
                    p.destroyForcibly();
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(killedMidSave, "the child was killed while a save was in progress");
        Checkpoints.Loaded l = Checkpoints.read(file);
        assertTrue(l.meta().epoch() >= lastSaved, "the last completed save is intact");
        assertEquals((byte) l.meta().epoch(), l.parameters()[l.parameters().length - 1]);
        Checkpoints.Loaded newest = Checkpoints.newestGood(dir, new ArrayList<>()).orElseThrow();
        assertEquals(l.meta().epoch(), newest.meta().epoch());
    }

    private List<Path> tmpFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(x -> x.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
