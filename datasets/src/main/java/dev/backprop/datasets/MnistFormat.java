package dev.backprop.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loading of datasets laid out like MNIST: four IDX files with the standard names, each raw or
 * gzip, each verified against the SHA-256 of its decompressed bytes. Shared by {@link Mnist},
 * {@link FashionMnist} and the bundled sample.
 */
final class MnistFormat {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** The four file names, in the order train images, train labels, test images, test labels. */
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /**
     * A dataset in this layout: its name, the SHA-256 of each file's decompressed bytes (keyed by
     * the names in {@link #FILES}) and its number of classes.
     */
    record FileSet(String name, Map<String, String> sha256, int classes) {
        FileSet {
            Map<String, String> copy = new LinkedHashMap<>();
            for (String file : FILES) {
                String hex = sha256.get(file);
                if (hex == null) {
                    throw new IllegalArgumentException("No SHA-256 given for " + file + " in " + sha256.keySet());
                }
                copy.put(file, Sha256.requireHex(hex, file));
            }
            if (sha256.size() != FILES.size()) {
                throw new IllegalArgumentException("Checksums for unknown files: " + sha256.keySet()
                        + " (expected exactly " + FILES + ")");
            }
            sha256 = Map.copyOf(copy);
        }
    }

    private MnistFormat() {
    }

    /** The file for {@code name} in {@code dir}: the raw one if present, else {@code name.gz}, else null. */
    static Path locate(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** Whether all four files are in {@code dir} (raw or gzip); their content is not checked. */
    static boolean isPresent(Path dir) {
        return FILES.stream().allMatch(f -> locate(dir, f) != null);
    }

    /**
     * Why the four files are not in {@code dir}: {@code "the folder does not exist"}, {@code "not
     * a folder (...)"}, {@code "cannot read the folder (...)"} or {@code "missing <files> (raw or
     * .gz)"}; empty when they are all there (their content is not checked).
     */
    static Optional<String> absence(Path dir) {
        // the folder first: else a mistyped folder or the path of one .gz file reads as "missing files"
        if (!Files.exists(dir)) {
            return Optional.of("the folder does not exist");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("not a folder (give the folder that holds the four files)");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            return Optional.of("cannot read the folder (permission denied)");
        }
        List<String> missing = FILES.stream().filter(f -> locate(dir, f) == null).toList();
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("missing " + String.join(", ", missing) + " (raw or .gz)");
    }

    /**
     * Loads and verifies the four files in {@code dir}. Any failure throws a
     * {@link DatasetException} whose message ends with {@code help} (where to get the files).
     */
    static TrainTestData load(Path dir, FileSet files, String help) {
        Optional<String> absence = absence(dir);
        if (absence.isPresent()) {
            throw new DatasetException(dir.toAbsolutePath().toString(), files.name() + " not found: "
                    + absence.get() + "\n" + help);
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        for (String name : FILES) {
            paths.put(name, locate(dir, name));
        }
        try {
            Map<String, byte[]> contents = new LinkedHashMap<>();
            paths.forEach((name, p) -> contents.put(name, Idx.readFile(p)));
            return fromContents(files, contents, name -> paths.get(name).toString());
        } catch (DatasetException e) {
            throw new DatasetException(e.source(), e.reason() + "\n" + help, e);
        }
    }

    /** Loads and verifies the four {@code <name>.gz} resources in {@code folder} next to {@code anchor}. */
    static TrainTestData loadResources(Class<?> anchor, String folder, FileSet files) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        Function<String, String> sources = name -> "resource " + anchor.getPackageName().replace('.', '/') + "/"
                + folder + "/" + name + ".gz";
        for (String name : FILES) {
            try (InputStream in = anchor.getResourceAsStream(folder + "/" + name + ".gz")) {
                if (in == null) {
                    throw new DatasetException(sources.apply(name), "missing from the backprop-datasets jar");
                }
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new DatasetException(sources.apply(name), "cannot read: " + e, e);
            }
        }
        return fromContents(files, contents, sources);
    }

    /**
     * The dataset from the four files' contents (raw or gzip, by name), checked and verified;
     * {@code sources} names each file in error messages.
     */
    static TrainTestData fromContents(FileSet files, Map<String, byte[]> contents, Function<String, String> sources) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (String name : FILES) {
            raw.put(name, Idx.uncompressed(contents.get(name), sources.apply(name)));
        }
        return assemble(files, raw, sources);
    }

    /** Parses, checks and verifies the decompressed bytes of the four files. */
    static TrainTestData assemble(FileSet files, Map<String, byte[]> raw, Function<String, String> sources) {
        LabeledImages train = pair(files, raw, sources, TRAIN_IMAGES, TRAIN_LABELS);
        LabeledImages test = pair(files, raw, sources, TEST_IMAGES, TEST_LABELS);
        return new TrainTestData(files.name(), train, test);
    }

    private static LabeledImages pair(FileSet files, Map<String, byte[]> raw,
            Function<String, String> sources, String imagesName, String labelsName) {
        String imagesSource = sources.apply(imagesName);
        String labelsSource = sources.apply(labelsName);
        IdxArray images = Idx.parse(raw.get(imagesName), imagesSource);
        if (images.rank() != 3) {
            throw new DatasetException(imagesSource, String.format("expected an image file (3 dimensions"
                    + " [n, rows, columns], magic 0x00000803), found %d dimension%s %s (magic 0x%08x%s)",
                    images.rank(), images.rank() == 1 ? "" : "s", Arrays.toString(images.shape()),
                    images.magic(), images.rank() == 1 ? ", a label file" : ""));
        }
        IdxArray labels = Idx.parse(raw.get(labelsName), labelsSource);
        if (labels.rank() != 1) {
            throw new DatasetException(labelsSource, String.format("expected a label file (1 dimension [n],"
                    + " magic 0x00000801), found %d dimensions %s (magic 0x%08x%s)",
                    labels.rank(), Arrays.toString(labels.shape()), labels.magic(),
                    labels.rank() == 3 ? ", an image file" : ""));
        }
        int[] l = LabeledImages.unsignedLabels(labels);
        int bad = LabeledImages.firstLabelOutside(l, files.classes());
        if (bad >= 0) {
            throw new DatasetException(labelsSource, "label " + l[bad] + " at index " + bad + " is outside 0.."
                    + (files.classes() - 1));
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new DatasetException(labelsSource, "has " + labels.dim(0) + " labels but " + imagesSource
                    + " has " + images.dim(0) + " images");
        }
        verify(files, imagesName, raw.get(imagesName), imagesSource);
        verify(files, labelsName, raw.get(labelsName), labelsSource);
        return new LabeledImages(images.data(), l, images.dim(1), images.dim(2), files.classes());
    }

    private static void verify(FileSet files, String name, byte[] raw, String source) {
        String expected = files.sha256().get(name);
        String actual = Sha256.hex(raw);
        if (!actual.equals(expected)) {
            throw new DatasetException(source, "not the " + files.name() + " file " + name
                    + ": SHA-256 of its decompressed bytes is " + actual + ", expected " + expected);
        }
    }
}
