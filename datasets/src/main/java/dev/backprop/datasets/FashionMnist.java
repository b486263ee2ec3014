package dev.backprop.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, Zalando Research, MIT licence): 60,000
 * training and 10,000 test images of clothing, 28 x 28 grey pixels, 10 classes
 * ({@link #CLASS_NAMES}), in MNIST's file layout and names. {@link #load(Path)} reads and
 * verifies the four files (raw or gzip) like {@link Mnist#load(Path)}, with Fashion-MNIST's
 * own checksums. Debian's package {@code dataset-fashion-mnist} installs them in
 * {@link #DEBIAN_DIRECTORY}.
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} package puts the four {@code .gz} files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The four file names (the same as MNIST's). */
    public static final List<String> FILES = MnistFormat.FILES;

    /** SHA-256 of the four files' decompressed bytes. */
    public static final Map<String, String> SHA256 = Map.of(
            MnistFormat.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            MnistFormat.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            MnistFormat.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            MnistFormat.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** The name of each label 0..9. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final MnistFormat.FileSet FILE_SET = new MnistFormat.FileSet("Fashion-MNIST", SHA256, 10);

    private FashionMnist() {
    }

    /**
     * Loads and verifies Fashion-MNIST from {@code dir}.
     *
     * @throws DatasetException if {@code dir} is not a readable folder, or a file is missing,
     *         damaged or not the Fashion-MNIST one; the message says where to get the files
     */
    public static TrainTestData load(Path dir) {
        return MnistFormat.load(dir, FILE_SET, instructions(dir));
    }

    /** Whether all four files are in {@code dir}, raw or {@code .gz} (content not checked). */
    public static boolean isPresent(Path dir) {
        return MnistFormat.isPresent(dir);
    }

    /** What to do when the files are not in {@code dir}. */
    public static String instructions(Path dir) {
        return "Fashion-MNIST is looked for in " + dir.toAbsolutePath() + " as " + String.join(", ", FILES)
                + " (each raw or .gz)."
                + "\nTo get it: on Debian/Ubuntu `apt-get install dataset-fashion-mnist` (files in "
                + DEBIAN_DIRECTORY + "), or download the four .gz files from"
                + " https://github.com/zalandoresearch/fashion-mnist (MnistDownloader with Fashion-MNIST's"
                + " mirror and FashionMnist.SHA256)";
    }
}
