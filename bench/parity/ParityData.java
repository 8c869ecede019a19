import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Batch;
import io.jyolo.data.DataFolders;
import io.jyolo.data.DataLoader;
import io.jyolo.data.Resize;
import io.jyolo.data.Seeds;
import io.jyolo.data.VocDataset;
import io.jyolo.engine.Engines;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import io.jyolo.weights.NetworkExport;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The jyolo side of the learning-parity benchmark (bench/parity.py), run as a single-file program
 * against lib/target/jyolo.jar: {@code java -cp jyolo.jar ParityData.java RUN OUT}.
 *
 * <p>Reads the configuration a {@code jyolo train} run recorded and rebuilds, with the library's
 * own classes and the same calls as {@code io.jyolo.train.Trainer}, what that run started from and
 * consumed, so the PyTorch reference can train on exactly the same things:
 * <ul>
 *   <li>{@code init.safetensors}: the network initialised with the run's seed, as the trainer does;
 *   <li>{@code train-eN-images.npy} / {@code -targets.npy}: every batch of epoch N (1-based, as the
 *       trainer counts) in delivery order: the seeded shuffle and each sample's augmentation draws;
 *   <li>{@code val-images.npy} / {@code val-targets.npy}: the validation split as validation sees it;
 *   <li>{@code meta.txt}: batch sizes per epoch, validation ids and original sizes, the first
 *       batch's loss under the initial weights (the PyTorch side checks its own against it).
 * </ul>
 * Not part of the library: a benchmark tool, kept out of lib so the jar carries no debug dumps.
 */
public final class ParityData {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ParityData RUN_FOLDER OUT_FOLDER");
            System.exit(2);
        }
        RunFolder run = new RunFolder(Path.of(args[0]));
        Path out = Files.createDirectories(Path.of(args[1]));
        TrainConfig config = run.readConfig();
        Engines.disableGradientsOnThisThread();
        VocDataset train = VocDataset.builder(DataFolders.parse(config.data())).split(config.trainSplit()).build();
        VocDataset val = VocDataset.builder(DataFolders.parse(config.data())).split(config.valSplit()).build();
        ModelConfig model = config.model().toBuilder().classes(train.classes().size()).build();
        List<String> meta = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Engines.parseDevice("cpu", 0))) {
            Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), -1));
            YoloNetwork network = YoloNetworks.create(model).initialize(manager);
            NetworkExport.safetensors(network, out.resolve("init.safetensors"));
            DataLoader trainLoader = DataLoader.builder(config.limitTrain() > 0 ? train.limit(config.limitTrain()) : train,
                            model.layout()).inputSize(model.inputSize())
                    .batchSize(config.batchSize()).shuffle(true).seed(config.seed())
                    .augmentation(config.augmentation()).resizeMode(config.resize()).workers(config.workers())
                    .includeDifficult(true).build();
            DataLoader valLoader = DataLoader.builder(val, model.layout()).inputSize(model.inputSize())
                    .batchSize(config.batchSize()).shuffle(false).seed(config.seed())
                    .augmentation(Augmentation.none()).resizeMode(config.resize()).workers(config.workers()).build();
            try (trainLoader; valLoader) {
                YoloLoss loss = new YoloLoss(model.layout(), config.loss());
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    List<Batch> batches = collect(trainLoader, epoch);
                    StringBuilder sizes = new StringBuilder("epoch " + epoch);
                    batches.forEach(b -> sizes.append(' ').append(b.size()));
                    meta.add(sizes.toString());
                    write(out, "train-e" + epoch, batches, model.inputSize());
                    if (epoch == 1) {
                        try (NDManager sub = manager.newSubManager()) {
                            NDList xy = batches.get(0).toNDList(sub);
                            NDList pred = network.forward(new ParameterStore(sub, false), new NDList(xy.get(0)), true);
                            float first = loss.compute(pred.singletonOrThrow(), xy.get(1)).total().getFloat();
                            meta.add(String.format(Locale.ROOT, "initial-loss %.7f", first));
                        }
                    }
                }
                List<Batch> valBatches = collect(valLoader, 1);
                write(out, "val", valBatches, model.inputSize());
                for (Batch b : valBatches) {
                    for (int i = 0; i < b.size(); i++) {
                        Resize g = b.geometries().get(i);
                        meta.add("val " + b.ids().get(i) + " " + g.srcWidth() + " " + g.srcHeight());
                    }
                }
            }
        }
        meta.add("classes " + String.join(",", train.classes()));
        Files.write(out.resolve("meta.txt"), meta);
    }

    private static List<Batch> collect(DataLoader loader, int epoch) {
        List<Batch> batches = new ArrayList<>();
        try (DataLoader.Epoch e = loader.epoch(epoch)) {
            e.forEach(batches::add);
        }
        return batches;
    }

    /** Two .npy files (float32, C order): all images of the batches, then all targets. */
    private static void write(Path out, String prefix, List<Batch> batches, int size) throws IOException {
        int n = batches.stream().mapToInt(Batch::size).sum();
        long[] t = batches.get(0).targetShape().getShape();
        npy(out.resolve(prefix + "-images.npy"), new long[] {n, 3, size, size}, batches, true);
        npy(out.resolve(prefix + "-targets.npy"), new long[] {n, t[1], t[2], t[3]}, batches, false);
    }

    private static void npy(Path file, long[] shape, List<Batch> batches, boolean images) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             DataOutputStream data = new DataOutputStream(os)) {
            data.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
            data.write(h.length & 0xff);
            data.write(h.length >> 8);
            data.write(h);
            for (Batch b : batches) {
                float[] values = images ? b.images() : b.targets();
                ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(values);
                data.write(buf.array());
            }
        }
    }
}
