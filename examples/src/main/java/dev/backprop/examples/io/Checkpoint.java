package dev.backprop.examples.io;

import dev.backprop.datasets.AtomicFiles;
import dev.backprop.core.Layer;
import dev.backprop.core.Optimizer;
import dev.backprop.core.Parameter;
import dev.backprop.core.Sequential;
import dev.backprop.core.Tensor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A saved training run: the model's architecture and weights, the optimizer's state, the
 * number of epochs done, the loss history and the settings of the run. Saving and restoring
 * continues training bit-identically.
 *
 * <h2>File format, version 1</h2>
 * Integers and doubles are big-endian (as {@link java.io.DataOutput} writes them), doubles as
 * their raw IEEE 754 bits; a string is a 2-byte length and modified UTF-8
 * ({@link java.io.DataOutput#writeUTF}); a tensor is {@code int32 rank}, {@code rank x int32}
 * dimensions, then its elements row-major.
 * <pre>
 * offset  size  field
 * 0       8     magic "BPCHKPT\n" (42 50 43 48 4B 50 54 0A)
 * 8       4     format version, int32 = 1
 * 12      8     payload length P, int64
 * 20      P     payload
 * 20 + P  4     CRC-32C of the payload, int32; nothing may follow
 *
 * payload:
 *   string model (its toString, for people)
 *   int32  L layers, each:
 *          string type (class name), string description (toString),
 *          int32 parameter count, each: string name, boolean trainable, tensor value
 *   string optimizer type ("" when none), string optimizer description, double learning rate
 *   int32  optimizer state entries, each: string key, tensor
 *   int32  epochs completed
 *   int32  history length n, then n x (double train loss, double validation loss or NaN)
 *   int32  settings, each: string key, string value
 * </pre>
 * A file whose magic, version, length or checksum is wrong is rejected before any field is
 * read; restoring into a model whose layers or parameter shapes differ names the layer and
 * both shapes.
 */
public final class Checkpoint {

    /** The first eight bytes of every checkpoint. */
    static final byte[] MAGIC = "BPCHKPT\n".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    private static final int HEADER_BYTES = 8 + 4 + 8;
    private static final int TRAILER_BYTES = 4;
    private static final int MAX_RANK = 8;

    /** One parameter as saved. */
    public record SavedParameter(String name, boolean trainable, Tensor value) {
    }

    /** One layer as saved: its class name, its {@code toString()}, its parameters in order. */
    public record SavedLayer(String type, String description, List<SavedParameter> parameters) {
    }

    private final String model;
    private final List<SavedLayer> layers;
    private final String optimizerType;
    private final String optimizerDescription;
    private final double learningRate;
    private final Map<String, Tensor> optimizerState;
    private final int epoch;
    private final double[] trainLoss;
    private final double[] validationLoss;
    private final Map<String, String> settings;

    private Checkpoint(String model, List<SavedLayer> layers, String optimizerType,
                       String optimizerDescription, double learningRate, Map<String, Tensor> optimizerState,
                       int epoch, double[] trainLoss, double[] validationLoss, Map<String, String> settings) {
        this.model = model;
        this.layers = List.copyOf(layers);
        this.optimizerType = optimizerType;
        this.optimizerDescription = optimizerDescription;
        this.learningRate = learningRate;
        this.optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
        this.epoch = epoch;
        this.trainLoss = trainLoss.clone();
        this.validationLoss = validationLoss.clone();
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Captures a run: copies of the model's parameters and of the optimizer's state
     * ({@code optimizer} may be {@code null}), {@code epoch} epochs completed, the per-epoch
     * losses ({@code validationLoss} may be {@code null} or hold NaN) and free-form settings.
     */
    public static Checkpoint of(Layer model, Optimizer optimizer, int epoch, double[] trainLoss,
                                double[] validationLoss, Map<String, String> settings) {
        if (epoch < 0) {
            throw new IllegalArgumentException("Invalid epoch: " + epoch + " (must be >= 0)");
        }
        double[] validation = validationLoss == null ? nans(trainLoss.length) : validationLoss;
        if (validation.length != trainLoss.length) {
            throw new IllegalArgumentException("History: " + trainLoss.length + " train losses but "
                    + validation.length + " validation losses");
        }
        List<SavedLayer> layers = new ArrayList<>();
        for (Layer layer : layersOf(model)) {
            List<SavedParameter> params = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                params.add(new SavedParameter(p.name(), p.trainable(), p.value().copy()));
            }
            layers.add(new SavedLayer(layer.getClass().getSimpleName(), layer.toString(), params));
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        if (optimizer != null) {
            optimizer.state().forEach((k, v) -> state.put(k, v.copy()));
        }
        return new Checkpoint(model.toString(), layers,
                optimizer == null ? "" : optimizer.getClass().getSimpleName(),
                optimizer == null ? "" : optimizer.toString(),
                optimizer == null ? Double.NaN : optimizer.learningRate(),
                state, epoch, trainLoss, validation, settings);
    }

    // ---------------------------------------------------------------- accessors

    /** The saved model's {@code toString()}. */
    public String model() {
        return model;
    }

    public List<SavedLayer> layers() {
        return layers;
    }

    /** The optimizer's class name, or {@code ""} when none was saved. */
    public String optimizerType() {
        return optimizerType;
    }

    public String optimizerDescription() {
        return optimizerDescription;
    }

    /** The learning rate at save time ({@code NaN} when no optimizer was saved). */
    public double learningRate() {
        return learningRate;
    }

    public Map<String, Tensor> optimizerState() {
        return optimizerState;
    }

    /** Number of epochs completed when saved. */
    public int epoch() {
        return epoch;
    }

    public double[] trainLoss() {
        return trainLoss.clone();
    }

    /** Validation loss per epoch, NaN where there was none. */
    public double[] validationLoss() {
        return validationLoss.clone();
    }

    public Map<String, String> settings() {
        return settings;
    }

    // ---------------------------------------------------------------- restoring

    /**
     * Copies the saved weights into {@code model} and the saved state into {@code optimizer}
     * (which may be {@code null}). The model must have the same layers, in the same order, with
     * the same parameters, shapes and frozen flags; the optimizer the same class. Nothing is
     * changed when any of this fails.
     *
     * @throws CheckpointException naming the layer and both shapes on any mismatch
     */
    public void restore(Layer model, Optimizer optimizer) throws CheckpointException {
        List<Layer> modelLayers = layersOf(model);
        if (modelLayers.size() != layers.size()) {
            throw new CheckpointException("checkpoint has " + layers.size() + " layers (" + this.model
                    + "), the model has " + modelLayers.size() + " (" + model + ")");
        }
        List<Runnable> copies = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            SavedLayer saved = layers.get(i);
            Layer layer = modelLayers.get(i);
            String where = "layer " + i + " (" + layer + ")";
            if (!saved.type().equals(layer.getClass().getSimpleName())
                    || !saved.description().equals(layer.toString())) {
                throw new CheckpointException(where + ": the checkpoint has " + saved.description()
                        + shapes(saved) + " there, the model " + layer + shapes(layer));
            }
            List<Parameter> params = layer.parameters();
            if (params.size() != saved.parameters().size()) {
                throw new CheckpointException(where + ": checkpoint has " + saved.parameters().size()
                        + " parameters, the model " + params.size());
            }
            for (int j = 0; j < params.size(); j++) {
                Parameter p = params.get(j);
                SavedParameter s = saved.parameters().get(j);
                if (!p.name().equals(s.name())) {
                    throw new CheckpointException(where + ": parameter " + j + " is '" + s.name()
                            + "' in the checkpoint, '" + p.name() + "' in the model");
                }
                if (!p.value().sameShape(s.value())) {
                    throw new CheckpointException(where + " " + p.name() + ": checkpoint shape "
                            + Arrays.toString(s.value().shape()) + ", model shape "
                            + Arrays.toString(p.value().shape()));
                }
                if (p.trainable() != s.trainable()) {
                    throw new CheckpointException(where + " " + p.name() + ": "
                            + (s.trainable() ? "trainable" : "frozen") + " in the checkpoint, "
                            + (p.trainable() ? "trainable" : "frozen") + " in the model");
                }
                copies.add(() -> p.value().copyFrom(s.value()));
            }
        }
        if (optimizer != null && !optimizerType.isEmpty()
                && !optimizerType.equals(optimizer.getClass().getSimpleName())) {
            throw new CheckpointException("checkpoint was trained with " + optimizerDescription
                    + ", the run uses " + optimizer);
        }
        if (optimizer != null && !optimizerType.isEmpty()) {
            try {
                // loadState validates keys and shapes before touching anything.
                optimizer.loadState(optimizerState);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException("optimizer state does not fit " + optimizer + ": " + e.getMessage());
            }
            optimizer.setLearningRate(learningRate);
        }
        copies.forEach(Runnable::run);
    }

    /** " (weight [784, 21], bias [21])", or "" for a layer without parameters. */
    private static String shapes(SavedLayer layer) {
        StringBuilder sb = new StringBuilder();
        for (SavedParameter p : layer.parameters()) {
            sb.append(sb.length() == 0 ? " (" : ", ").append(p.name()).append(' ').append(Arrays.toString(p.value().shape()));
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    private static String shapes(Layer layer) {
        StringBuilder sb = new StringBuilder();
        for (Parameter p : layer.parameters()) {
            sb.append(sb.length() == 0 ? " (" : ", ").append(p.name()).append(' ').append(Arrays.toString(p.value().shape()));
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    private static List<Layer> layersOf(Layer model) {
        return model instanceof Sequential s ? s.layers() : List.of(model);
    }

    // ---------------------------------------------------------------- writing

    /** Writes this checkpoint to {@code target} through a temporary file and an atomic move. */
    public void save(Path target) throws IOException {
        byte[] payload = payload();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        AtomicFiles.write(target, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.write(MAGIC);
            data.writeInt(VERSION);
            data.writeLong(payload.length);
            data.write(payload);
            data.writeInt((int) crc.getValue());
            data.flush();
        });
    }

    private byte[] payload() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeString(out, model);
        out.writeInt(layers.size());
        for (SavedLayer layer : layers) {
            writeString(out, layer.type());
            writeString(out, layer.description());
            out.writeInt(layer.parameters().size());
            for (SavedParameter p : layer.parameters()) {
                writeString(out, p.name());
                out.writeBoolean(p.trainable());
                writeTensor(out, p.value());
            }
        }
        writeString(out, optimizerType);
        writeString(out, optimizerDescription);
        out.writeDouble(learningRate);
        out.writeInt(optimizerState.size());
        for (Map.Entry<String, Tensor> e : optimizerState.entrySet()) {
            writeString(out, e.getKey());
            writeTensor(out, e.getValue());
        }
        out.writeInt(epoch);
        out.writeInt(trainLoss.length);
        for (int i = 0; i < trainLoss.length; i++) {
            out.writeDouble(trainLoss[i]);
            out.writeDouble(validationLoss[i]);
        }
        out.writeInt(settings.size());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        try {
            out.writeUTF(s);
        } catch (UTFDataFormatException e) {
            throw new IllegalArgumentException("Text too long for a checkpoint (over 65535 bytes): "
                    + s.substring(0, 60) + "...");
        }
    }

    private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
        out.writeInt(t.rank());
        for (int d : t.shape()) {
            out.writeInt(d);
        }
        DoubleBuffer values = t.buffer();
        for (int i = 0; i < t.size(); i++) {
            out.writeDouble(values.get(i));
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and verifies a checkpoint. The fixed header is checked against the file's size
     * before the rest is read, so that any other file, however large, is refused at once.
     *
     * @throws CheckpointException when the file is missing, not a checkpoint, of another
     *     version, truncated, corrupt (checksum) or malformed; the message names the file
     */
    public static Checkpoint read(Path file) throws CheckpointException {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] header = in.readNBytes(HEADER_BYTES);
            checkHeader(header, size);
            byte[] bytes = Arrays.copyOf(header, (int) size);
            if (in.readNBytes(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES) != bytes.length - HEADER_BYTES) {
                throw new CheckpointException("changed while being read");
            }
            return parse(bytes);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file");
        } catch (CheckpointException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Checks the first bytes of a file of {@code fileSize} bytes: magic, version, and the
     * announced payload length against the size. Returns that length.
     */
    private static int checkHeader(byte[] bytes, long fileSize) throws CheckpointException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException("not a backprop checkpoint (bad magic bytes)");
        }
        if (fileSize < HEADER_BYTES) {
            throw new CheckpointException("truncated: " + fileSize + " bytes, shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes);
        int version = header.getInt(8);
        if (version != VERSION) {
            throw new CheckpointException("format version " + version + ", this program reads version "
                    + VERSION);
        }
        long payloadLength = header.getLong(12);
        // Also keeps the sums below from overflowing, and the whole file within one array.
        if (payloadLength < 0 || payloadLength > Integer.MAX_VALUE - HEADER_BYTES - TRAILER_BYTES) {
            throw new CheckpointException("corrupt: the header announces a payload of " + payloadLength + " bytes");
        }
        long expected = HEADER_BYTES + payloadLength + TRAILER_BYTES;
        if (fileSize < expected) {
            throw new CheckpointException("truncated: " + fileSize + " bytes, the header announces "
                    + expected);
        }
        if (fileSize > expected) {
            throw new CheckpointException("corrupt: " + (fileSize - expected)
                    + " unexpected bytes after the checksum");
        }
        return (int) payloadLength;
    }

    /** Parses and verifies the bytes of a checkpoint file. */
    static Checkpoint parse(byte[] bytes) throws CheckpointException {
        int payloadLength = checkHeader(bytes, bytes.length);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER_BYTES, payloadLength);
        int stored = header.getInt(HEADER_BYTES + payloadLength);
        if ((int) crc.getValue() != stored) {
            throw new CheckpointException(String.format("corrupt: checksum mismatch (stored CRC-32C %08x, computed %08x)",
                    stored, (int) crc.getValue()));
        }
        try {
            return parsePayload(new DataInputStream(
                    new ByteArrayInputStream(bytes, HEADER_BYTES, payloadLength)), payloadLength);
        } catch (EOFException e) {
            throw new CheckpointException("malformed: the payload ends early");
        } catch (IOException e) {
            throw new CheckpointException("malformed: " + e.getMessage());
        }
    }

    private static Checkpoint parsePayload(DataInputStream in, int length) throws IOException {
        String model = in.readUTF();
        int layerCount = count(in.readInt(), "layer count", length);
        List<SavedLayer> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            String type = in.readUTF();
            String description = in.readUTF();
            int paramCount = count(in.readInt(), "parameter count of layer " + i, length);
            List<SavedParameter> params = new ArrayList<>();
            for (int j = 0; j < paramCount; j++) {
                String name = in.readUTF();
                boolean trainable = in.readBoolean();
                params.add(new SavedParameter(name, trainable, readTensor(in, "layer " + i + " " + name, length)));
            }
            layers.add(new SavedLayer(type, description, params));
        }
        String optimizerType = in.readUTF();
        String optimizerDescription = in.readUTF();
        double learningRate = in.readDouble();
        int stateCount = count(in.readInt(), "optimizer state count", length);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < stateCount; i++) {
            String key = in.readUTF();
            state.put(key, readTensor(in, "optimizer state " + key, length));
        }
        int epoch = in.readInt();
        if (epoch < 0) {
            throw new CheckpointException("malformed: epoch " + epoch);
        }
        int historyLength = count(in.readInt(), "history length", length);
        double[] train = new double[historyLength];
        double[] validation = new double[historyLength];
        for (int i = 0; i < historyLength; i++) {
            train[i] = in.readDouble();
            validation[i] = in.readDouble();
        }
        int settingCount = count(in.readInt(), "settings count", length);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < settingCount; i++) {
            settings.put(in.readUTF(), in.readUTF());
        }
        if (in.available() > 0) {
            throw new CheckpointException("malformed: " + in.available() + " unread bytes in the payload");
        }
        return new Checkpoint(model, layers, optimizerType, optimizerDescription, learningRate, state,
                epoch, train, validation, settings);
    }

    /** A count read from the file, checked to be plausible before anything is allocated for it. */
    private static int count(int n, String what, int payloadLength) throws CheckpointException {
        if (n < 0 || n > payloadLength) {
            throw new CheckpointException("malformed: " + what + " " + n);
        }
        return n;
    }

    private static Tensor readTensor(DataInputStream in, String what, int payloadLength) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new CheckpointException("malformed: " + what + " has rank " + rank);
        }
        int[] shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) {
                throw new CheckpointException("malformed: " + what + " has shape " + Arrays.toString(shape));
            }
            size *= shape[i];
            if (size * Double.BYTES > payloadLength) {
                throw new CheckpointException("malformed: " + what + " has shape " + Arrays.toString(shape)
                        + ", larger than the file");
            }
        }
        double[] data = new double[(int) size];
        for (int i = 0; i < data.length; i++) {
            data[i] = in.readDouble();
        }
        return Tensor.wrap(data, shape);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    @Override
    public String toString() {
        return "Checkpoint(" + model + ", " + (optimizerType.isEmpty() ? "no optimizer" : optimizerDescription)
                + ", epoch " + epoch + ")";
    }
}
