package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static dev.backprop.core.PropertyCheck.bool;
import static dev.backprop.core.PropertyCheck.forAll;
import static dev.backprop.core.PropertyCheck.intBetween;

import dev.backprop.core.RandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Damaged files never escape as anything but a {@link DatasetException}: random byte mutations
 * and truncations of valid raw and gzip IDX files, read on their own and as part of a verified
 * MNIST-layout dataset.
 */
class IdxProperties {

    /** Which file, raw or gzip, and what happens to its bytes. */
    record Damage(String file, boolean gzip, int truncateTo, List<int[]> mutations) {

        byte[] apply(byte[] content) {
            byte[] b = truncateTo >= 0 ? Arrays.copyOf(content, truncateTo % content.length) : content.clone();
            for (int[] m : mutations) {
                if (b.length > 0) {
                    b[m[0] % b.length] = (byte) m[1];
                }
            }
            return b;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(file + (gzip ? ".gz" : "") + ":");
            if (truncateTo >= 0) {
                s.append(" truncated to ").append(truncateTo).append(" mod length;");
            }
            mutations.forEach(m -> s.append(" byte ").append(m[0]).append(" mod length := ").append(m[1]).append(';'));
            return s.toString();
        }
    }

    /** At least one change: a truncation, 1..3 byte mutations, or both (no case is filtered out). */
    static Damage damage(RandomState r) {
        String file = Mnist.FILES.get(intBetween(r, 0, Mnist.FILES.size() - 1));
        boolean gzip = bool(r);
        int truncateTo = bool(r) ? intBetween(r, 0, Integer.MAX_VALUE - 1) : -1;
        int count = intBetween(r, truncateTo >= 0 ? 0 : 1, 3);
        List<int[]> mutations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mutations.add(new int[] {intBetween(r, 0, Integer.MAX_VALUE - 1), intBetween(r, 0, 255)});
        }
        return new Damage(file, gzip, truncateTo, mutations);
    }

    private static byte[] original(Damage d) {
        return d.gzip() ? FakeMnist.gzip().get(d.file()) : FakeMnist.raw().get(d.file());
    }

    @Test
    void aDamagedIdxFileReadsOrFailsWithDatasetException() {
        forAll("damaged IDX file", 1000, 4000L, IdxProperties::damage, IdxProperties::readOrFail);
    }

    private static void readOrFail(Damage damage) {
        byte[] damaged = damage.apply(original(damage));
        try {
            Idx.decode(damaged, "damaged");
        } catch (DatasetException expected) {
            assertEquals("damaged", expected.source());
        }
        if (damage.truncateTo() >= 0 && damage.mutations().isEmpty()) {
            // a cut-off file is always detected: the payload (raw) or the gzip trailer (gzip) is short
            assertThrows(DatasetException.class, () -> Idx.decode(damaged, "truncated"));
        }
    }

    @Test
    void aDamagedDatasetLoadsTheSameDataOrFailsWithDatasetException() {
        forAll("damaged dataset", 1000, 5000L, IdxProperties::damage, IdxProperties::loadSameOrFail);
    }

    private static void loadSameOrFail(Damage damage) {
        Map<String, byte[]> contents = new LinkedHashMap<>(damage.gzip() ? FakeMnist.gzip() : FakeMnist.raw());
        contents.put(damage.file(), damage.apply(contents.get(damage.file())));
        try {
            TrainTestData loaded = MnistFormat.fromContents(FakeMnist.fileSet(), contents, name -> name);
            assertEquals(FakeMnist.expected(), loaded, "a damaged dataset that loads must hold the original data");
        } catch (DatasetException expected) {
            assertEquals(true, expected.getMessage().startsWith(expected.source() + ": "), expected.getMessage());
        }
    }
}
