package dev.backprop.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the four MNIST files ({@code <name>.gz}) from a list of mirrors into a folder, the
 * way torchvision's {@code datasets.MNIST(download=True)} does, and then some:
 * <ul>
 *   <li>mirrors are tried in order ({@link #MIRRORS}: the ones torchvision uses); a failure of
 *       the mirror of any kind (HTTP error, timeout, broken or truncated transfer, wrong content)
 *       moves on to the next mirror. The whole list is tried up to {@code rounds} times (default
 *       {@value #DEFAULT_ROUNDS}), so a transfer broken once is retried; a mirror that answered
 *       with a 4xx status (e.g. 404; but not 408 or 429, which ask to come back later) is not
 *       asked again for that file;</li>
 *   <li>up to 5 redirects are followed, between http and https too;</li>
 *   <li>connect and read timeouts (the read timeout bounds every wait for data, so a stalled
 *       server cannot hang the program);</li>
 *   <li>each file is written to a temporary {@code .part} file in the same folder, its SHA-256
 *       (of the decompressed bytes) verified, and only then forced to the disk and moved to its
 *       final name; a partial or corrupt file never sits under the final name. A failure to
 *       write there (disk full, read-only file system) ends the download at once: no mirror
 *       would help;</li>
 *   <li>files already in the folder (raw or {@code .gz}) that verify are reused, not fetched again;
 *       one that does not verify is replaced;</li>
 *   <li>progress is reported to a {@link DownloadProgress}; each failed attempt is logged at WARN.</li>
 * </ul>
 * When every attempt fails, a {@link DatasetException} lists each URL tried and why it failed.
 *
 * <pre>
 *   Path dir = MnistDownloader.builder().progress(bar::update).build().download(Mnist.defaultDirectory());
 *   TrainTestData mnist = Mnist.load(dir);
 * </pre>
 * The checksum table is a setting, so the same downloader fetches any dataset in MNIST's
 * layout (e.g. Fashion-MNIST with its mirror and {@link FashionMnist#SHA256}).
 */
public final class MnistDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(MnistDownloader.class);

    /** The mirrors torchvision uses for MNIST, in its order. */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_ROUNDS = 2;

    private static final int CHUNK = 1 << 16;
    /** Redirects followed for one file. */
    private static final int MAX_REDIRECTS = 5;

    private final List<URI> mirrors;
    private final Map<String, String> sha256;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int rounds;
    private final DownloadProgress progress;
    private final Output output;

    private MnistDownloader(Builder b) {
        this.mirrors = List.copyOf(b.mirrors);
        this.sha256 = new MnistFormat.FileSet("checksums", b.sha256, 10).sha256();
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.rounds = b.rounds;
        this.progress = b.progress;
        this.output = b.output;
    }

    /** A builder with the defaults: {@link #MIRRORS}, {@link Mnist#SHA256}, the default timeouts, no progress. */
    public static Builder builder() {
        return new Builder();
    }

    /** Downloads into {@link Mnist#defaultDirectory()}. */
    public Path download() {
        return download(Mnist.defaultDirectory());
    }

    /**
     * Makes sure {@code dir} holds the four verified files, fetching those missing or damaged.
     *
     * @return {@code dir}, ready for {@link Mnist#load(Path)}
     * @throws DatasetException if the folder cannot be created or a file cannot be obtained
     *         from any mirror (the message lists every attempt)
     */
    public Path download(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatasetException(dir.toString(), "cannot create the download folder: " + e, e);
        }
        for (String name : MnistFormat.FILES) {
            Path existing = MnistFormat.locate(dir, name);
            if (existing != null && verifies(existing, name)) {
                LOG.info("Reusing verified {}", existing);
                continue;
            }
            fetch(dir, name);
            if (existing != null && !existing.equals(dir.resolve(name + ".gz"))) {
                // the old file would shadow the new .gz (raw files are preferred): it failed verification
                deleteQuietly(existing);
            }
        }
        return dir;
    }

    private boolean verifies(Path file, String name) {
        try {
            String actual = Sha256.hex(Idx.uncompressed(Idx.readFile(file), file.toString()));
            if (actual.equals(sha256.get(name))) {
                return true;
            }
            LOG.warn("Replacing {}: SHA-256 of its decompressed bytes is {}, expected {}", file, actual,
                    sha256.get(name));
        } catch (DatasetException e) {
            LOG.warn("Replacing {}: {}", file, e.reason());
        }
        return false;
    }

    /** Fetches {@code name.gz} from the mirrors into {@code dir}, or throws listing every attempt. */
    private void fetch(Path dir, String name) {
        String file = name + ".gz";
        Path target = dir.resolve(file);
        List<String> failures = new ArrayList<>();
        Set<URI> refused = new HashSet<>();
        for (int round = 1; round <= rounds; round++) {
            for (URI mirror : mirrors) {
                if (refused.contains(mirror)) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new DatasetException(target.toString(), "download interrupted");
                }
                URI uri = mirror.resolve(file);
                try {
                    attempt(uri, file, name, target);
                    LOG.info("Downloaded {} from {}", target, uri);
                    return;
                } catch (AttemptFailed e) {
                    failures.add(uri + ": " + e.getMessage());
                    if (e.permanent) {
                        refused.add(mirror);
                    }
                    LOG.warn("Download of {} from {} failed: {}", file, uri, e.getMessage());
                }
            }
        }
        StringBuilder msg = new StringBuilder("could not be downloaded (" + rounds + " round"
                + (rounds == 1 ? "" : "s") + " over " + mirrors.size() + " mirror" + (mirrors.size() == 1 ? "" : "s")
                + "):");
        for (String f : failures) {
            msg.append("\n  ").append(f);
        }
        if (sha256.equals(Mnist.SHA256)) {
            msg.append('\n').append(Mnist.instructions(dir));
        }
        throw new DatasetException(target.toString(), msg.toString());
    }

    /** One transfer into a temporary file, verified, then moved to {@code target}. */
    private void attempt(URI uri, String file, String name, Path target) throws AttemptFailed {
        Path temp;
        try {
            temp = AtomicFiles.temporaryFor(target);
        } catch (IOException e) {
            throw new DatasetException(target.toString(), "cannot create a temporary file: " + e, e);
        }
        try {
            try (OutputStream out = output.open(temp)) {
                transfer(uri, file, out, target);
            }
            byte[] content = Idx.readFile(temp); // a local failure, not the mirror's: thrown as it is
            byte[] raw;
            try {
                raw = Idx.uncompressed(content, uri.toString());
            } catch (DatasetException e) {
                throw new AttemptFailed(e.reason(), false);
            }
            String actual = Sha256.hex(raw);
            String expected = sha256.get(name);
            if (!actual.equals(expected)) {
                throw new AttemptFailed("wrong content: SHA-256 of the decompressed bytes is " + actual
                        + ", expected " + expected, false);
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } catch (IOException e) {
            throw cannotStore(target, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** A local failure (disk full, read-only file system): another mirror would not help. */
    private static DatasetException cannotStore(Path target, IOException e) {
        return new DatasetException(target.toString(), "cannot store the download: " + e, e);
    }

    /**
     * Fetches {@code uri} into {@code out}, following up to {@value #MAX_REDIRECTS} redirects by
     * hand (the JDK follows none from http to https). Failures of the server or the network throw
     * {@link AttemptFailed}, a failure to write {@code out} a {@link DatasetException}.
     */
    private void transfer(URI uri, String file, OutputStream out, Path target) throws AttemptFailed {
        URI current = uri;
        try {
            for (int redirects = 0; ; redirects++) {
                HttpURLConnection http = open(current);
                try {
                    int status = http.getResponseCode();
                    if (status == HttpURLConnection.HTTP_OK) {
                        receive(http, uri, file, out, target);
                        return;
                    }
                    current = redirect(http, status, current, redirects);
                } catch (SocketTimeoutException e) {
                    throw new AttemptFailed(e.getMessage() + " (connect timeout " + millis(connectTimeout)
                            + " ms, read timeout " + millis(readTimeout) + " ms)", false);
                } catch (IOException e) {
                    throw new AttemptFailed(e.toString(), false);
                } finally {
                    http.disconnect();
                }
            }
        } catch (AttemptFailed e) {
            if (current.equals(uri)) {
                throw e;
            }
            throw new AttemptFailed(e.getMessage() + " (redirected to " + current + ")", e.permanent);
        }
    }

    private HttpURLConnection open(URI uri) throws AttemptFailed {
        URLConnection connection;
        try {
            connection = uri.toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new AttemptFailed("cannot open: " + e, true);
        }
        HttpURLConnection http = (HttpURLConnection) connection;
        http.setInstanceFollowRedirects(false);
        http.setConnectTimeout(millis(connectTimeout));
        http.setReadTimeout(millis(readTimeout));
        http.setRequestProperty("User-Agent", "backprop-datasets");
        return http;
    }

    /**
     * Where a redirect ({@code 3xx} with a {@code Location}) from {@code from} leads; for any other
     * status, or a redirect not to be followed, throws. Only a 4xx is permanent, and not 408
     * (request timeout) or 429 (too many requests), which ask to come back later.
     */
    private static URI redirect(HttpURLConnection http, int status, URI from, int redirects)
            throws AttemptFailed, IOException {
        String what = "HTTP " + status + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage());
        String location = http.getHeaderField("Location");
        if (status / 100 != 3) {
            throw new AttemptFailed(what, status / 100 == 4 && status != 408 && status != 429);
        }
        if (location == null) {
            throw new AttemptFailed(what + " without a Location header", false);
        }
        if (redirects == MAX_REDIRECTS) {
            throw new AttemptFailed(what + " to " + location + ": more than " + MAX_REDIRECTS + " redirects", false);
        }
        URI to;
        try {
            to = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new AttemptFailed(what + " to an invalid Location: " + location, false);
        }
        if (!"http".equalsIgnoreCase(to.getScheme()) && !"https".equalsIgnoreCase(to.getScheme())) {
            throw new AttemptFailed(what + " to " + to + ", not an http or https URL", false);
        }
        return to;
    }

    /** The body of a 200 response into {@code out}, which must hold all of it. */
    private void receive(HttpURLConnection http, URI uri, String file, OutputStream out, Path target)
            throws AttemptFailed, IOException {
        long total = http.getContentLengthLong();
        long received = 0;
        progress.update(file, uri, 0, total);
        try (InputStream in = http.getInputStream()) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = read(in, buffer, total)) >= 0) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw cannotStore(target, e);
                }
                received += n;
                progress.update(file, uri, received, total);
                if (Thread.currentThread().isInterrupted()) {
                    throw new AttemptFailed("interrupted after " + received + " bytes", false);
                }
            }
        }
        if (total >= 0 && received != total) {
            throw new AttemptFailed("transfer broken: received " + received + " of " + total + " bytes", false);
        }
    }

    /**
     * The next bytes of a transfer, or -1 at its end. A connection closed before the announced
     * length is the end too (Java 17 reads it so, later JDKs throw "Premature EOF"), so that
     * {@link #transfer} reports the same broken transfer with the bytes received on any JDK.
     */
    private static int read(InputStream in, byte[] buffer, long total) throws IOException {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (total < 0) {
                throw e;
            }
            LOG.debug("Transfer ended early: {}", e.toString());
            return -1;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", p, e.toString());
        }
    }

    @Override
    public String toString() {
        return "MnistDownloader(mirrors=" + mirrors + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", rounds=" + rounds + ")";
    }

    /** Opens the temporary file a transfer is written to; tests put in one that fails. */
    @FunctionalInterface
    interface Output {
        OutputStream open(Path temp) throws IOException;
    }

    /** Why one attempt failed; {@code permanent} when asking that mirror again is pointless (most 4xx). */
    private static final class AttemptFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean permanent;

        AttemptFailed(String message, boolean permanent) {
            super(message, null, false, false);
            this.permanent = permanent;
        }
    }

    /** Settings of a {@link MnistDownloader}; every one is checked when set. */
    public static final class Builder {
        private List<URI> mirrors = MIRRORS;
        private Map<String, String> sha256 = Mnist.SHA256;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int rounds = DEFAULT_ROUNDS;
        private DownloadProgress progress = DownloadProgress.NONE;
        private Output output = temp -> Files.newOutputStream(temp);

        private Builder() {
        }

        /**
         * The mirrors, tried in order: http or https folder URLs; a missing trailing {@code /}
         * is added.
         */
        public Builder mirrors(List<URI> mirrors) {
            if (mirrors.isEmpty()) {
                throw new IllegalArgumentException("No mirrors given");
            }
            List<URI> checked = new ArrayList<>();
            for (URI m : mirrors) {
                String scheme = m.getScheme();
                if (!"http".equals(scheme) && !"https".equals(scheme) || m.getHost() == null) {
                    throw new IllegalArgumentException("Invalid mirror: " + m + " (must be an http or https URL)");
                }
                checked.add(m.toString().endsWith("/") ? m : URI.create(m + "/"));
            }
            this.mirrors = checked;
            return this;
        }

        /**
         * The files to fetch and the SHA-256 of each one's decompressed bytes, keyed by the four
         * names of {@link Mnist#FILES} (default {@link Mnist#SHA256}).
         */
        public Builder checksums(Map<String, String> sha256) {
            new MnistFormat.FileSet("checksums", sha256, 10); // validates names and hex digits
            this.sha256 = new LinkedHashMap<>(sha256);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** The longest wait for data from the server, before the response and during the body. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /** How many times the whole mirror list may be tried for one file (at least 1). */
        public Builder rounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("Invalid rounds: " + rounds + " (must be >= 1)");
            }
            this.rounds = rounds;
            return this;
        }

        public Builder progress(DownloadProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Where transfers are written: for tests of local write failures. */
        Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        public MnistDownloader build() {
            return new MnistDownloader(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() == 0) {
                throw new IllegalArgumentException("Invalid " + what + ": " + d + " (must be at least 1 ms)");
            }
            return d;
        }
    }
}
