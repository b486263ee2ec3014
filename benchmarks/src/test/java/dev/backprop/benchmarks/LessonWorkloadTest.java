package dev.backprop.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarks are built, not run: this checks what they run and that JMH found them. */
class LessonWorkloadTest {

    @Test
    void theEpochsTrainTheLessonNetworkDeterministically() {
        LessonWorkload a = LessonWorkload.random(640, 128);
        double first = a.fullBatchEpoch();
        double later = first;
        for (int epoch = 0; epoch < 4; epoch++) {
            later = a.fullBatchEpoch();
        }
        assertTrue(Double.isFinite(first) && later < first, "validation loss " + first + " -> " + later);
        double miniBatchLosses = a.miniBatchEpoch();   // 10 steps of 64
        assertTrue(Double.isFinite(miniBatchLosses) && miniBatchLosses > 0, "sum of step losses " + miniBatchLosses);

        LessonWorkload b = LessonWorkload.random(640, 128);
        assertEquals(first, b.fullBatchEpoch(), 0.0, "same seed, same epoch");
        assertEquals("LessonWorkload(random data of MNIST's shape: x [640, 784], validation [128, 784], "
                + a.network() + ")", a.toString());
    }

    @Test
    void jmhGeneratedEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = LessonWorkload.class.getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList: the JMH annotation processor did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // One line per benchmark, naming its generated harness class <Class>_<method>_jmhTest.
        for (String benchmark : List.of("EpochBenchmark_fullBatchEpoch", "EpochBenchmark_miniBatchEpoch",
                "GemmBenchmark_nn", "GemmBenchmark_tn")) {
            assertTrue(list.contains(" dev.backprop.benchmarks.jmh_generated." + benchmark + "_jmhTest "),
                    benchmark + " in\n" + list);
        }
        assertEquals(4, list.lines().filter(line -> line.startsWith("JMH ")).count(), list);
    }
}
