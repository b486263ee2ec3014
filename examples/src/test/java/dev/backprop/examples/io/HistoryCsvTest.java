package dev.backprop.examples.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistoryCsvTest {

    @Test
    void writesHeaderAndOneRowPerEpochInFullPrecision(@TempDir Path dir) throws IOException {
        double[] train = {0.1 + 0.2, 0.006251234567890123};
        double[] validation = {1.0 / 3.0, 0.0073};
        Path file = dir.resolve("history.csv");
        HistoryCsv.write(file, train, validation);
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("epoch,train_loss,validation_loss",
                "1,0.30000000000000004,0.3333333333333333",
                "2,0.006251234567890123,0.0073"), lines);
        // Every value reads back to the same double.
        assertEquals(train[1], Double.parseDouble(lines.get(2).split(",")[1]));
    }

    @Test
    void missingValidationLeavesTheFieldEmpty() {
        assertEquals("epoch,train_loss,validation_loss\n1,0.5,\n2,0.25,0.125\n",
                HistoryCsv.format(new double[] {0.5, 0.25}, new double[] {Double.NaN, 0.125}));
        assertEquals("epoch,train_loss,validation_loss\n1,0.5,\n", HistoryCsv.format(new double[] {0.5}, null));
    }

    @Test
    void rejectsHistoriesOfDifferentLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistoryCsv.format(new double[2], new double[3]));
        assertEquals("History: 2 train losses but 3 validation losses", e.getMessage());
    }
}
