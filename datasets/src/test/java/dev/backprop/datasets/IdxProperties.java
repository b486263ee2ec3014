package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Provide
    Arbitrary<Damage> damage() {
        Arbitrary<int[]> mutation = Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 255)).as((position, value) -> new int[] {position, value});
        Arbitrary<Integer> truncation = Arbitraries.oneOf(Arbitraries.just(-1),
                Arbitraries.integers().between(0, Integer.MAX_VALUE));
        return Combinators.combine(Arbitraries.of(Mnist.FILES), Arbitraries.of(true, false), truncation,
                mutation.list().ofMinSize(0).ofMaxSize(3))
                .filter((file, gzip, truncateTo, mutations) -> truncateTo >= 0 || !mutations.isEmpty())
                .as(Damage::new);
    }

    private static byte[] original(Damage d) {
        return d.gzip() ? FakeMnist.gzip().get(d.file()) : FakeMnist.raw().get(d.file());
    }

    @Property(tries = 1000)
    void aDamagedIdxFileReadsOrFailsWithDatasetException(@ForAll("damage") Damage damage) {
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

    @Property(tries = 1000)
    void aDamagedDatasetLoadsTheSameDataOrFailsWithDatasetException(@ForAll("damage") Damage damage) {
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
