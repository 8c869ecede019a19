package io.jyolo.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Maps a weights file read-only, little-endian: weight files run to hundreds of megabytes and are
 * read once in order, so the pages are the kernel's to bring in and drop rather than a heap copy.
 */
final class MappedFiles {

    private MappedFiles() {
    }

    /** The whole of {@code path}; {@code kind} names the format in the error. */
    static ByteBuffer map(Path path, String kind) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new WeightsFormatException(path + ": " + channel.size() + " bytes; jyolo reads " + kind
                        + " files up to 2 GiB");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new WeightsFormatException(path + ": cannot read the " + kind + " file (" + e + ")");
        }
    }
}
