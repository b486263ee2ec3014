package dev.backprop.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backprop.core.RandomState;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** Ten 1 x 2 images whose label and pixels name their position. */
    static LabeledImages ten() {
        byte[] pixels = new byte[20];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            pixels[2 * i] = (byte) i;
            pixels[2 * i + 1] = (byte) (100 + i);
            labels[i] = i;
        }
        return new LabeledImages(pixels, labels, 1, 2, 10);
    }

    @Test
    void firstPartOfThePermutationIsValidation() {
        // np.random.seed(7); np.random.permutation(10) = [8 5 0 2 1 9 7 3 6 4]; int(0.2 * 10) = 2
        Split split = ten().split(0.2, new RandomState(7));
        assertArrayEquals(new int[] {8, 5}, split.validationIndices());
        assertArrayEquals(new int[] {0, 2, 1, 9, 7, 3, 6, 4}, split.trainIndices());
        assertArrayEquals(new int[] {8, 5}, split.validation().labels());
        assertArrayEquals(new int[] {0, 2, 1, 9, 7, 3, 6, 4}, split.train().labels());
        assertEquals(109, split.validation().pixel(0, 1) + 1);
        assertEquals(ten().subset(new int[] {0, 2, 1, 9, 7, 3, 6, 4}), split.train());
        assertEquals("Split(train 8, validation 2)", split.toString());
    }

    @Test
    void sizeIsTheTruncatedProduct() {
        assertEquals(12000, Split.validationSize(60000, 0.2));
        assertEquals(3, Split.validationSize(10, 0.35));
        assertEquals(1, Split.validationSize(10, 0.1));
    }

    @Test
    void badFractions() {
        assertEquals("Invalid validation fraction: 1.0 (must be in (0, 1))",
                assertThrows(IllegalArgumentException.class, () -> Split.validationSize(10, 1.0)).getMessage());
        assertEquals("Invalid validation fraction: NaN (must be in (0, 1))",
                assertThrows(IllegalArgumentException.class, () -> Split.validationSize(10, Double.NaN)).getMessage());
        assertEquals("Validation fraction 0.05 of 10 samples leaves the validation set empty",
                assertThrows(IllegalArgumentException.class, () -> ten().split(0.05, new RandomState(0))).getMessage());
    }

    @Test
    void negativeSampleCount() {
        assertEquals("Invalid number of samples: -10 (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> Split.validationSize(-10, 0.2)).getMessage());
    }

    @Test
    void selectionsTooLargeForAnArrayAreRefusedBeforeAllocating() {
        // one image of 65536 pixels; 32768 of it are 2^31 values, which int arithmetic makes negative
        LabeledImages wide = new LabeledImages(new byte[65536], new int[1], 1, 65536, 10);
        int[] indices = new int[32768];
        assertEquals("images: 32768 images of 65536 pixels are 2147483648 values, more than a Java array can hold",
                assertThrows(IllegalArgumentException.class, () -> wide.images(indices)).getMessage());
        assertEquals("subset: 32768 images of 65536 pixels are 2147483648 values, more than a Java array can hold",
                assertThrows(IllegalArgumentException.class, () -> wide.subset(indices)).getMessage());
    }

    @Test
    void labeledImagesAccessors() {
        LabeledImages t = ten();
        assertEquals(2, t.features());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, t.labelCounts());
        assertEquals(dev.backprop.core.Tensor.fromRows(new double[] {3, 103}, new double[] {0, 100}),
                t.images(new int[] {3, 0}));
        assertEquals(dev.backprop.core.Tensor.fromRows(new double[] {9, 109}), t.images(9, 10));
        assertArrayEquals(new int[] {9, 1}, t.labels(new int[] {9, 1}));
        assertEquals(t.slice(2, 4), t.subset(new int[] {2, 3}));
        assertEquals(t, LabeledImages.of(t.imagesIdx(), t.labelsIdx(), 10));
        assertEquals("image 10 outside [0, 10)", assertThrows(IndexOutOfBoundsException.class, () -> t.label(10)).getMessage());
        assertEquals("label 10 at index 9 is outside 0..9", assertThrows(IllegalArgumentException.class,
                () -> LabeledImages.of(t.imagesIdx(), new IdxArray(new int[] {10}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 10}), 10))
                .getMessage());
    }
}
