package io.jyolo.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Child process for {@link CheckpointsTest}: saves large checkpoints in a loop until killed. */
public final class CheckpointSaver {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        byte[] params = new byte[Integer.parseInt(args[1])];
        for (int epoch = 1; ; epoch++) {
            java.util.Arrays.fill(params, (byte) epoch);
            CheckpointMeta meta = new CheckpointMeta(epoch, 0, epoch * 10L, 7, "{}", List.of("a"), Double.NaN,
                    Map.of(), System.currentTimeMillis());
            System.out.println("saving " + epoch);
            System.out.flush();
            Checkpoints.writeBytes(file, meta, params, new byte[] {1, 2, 3});
            System.out.println("saved " + epoch);
            System.out.flush();
        }
    }
}
