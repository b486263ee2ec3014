package dev.backprop.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of backprop in one JVM, their epochs taken in turn, to tell whether a change made
 * the lesson's workload faster. On a shared virtual machine the same code runs up to twice as
 * fast in one launch as in the next, and changes speed within a launch too, so medians of
 * separate launches (JMH forks included) often cannot tell a 15 % change from noise. Here each
 * round times one epoch of each build back to back, the order swapped every round, so both
 * see the same machine; the verdict is the count of rounds the second build won.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx1500m -cp benchmarks/target/benchmarks.jar \
 *     dev.backprop.benchmarks.TwoBuilds [--threads N] [--rounds N] [--warmup N] [--workload full|mini] \
 *     OLD/benchmarks.jar NEW/benchmarks.jar
 * </pre>
 * Each build is a {@code benchmarks.jar} (it holds the whole library), loaded by a class loader
 * of its own, so each has its own {@code Parallelism} threads, kernels and {@link LessonWorkload};
 * a build's idle threads spin for at most 2 ms into the other's epoch. Data: full MNIST when
 * {@code $BACKPROP_DATA} names a folder with it, as for {@link LessonWorkload#create()}, loaded
 * by the first build; the second reads the same arrays ({@link LessonWorkload#of}). With a copy
 * each, the same jar against itself came out 10 % faster or slower depending on the launch:
 * the epochs read 376 MB from memory, and one copy can sit in faster memory than the other.
 * A build from before {@code of} existed loads its own copy (the tool says so).
 */
public final class TwoBuilds {

    private TwoBuilds() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        int rounds = 30;
        int warmup = 8;
        String workload = "full";
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = atLeast("--threads", value(args, ++i), 1);
                case "--rounds" -> rounds = atLeast("--rounds", value(args, ++i), 1);
                case "--warmup" -> warmup = atLeast("--warmup", value(args, ++i), 0);
                case "--workload" -> workload = value(args, ++i);
                default -> jars.add(Path.of(args[i]));
            }
        }
        if (!workload.equals("full") && !workload.equals("mini")) {
            throw new IllegalArgumentException("Invalid --workload: '" + workload + "' (must be full or mini)");
        }
        if (jars.size() != 2) {
            throw new IllegalArgumentException("TwoBuilds needs two benchmarks.jar files, got " + jars
                    + "\nusage: TwoBuilds [--threads N] [--rounds N] [--warmup N] [--workload full|mini] OLD.jar NEW.jar");
        }
        Build first = new Build(jars.get(0), threads, workload, null);
        Build[] builds = {first, new Build(jars.get(1), threads, workload, first)};
        System.out.printf(Locale.ROOT, "%s-batch epochs, %d thread(s), %d warm-up + %d timed rounds, %s%n",
                workload, threads, warmup, rounds, builds[0].source);
        double[][] ms = new double[2][rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            for (int turn = 0; turn < 2; turn++) {
                int b = r % 2 == 0 ? turn : 1 - turn;   // who goes first alternates
                double t = builds[b].epoch();
                if (r >= warmup) {
                    ms[b][r - warmup] = t;
                }
            }
        }
        int wins = 0;
        for (int r = 0; r < rounds; r++) {
            wins += ms[1][r] < ms[0][r] ? 1 : 0;
        }
        for (int b = 0; b < 2; b++) {
            double[] s = ms[b].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%s: median %.1f ms/epoch (quartiles %.1f, %.1f)%n", jars.get(b),
                    s[rounds / 2], s[rounds / 4], s[(3 * rounds) / 4]);
        }
        System.out.printf(Locale.ROOT, "the second was faster in %d of %d rounds%n", wins, rounds);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int atLeast(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid " + option + ": '" + value + "' (must be an integer >= " + min + ")");
    }

    /** One build: its own class loader, thread count and workload. */
    private static final class Build {
        final Object workload;
        final Method epoch;
        final String source;

        /** The build in {@code jar}; on {@code shared}'s data arrays when both builds can share them. */
        Build(Path jar, int threads, String kind, Build shared) throws ReflectiveOperationException, MalformedURLException {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("No such jar: " + jar + " (expected a build's benchmarks/target/benchmarks.jar)");
            }
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            loader.loadClass("dev.backprop.core.Parallelism").getMethod("setThreads", int.class).invoke(null, threads);
            Class<?> type = loader.loadClass(LessonWorkload.class.getName());
            Method of = method(type, "of", double[].class, double[].class, double[].class, double[].class, String.class);
            Method data = shared == null ? null : method(shared.workload.getClass(), "data");
            if (shared != null && (of == null || data == null)) {
                // Older builds cannot share: each has data of its own, and which of the two
                // copies sits in faster memory differs from launch to launch.
                System.out.println("(each build loads its own data: " + (of == null ? jar : "the first build")
                        + " predates LessonWorkload.of; the comparison may lean 10 % either way)");
            }
            if (shared != null && of != null && data != null) {
                double[][] d = (double[][]) data.invoke(shared.workload);
                this.workload = of.invoke(null, d[0], d[1], d[2], d[3], "the first build's data");
            } else {
                this.workload = type.getMethod("create").invoke(null);
            }
            this.epoch = type.getMethod(kind.equals("full") ? "fullBatchEpoch" : "miniBatchEpoch");
            this.source = String.valueOf(type.getMethod("toString").invoke(workload));
        }

        private static Method method(Class<?> type, String name, Class<?>... parameters) {
            try {
                return type.getMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        /** One epoch, in milliseconds. */
        double epoch() throws IllegalAccessException, InvocationTargetException {
            long t0 = System.nanoTime();
            epoch.invoke(workload);
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
