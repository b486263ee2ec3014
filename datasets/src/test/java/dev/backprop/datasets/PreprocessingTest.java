package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.core.RandomState;
import dev.backprop.core.Tensor;
import org.junit.jupiter.api.Test;

/** Expected values come from numpy 2.4.6 (the lesson's {@code normalize}, {@code np.sum}). */
class PreprocessingTest {

    @Test
    void pairwiseSumIsNumpysOrder() {
        int[] n = {1, 7, 8, 9, 16, 127, 128, 129, 300, 784, 1000};
        // np.sum(x) for x = ((i * 7919) % 1000) / 7.0 + (1e8 where i % 97 == 0), i = 0..n-1
        String[] numpy = {"0x1.7d78400000000p+26", "0x1.7d78d98924925p+26", "0x1.7d78e8fffffffp+26",
            "0x1.7d78f59249248p+26", "0x1.7d7967b6db6dbp+26", "0x1.7d7ca38db6db6p+27", "0x1.7d7cb04924924p+27",
            "0x1.7d7cbb924924ap+27", "0x1.7d7d7ca000000p+28", "0x1.ad2e1ed249249p+29", "0x1.064706f492492p+30"};
        for (int k = 0; k < n.length; k++) {
            double[] x = new double[n[k] + 3];
            for (int i = 0; i < n[k]; i++) {
                x[i + 3] = ((i * 7919) % 1000) / 7.0 + (i % 97 == 0 ? 1e8 : 0.0);
            }
            assertEquals(Double.parseDouble(numpy[k]), Preprocessing.pairwiseSum(x, 3, n[k]), 0.0, "n = " + n[k]);
        }
    }

    @Test
    void standardizePerSampleIsTheLessonsNormalize() {
        Tensor x = Tensor.fromRows(new double[] {1, 2, 3, 4}, new double[] {0, 0, 255, 10}, new double[] {3, 3, 3, 4});
        Tensor expected = Tensor.fromRows(
                hex("-0x1.5775c544ff263p+0", "-0x1.c9f25c5bfedd9p-2", "0x1.c9f25c5bfedd9p-2", "0x1.5775c544ff263p+0"),
                hex("-0x1.370bd707adae5p-1", "-0x1.370bd707adae5p-1", "0x1.bb181c9499399p+0", "-0x1.08188b19d7167p-1"),
                hex("-0x1.279a74590331dp-1", "-0x1.279a74590331dp-1", "-0x1.279a74590331dp-1", "0x1.bb67ae8584cabp+0"));
        Tensor copy = x.copy();
        assertEquals(expected, Preprocessing.standardizePerSample(x));
        assertEquals(copy, x, "standardizePerSample leaves its input alone");
        assertSame(x, Preprocessing.standardizePerSampleInPlace(x));
        assertEquals(expected, x);
    }

    @Test
    void constantRowIsAnErrorNotNaN() {
        Tensor x = Tensor.fromRows(new double[] {1, 2}, new double[] {7, 7});
        assertEquals("standardizePerSample: row 1 is constant (every value 7.0), its std is 0 so it cannot be"
                + " scaled to std 1", assertThrows(IllegalArgumentException.class,
                        () -> Preprocessing.standardizePerSample(x)).getMessage());
        Tensor nan = Tensor.fromRows(new double[] {1, Double.NaN});
        assertEquals("standardizePerSample: row 0 holds NaN or infinite values (mean NaN, std NaN)",
                assertThrows(IllegalArgumentException.class, () -> Preprocessing.standardizePerSample(nan)).getMessage());
        assertEquals("standardizePerSample: expected [n, features], got [2, 2, 2] (flatten first)",
                assertThrows(IllegalArgumentException.class,
                        () -> Preprocessing.standardizePerSample(Tensor.zeros(2, 2, 2))).getMessage());
    }

    @Test
    void constantRowsAreFoundEvenWhenTheirComputedStdIsNotZero() {
        // 5 / 255 in each of 784 pixels: numpy's mean is off by an ulp, so its std is 6.9e-18, not 0
        Tensor faint = Preprocessing.scaleToUnitRange(Tensor.filled(5, 1, 784));
        assertEquals("standardizePerSample: row 0 is constant (every value " + 5 / 255.0 + "), its std is 0 so it"
                + " cannot be scaled to std 1", assertThrows(IllegalArgumentException.class,
                        () -> Preprocessing.standardizePerSample(faint)).getMessage());
        Tensor tenths = Tensor.fromRows(new double[] {1, 2, 3}, new double[] {0.1, 0.1, 0.1});
        assertEquals("standardizePerSample: row 1 is constant (every value 0.1), its std is 0 so it cannot be"
                + " scaled to std 1", assertThrows(IllegalArgumentException.class,
                        () -> Preprocessing.standardizePerSample(tenths)).getMessage());
        assertEquals("GlobalStandardizer.fit: every value is 0.1, std 0 cannot be scaled to std 1",
                assertThrows(IllegalArgumentException.class, () -> GlobalStandardizer.fit(Tensor.filled(0.1, 1, 3)))
                        .getMessage());
        // not constant, but the squared deviations (1e-400) underflow to 0
        Tensor tiny = Tensor.fromRows(new double[] {0, 2e-200});
        assertEquals("standardizePerSample: row 0 varies too little, its std underflows to 0 so it cannot be"
                + " scaled to std 1", assertThrows(IllegalArgumentException.class,
                        () -> Preprocessing.standardizePerSample(tiny)).getMessage());
    }

    @Test
    void emptyBatchesAndRowsWithoutFeatures() {
        Tensor flat = Preprocessing.flatten(Tensor.zeros(0, 28, 28));
        assertArrayEquals(new int[] {0, 784}, flat.shape());
        assertArrayEquals(new int[] {5, 0}, Preprocessing.flatten(Tensor.zeros(5, 0, 28)).shape());
        assertEquals(flat, Preprocessing.standardizePerSample(flat), "an empty batch has nothing to standardize");
        assertEquals("standardizePerSample: the rows of [3, 0] have no features, so they have no mean or std",
                assertThrows(IllegalArgumentException.class,
                        () -> Preprocessing.standardizePerSample(Tensor.zeros(3, 0))).getMessage());
    }

    @Test
    void readOnlyInputsAreReadNotRefused() {
        Tensor x = new RandomState(3).rand(4, 2, 3);
        Tensor readOnly = x.copy().readOnly();
        Tensor flat = Preprocessing.flatten(readOnly);
        assertArrayEquals(new int[] {4, 6}, flat.shape());
        assertTrue(flat.isReadOnly(), "a view of read-only values stays read-only");
        assertEquals(Preprocessing.flatten(x), flat);
        assertEquals(Preprocessing.standardizePerSample(Preprocessing.flatten(x)), Preprocessing.standardizePerSample(flat));
        assertEquals(GlobalStandardizer.fit(x).mean(), GlobalStandardizer.fit(readOnly).mean());
        assertEquals(GlobalStandardizer.fit(x).std(), GlobalStandardizer.fit(readOnly).std());
        assertEquals(GlobalStandardizer.fit(x).apply(x), GlobalStandardizer.fit(readOnly).apply(readOnly));
        Tensor empty = Preprocessing.flatten(Tensor.zeros(0, 28, 28).readOnly());
        assertArrayEquals(new int[] {0, 784}, empty.shape());
        assertTrue(empty.isReadOnly());
    }

    @Test
    void flattenIsAView() {
        Tensor images = Tensor.zeros(5, 28, 28);
        Tensor flat = Preprocessing.flatten(images);
        assertArrayEquals(new int[] {5, 784}, flat.shape());
        flat.set(3.0, 4, 783);
        assertEquals(3.0, images.get(4, 27, 27));
        assertEquals("flatten: expected [n, ...] with at least 2 dimensions, got [5]",
                assertThrows(IllegalArgumentException.class, () -> Preprocessing.flatten(Tensor.zeros(5))).getMessage());
    }

    @Test
    void scaleToUnitRange() {
        Tensor x = Tensor.fromRows(new double[] {0, 51, 255});
        assertEquals(Tensor.fromRows(new double[] {0, 0.2, 1}), Preprocessing.scaleToUnitRange(x));
        Tensor bad = Tensor.fromRows(new double[] {0, 256});
        assertEquals("scaleToUnitRange: value 256.0 at flat index 1 is not a pixel value in [0, 255]",
                assertThrows(IllegalArgumentException.class, () -> Preprocessing.scaleToUnitRangeInPlace(bad)).getMessage());
        assertEquals(Tensor.fromRows(new double[] {0, 256}), bad, "nothing changed on error");
    }

    @Test
    void globalStandardizerFitsOnTrainAndIsReused() {
        Tensor train = Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4});
        GlobalStandardizer s = GlobalStandardizer.fit(train);
        assertEquals(2.5, s.mean());
        assertEquals(Math.sqrt(1.25), s.std());
        assertEquals("GlobalStandardizer(mean=2.5, std=1.118033988749895)", s.toString());
        Tensor test = Tensor.fromRows(new double[] {2.5, 2.5 + Math.sqrt(1.25)});
        assertEquals(Tensor.fromRows(new double[] {0, 1}), s.apply(test));
        assertEquals(test, s.invert(s.apply(test)));
        Tensor standardized = s.apply(train);
        assertEquals(0.0, standardized.mean(), 1e-15);
        assertEquals("GlobalStandardizer.fit: every value is 4.0, std 0 cannot be scaled to std 1",
                assertThrows(IllegalArgumentException.class, () -> GlobalStandardizer.fit(Tensor.filled(4.0, 3, 3)))
                        .getMessage());
        assertEquals("Invalid std: 0.0 (must be finite and > 0)",
                assertThrows(IllegalArgumentException.class, () -> new GlobalStandardizer(0, 0)).getMessage());
    }

    @Test
    void globalStandardizerOnTheSampleMatchesNumpy() {
        // x_train.mean(), x_train.std() of the sample's training images, from numpy
        GlobalStandardizer s = GlobalStandardizer.fit(Mnist.sample().train().images());
        assertEquals(Double.parseDouble("0x1.0c3421d3ab206p+5"), s.mean(), 1e-12);
        assertEquals(Double.parseDouble("0x1.3b28253a8b93ep+6"), s.std(), 1e-12);
    }

    @Test
    void targets() {
        assertEquals(Tensor.of(new double[] {0.0, 0.9, 0.3}, 3, 1), Targets.scaled(new int[] {0, 9, 3}, 10.0));
        assertEquals(Tensor.fromRows(new double[] {0, 0, 1}, new double[] {1, 0, 0}), Targets.oneHot(new int[] {2, 0}, 3));
        assertEquals("oneHot: label 3 at index 1 is outside 0..2", assertThrows(IllegalArgumentException.class,
                () -> Targets.oneHot(new int[] {2, 3}, 3)).getMessage());
        assertEquals("Invalid divisor: 0.0 (must be finite and non-zero)", assertThrows(IllegalArgumentException.class,
                () -> Targets.scaled(new int[] {1}, 0.0)).getMessage());
    }

    private static double[] hex(String... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.parseDouble(values[i]);
        }
        return d;
    }
}
