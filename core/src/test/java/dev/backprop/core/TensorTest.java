package dev.backprop.core;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    /** Textbook triple loop, the reference every product is compared with. */
    static Tensor naiveMatmul(Tensor a, Tensor b) {
        int n = a.dim(0);
        int k = a.dim(1);
        int m = b.dim(1);
        Tensor c = Tensor.zeros(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                c.set(s, i, j);
            }
        }
        return c;
    }

    static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    interface Executable {
        void run();
    }

    private static final Tensor A = Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6});

    @Nested
    class Factories {

        @Test
        void zerosFilledOfWrap() {
            assertArrayEquals(new double[6], Tensor.zeros(2, 3).data());
            assertArrayEquals(new double[] {7, 7}, Tensor.filled(7, 2).data());
            double[] raw = {1, 2, 3, 4};
            Tensor copied = Tensor.of(raw, 2, 2);
            Tensor wrapped = Tensor.wrap(raw, 2, 2);
            raw[0] = 9;
            assertEquals(1, copied.get(0, 0));
            assertEquals(9, wrapped.get(0, 0));
            assertSame(raw, wrapped.data());
        }

        @Test
        void vectorScalarFromRows() {
            Tensor v = Tensor.vector(1, 2, 3);
            assertArrayEquals(new int[] {3}, v.shape());
            Tensor s = Tensor.scalar(2.5);
            assertEquals(0, s.rank());
            assertEquals(2.5, s.item());
            assertArrayEquals(new int[] {2, 3}, A.shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, A.data());
        }

        @Test
        void badShapesAreRejectedWithTheValues() {
            assertMessage("negative dimension in shape [2, -1]", () -> Tensor.zeros(2, -1));
            assertMessage("wrap: 5 values do not fill shape [2, 3] (6 values)", () -> Tensor.wrap(new double[5], 2, 3));
            assertMessage("fromRows: row 1 has 2 values, row 0 has 3",
                    () -> Tensor.fromRows(new double[] {1, 2, 3}, new double[] {1, 2}));
            assertMessage("fromRows: no rows given", Tensor::fromRows);
            assertMessage("shape [65536, 65536] has more elements than a Java array can hold",
                    () -> Tensor.zeros(65536, 65536));
        }
    }

    @Nested
    class ShapeAndAccess {
        @Test
        void aBufferReadsAnyTensorWithoutCopyingAndCannotWrite() {
            Tensor t = Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4});
            java.nio.DoubleBuffer b = t.buffer();
            assertEquals(4, b.remaining());
            assertEquals(3.0, b.get(2));
            t.set(9.0, 1, 0);
            assertEquals(9.0, b.get(2), "the tensor's own storage, not a copy");
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> b.put(0, 5.0));
            assertEquals(1.0, t.get(0, 0));
            t.readOnly();
            assertEquals(9.0, t.buffer().get(2), "read-only tensors too");
        }

        @Test
        void aReadOnlyTensorCanBeReadButNotChanged() {
            Tensor x = Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6});
            assertSame(x, x.readOnly());
            assertTrue(x.isReadOnly());
            assertEquals("data(): tensor [2, 3] is read-only (its values cannot change; copy() gives a writable copy)",
                    assertThrows(IllegalStateException.class, x::data).getMessage());
            List<org.junit.jupiter.api.function.Executable> writes = List.of(
                    () -> x.set(0, 0, 0), () -> x.fill(1), () -> x.addInPlace(x.copy()), () -> x.subInPlace(x.copy()),
                    () -> x.mulInPlace(x.copy()), () -> x.divInPlace(x.copy()), () -> x.addScaledInPlace(2, x.copy()),
                    () -> x.addInPlace(1.0), () -> x.mulInPlace(2.0), () -> x.addRowVectorInPlace(Tensor.vector(1, 2, 3)),
                    () -> x.mapInPlace(v -> v), () -> x.sigmoidInPlace(), () -> x.copyFrom(x.copy()),
                    () -> x.reshape(3, 2).data(),
                    () -> Tensor.gemm(false, false, 1, Tensor.zeros(2, 2), Tensor.zeros(2, 3), 0, x),
                    () -> Tensor.zeros(4, 3).sliceRows(0, 2, x), () -> Tensor.zeros(4, 3).gatherRows(new int[] {1, 2}, x),
                    () -> Tensor.zeros(2, 3).sigmoid(x));
            for (org.junit.jupiter.api.function.Executable write : writes) {
                assertTrue(assertThrows(IllegalStateException.class, write).getMessage().contains("is read-only"));
            }
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, x.toArray(), "nothing changed");
            assertTrue(x.reshape(3, 2).isReadOnly(), "a later view is read-only too");
            assertFalse(x.copy().isReadOnly(), "a copy is writable");
            assertEquals(Tensor.fromRows(new double[] {14}, new double[] {32}), x.matmul(Tensor.fromRows(
                    new double[] {1}, new double[] {2}, new double[] {3})));
            assertEquals(21.0, x.sum(), 0.0);
            assertEquals(5.0, x.get(1, 1), 0.0);
            assertFalse(Tensor.zeros(2).isReadOnly());
        }


        @Test
        void dimensions() {
            Tensor t = Tensor.zeros(2, 3, 4);
            assertEquals(3, t.rank());
            assertEquals(24, t.size());
            assertEquals(3, t.dim(1));
            assertEquals(4, t.dim(-1));
            assertEquals(2, t.rows());
            assertEquals(4, t.cols());
            assertEquals(1, Tensor.vector(1, 2).rows());
            assertEquals(2, Tensor.vector(1, 2).cols());
            assertEquals(1, Tensor.scalar(1).cols());
            int[] shape = t.shape();
            shape[0] = 99;
            assertEquals(2, t.dim(0), "shape() must return a copy");
        }

        @Test
        void getSetIsRowMajor() {
            Tensor t = Tensor.zeros(2, 3);
            t.set(5, 1, 2);
            assertEquals(5, t.data()[5]);
            assertEquals(6, A.get(1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> A.get(2, 0));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> A.get(0, -1));
            assertEquals("index [0, -1] out of bounds for shape [2, 3]", e.getMessage());
            assertMessage("index [0] for shape [2, 3]", () -> A.get(0));
        }

        @Test
        void itemNeedsExactlyOneElement() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.vector(1, 2).item());
            assertEquals("item: tensor of shape [2] has 2 elements, expected 1", e.getMessage());
            assertEquals(3, Tensor.filled(3, 1, 1).item());
        }

        @Test
        void copyIsDeepAndCopyFromChecksShape() {
            Tensor c = A.copy();
            c.set(0, 0, 0);
            assertEquals(1, A.get(0, 0));
            Tensor target = Tensor.zeros(2, 3);
            assertSame(target, target.copyFrom(A));
            assertEquals(A, target);
            assertMessage("copyFrom: [3, 2] vs [2, 3]", () -> Tensor.zeros(3, 2).copyFrom(A));
        }

        @Test
        void reshapeIsAViewAndInfersMinusOne() {
            Tensor t = A.copy();
            Tensor r = t.reshape(3, -1);
            assertArrayEquals(new int[] {3, 2}, r.shape());
            assertArrayEquals(new int[] {6}, t.reshape(-1).shape());
            assertArrayEquals(new int[] {1, 2, 3}, t.reshape(1, -1, 3).shape());
            r.set(42, 2, 1);
            assertEquals(42, t.get(1, 2), "reshape shares storage");
            assertMessage("reshape: [2, 3] to [4, -1]", () -> A.reshape(4, -1));
            assertMessage("reshape: [2, 3] to [-1, -1]", () -> A.reshape(-1, -1));
            assertMessage("reshape: [2, 3] to [7]", () -> A.reshape(7));
            assertMessage("reshape: [2, 3] to [0, 6]", () -> A.reshape(0, 6));
        }

        @Test
        void transposeCopies() {
            Tensor t = A.transpose();
            assertEquals(Tensor.fromRows(new double[] {1, 4}, new double[] {2, 5}, new double[] {3, 6}), t);
            t.set(0, 0, 0);
            assertEquals(1, A.get(0, 0));
            assertMessage("transpose: expected a matrix, got shape [3]", () -> Tensor.vector(1, 2, 3).transpose());
        }

        @Test
        void sliceAndGatherRows() {
            Tensor m = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);
            assertEquals(Tensor.of(new double[] {2, 3, 4, 5}, 2, 2), m.sliceRows(1, 3));
            assertEquals(Tensor.zeros(0, 2), m.sliceRows(2, 2));
            assertEquals(Tensor.of(new double[] {6, 7, 0, 1, 6, 7}, 3, 2), m.gatherRows(new int[] {3, 0, 3}));
            assertEquals(Tensor.vector(2, 3), Tensor.vector(1, 2, 3).sliceRows(1, 3));
            assertMessage("sliceRows: [3, 5) of [4, 2]", () -> m.sliceRows(3, 5));
            Tensor out = Tensor.zeros(2, 2);
            assertSame(out, m.sliceRows(1, 3, out));
            assertEquals(m.sliceRows(1, 3), out);
            assertMessage("sliceRows: [3, 5) of [4, 2]", () -> m.sliceRows(3, 5, out));
            assertMessage("sliceRows: out must have shape [2, 2], got [3, 2]", () -> m.sliceRows(1, 3, Tensor.zeros(3, 2)));
            assertMessage("sliceRows: out must have shape [2, 2], got null", () -> m.sliceRows(1, 3, null));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> m.gatherRows(new int[] {0, 4}));
            assertEquals("gatherRows: index 4 at position 1 outside [0, 4)", e.getMessage());
            Tensor gathered = Tensor.filled(Double.NaN, 3, 2);
            assertSame(gathered, m.gatherRows(new int[] {3, 0, 3}, gathered));
            assertEquals(m.gatherRows(new int[] {3, 0, 3}), gathered);
            assertMessage("gatherRows: out must have shape [3, 2], got [2, 2]", () -> m.gatherRows(new int[] {3, 0, 3}, out));
            assertMessage("gatherRows: scalar tensor has no rows", () -> Tensor.scalar(1).gatherRows(new int[0]));
        }

        /** A gather large enough to be shared out on the threads copies every row, on any thread count. */
        @Test
        void aLargeGatherCopiesEveryRow() {
            int threads = Parallelism.threads();
            try {
                Tensor x = new RandomState(4).rand(500, 784);
                int[] rows = new RandomState(5).randint(0, 500, 100);
                for (int t : new int[] {1, 2, 3}) {
                    Parallelism.setThreads(t);
                    Tensor gathered = x.gatherRows(rows, Tensor.filled(Double.NaN, 100, 784));
                    for (int i = 0; i < rows.length; i++) {
                        assertEquals(x.sliceRows(rows[i], rows[i] + 1), gathered.sliceRows(i, i + 1), t + " threads: row " + i);
                    }
                }
            } finally {
                Parallelism.setThreads(threads);
            }
        }
    }

    @Nested
    class Products {

        @Test
        void matmulByHand() {
            Tensor b = Tensor.fromRows(new double[] {1, 0}, new double[] {0, 1}, new double[] {1, 1});
            assertEquals(Tensor.fromRows(new double[] {4, 5}, new double[] {10, 11}), A.matmul(b));
        }

        /** Products over many random shapes equal the triple loop on explicit transposes. */
        @Test
        void transposedProductsEqualExplicitTransposes() {
            RandomState r = new RandomState(11);
            for (int trial = 0; trial < 300; trial++) {
                int n = 1 + (int) r.randint(0, 9);
                int k = 1 + (int) r.randint(0, 9);
                int m = 1 + (int) r.randint(0, 9);
                Tensor a = r.uniform(-2, 2, n, k);
                Tensor b = r.uniform(-2, 2, k, m);
                Tensor at = a.transpose();   // [k, n]
                Tensor bt = b.transpose();   // [m, k]
                Tensor expected = naiveMatmul(a, b);
                String where = "trial " + trial + ", n=" + n + " k=" + k + " m=" + m;
                assertTrue(a.matmul(b).allClose(expected, 1e-13, 1e-13), where);
                assertTrue(at.transposeMatmul(b).allClose(expected, 1e-13, 1e-13), where);
                assertTrue(a.matmulTranspose(bt).allClose(expected, 1e-13, 1e-13), where);
                Tensor c = Tensor.zeros(n, m);
                Tensor.gemm(true, true, 1.0, at, bt, 0.0, c);
                assertTrue(c.allClose(expected, 1e-13, 1e-13), where);
            }
        }

        @Test
        void gemmScalesAccumulatesAndOverwrites() {
            RandomState r = new RandomState(5);
            Tensor a = r.uniform(-1, 1, 3, 4);
            Tensor b = r.uniform(-1, 1, 4, 2);
            Tensor ab = naiveMatmul(a, b);
            Tensor c0 = r.uniform(-1, 1, 3, 2);

            Tensor c = c0.copy();
            Tensor.gemm(false, false, 1.0, a, b, 1.0, c);                  // accumulate
            assertTrue(c.allClose(c0.add(ab), 1e-14, 1e-14));

            c = c0.copy();
            Tensor.gemm(false, false, 2.0, a, b, 0.5, c);                  // scale both
            assertTrue(c.allClose(ab.mul(2).add(c0.mul(0.5)), 1e-14, 1e-14));

            c = Tensor.filled(Double.NaN, 3, 2);
            Tensor.gemm(false, false, 1.0, a, b, 0.0, c);                  // beta 0 overwrites, even NaN
            assertTrue(c.allClose(ab, 1e-14, 1e-14));
        }

        /** A window of a's rows, read in place, gives the bits of the same rows copied out. */
        @Test
        void gemmOnAWindowOfRowsEqualsTheRowsCopied() {
            RandomState r = new RandomState(8);
            Tensor x = r.uniform(-1, 1, 300, 40);
            Tensor w = r.uniform(-1, 1, 40, 21);
            Tensor g = r.uniform(-1, 1, 300, 21);
            int[][] windows = {{0, 300}, {0, 128}, {128, 256}, {256, 300}, {7, 8}, {5, 5}};
            for (int[] win : windows) {
                int from = win[0];
                int to = win[1];
                int rows = to - from;
                Tensor rowsCopied = x.sliceRows(from, to);
                String where = "rows [" + from + ", " + to + ")";

                Tensor expected = Tensor.zeros(rows, 21);                   // X[from:to] W
                Tensor.gemm(false, false, 1.0, rowsCopied, w, 0.0, expected);
                Tensor actual = Tensor.filled(Double.NaN, rows, 21);
                Tensor.gemm(false, false, 1.0, x, from, to, w, 0.0, actual);
                assertEquals(expected, actual, where);

                Tensor c0 = r.uniform(-1, 1, 40, 21);                       // c0 + X[from:to]^T G
                expected = c0.copy();
                Tensor.gemm(true, false, 1.0, rowsCopied, g.sliceRows(from, to), 1.0, expected);
                actual = c0.copy();
                Tensor.gemm(true, false, 1.0, x, from, to, g.sliceRows(from, to), 1.0, actual);
                assertEquals(expected, actual, where);
            }
        }

        @Test
        void gemmOnAWindowRejectsRowsOutsideTheMatrix() {
            Tensor x = Tensor.zeros(10, 3);
            Tensor w = Tensor.zeros(3, 2);
            assertMessage("gemm: rows [8, 12) of a [10, 3] (expected 0 <= from <= to <= 10)",
                    () -> Tensor.gemm(false, false, 1, x, 8, 12, w, 0, Tensor.zeros(4, 2)));
            assertMessage("gemm: rows [-1, 2) of a [10, 3] (expected 0 <= from <= to <= 10)",
                    () -> Tensor.gemm(false, false, 1, x, -1, 2, w, 0, Tensor.zeros(3, 2)));
            assertMessage("gemm: rows [4, 3) of a [10, 3] (expected 0 <= from <= to <= 10)",
                    () -> Tensor.gemm(false, false, 1, x, 4, 3, w, 0, Tensor.zeros(0, 2)));
            assertMessage("gemm: rows [2, 6) of [10, 3] x [3, 2] does not fit output [5, 2]",
                    () -> Tensor.gemm(false, false, 1, x, 2, 6, w, 0, Tensor.zeros(5, 2)));
            assertMessage("gemm: rows [2, 6) of [10, 3]^T x [5, 2]",
                    () -> Tensor.gemm(true, false, 1, x, 2, 6, Tensor.zeros(5, 2), 0, Tensor.zeros(3, 2)));
        }

        /** Rows picked by index, read where they lie, give the bits of the same rows gathered. */
        @Test
        void gemmOnRowsByIndexEqualsTheRowsGathered() {
            RandomState r = new RandomState(9);
            Tensor x = r.uniform(-1, 1, 300, 40);
            Tensor w = r.uniform(-1, 1, 40, 21);
            int[][] picks = {{299, 0, 150, 150, 7}, {}, {3}, r.randint(0, 300, 64)};
            for (int[] rows : picks) {
                Tensor gathered = x.gatherRows(rows);
                String where = "rows " + java.util.Arrays.toString(rows);

                Tensor expected = Tensor.zeros(rows.length, 21);            // X[rows] W
                Tensor.gemm(false, false, 1.0, gathered, w, 0.0, expected);
                Tensor actual = Tensor.filled(Double.NaN, rows.length, 21);
                Tensor.gemm(false, false, 1.0, x, rows, w, 0.0, actual);
                assertEquals(expected, actual, where);

                Tensor g = r.uniform(-1, 1, rows.length, 21);               // c0 + X[rows]^T G
                Tensor c0 = r.uniform(-1, 1, 40, 21);
                expected = c0.copy();
                Tensor.gemm(true, false, 1.0, gathered, g, 1.0, expected);
                actual = c0.copy();
                Tensor.gemm(true, false, 1.0, x, rows, g, 1.0, actual);
                assertEquals(expected, actual, where);
            }
        }

        @Test
        void gemmOnRowsByIndexRejectsBadIndices() {
            Tensor x = Tensor.zeros(10, 3);
            Tensor w = Tensor.zeros(3, 2);
            assertMessage("gemm: row index 10 at position 1 of a [10, 3] (expected 0 <= index < 10)",
                    () -> Tensor.gemm(false, false, 1, x, new int[] {0, 10}, w, 0, Tensor.zeros(2, 2)));
            assertMessage("gemm: row index -1 at position 0 of a [10, 3] (expected 0 <= index < 10)",
                    () -> Tensor.gemm(false, false, 1, x, new int[] {-1}, w, 0, Tensor.zeros(1, 2)));
            assertMessage("gemm: rows of a [10, 3] are null (expected row indices)",
                    () -> Tensor.gemm(false, false, 1, x, (int[]) null, w, 0, Tensor.zeros(1, 2)));
            assertMessage("gemm: 2 rows by index of [10, 3] x [3, 2] does not fit output [3, 2]",
                    () -> Tensor.gemm(false, false, 1, x, new int[] {1, 2}, w, 0, Tensor.zeros(3, 2)));
            assertMessage("forwardRows: input is a scalar, which has no rows to pick",
                    () -> Tensor.requireRows("forwardRows", "input", Tensor.scalar(1), new int[] {0}));
        }

        @Test
        void gemmRejectsAnOutputSharingAnOperandsStorage() {
            Tensor a = Tensor.filled(1, 2, 2);
            Tensor b = Tensor.filled(1, 2, 2);
            String msg = "gemm: the output must not share storage with an operand";
            assertMessage(msg, () -> Tensor.gemm(false, false, 1, a, b, 0, a));
            assertMessage(msg, () -> Tensor.gemm(false, false, 1, a, b, 0, b));
            assertMessage(msg, () -> Tensor.gemm(false, false, 1, a, b, 0, b.reshape(2, 2)));
        }

        @Test
        void productShapeErrorsNameTheOperationAndBothShapes() {
            assertMessage("matmul: [64, 783] x [784, 21]", () -> Tensor.zeros(64, 783).matmul(Tensor.zeros(784, 21)));
            assertMessage("transposeMatmul: [3, 2]^T x [4, 5]", () -> Tensor.zeros(3, 2).transposeMatmul(Tensor.zeros(4, 5)));
            assertMessage("matmulTranspose: [2, 3] x [4, 5]^T", () -> Tensor.zeros(2, 3).matmulTranspose(Tensor.zeros(4, 5)));
            assertMessage("gemm: [2, 3] x [3, 4] does not fit output [2, 5]",
                    () -> Tensor.gemm(false, false, 1, Tensor.zeros(2, 3), Tensor.zeros(3, 4), 0, Tensor.zeros(2, 5)));
            assertMessage("matmul: expected a matrix, got shape [3]", () -> Tensor.vector(1, 2, 3).matmul(A));
        }
    }

    @Nested
    class ElementWise {

        private final Tensor b = Tensor.fromRows(new double[] {2, 2, 2}, new double[] {1, -1, 0.5});

        @Test
        void arithmeticReturnsNewTensorsAndLeavesOperands() {
            Tensor before = A.copy();
            assertEquals(Tensor.fromRows(new double[] {3, 4, 5}, new double[] {5, 4, 6.5}), A.add(b));
            assertEquals(Tensor.fromRows(new double[] {-1, 0, 1}, new double[] {3, 6, 5.5}), A.sub(b));
            assertEquals(Tensor.fromRows(new double[] {2, 4, 6}, new double[] {4, -5, 3}), A.mul(b));
            assertEquals(Tensor.fromRows(new double[] {0.5, 1, 1.5}, new double[] {4, -5, 12}), A.div(b));
            assertEquals(Tensor.fromRows(new double[] {2, 3, 4}, new double[] {5, 6, 7}), A.add(1));
            assertEquals(Tensor.fromRows(new double[] {-1, -2, -3}, new double[] {-4, -5, -6}), A.mul(-1));
            assertEquals(before, A);
        }

        @Test
        void inPlaceVariantsModifyAndReturnThis() {
            Tensor t = A.copy();
            assertSame(t, t.addInPlace(b));
            assertEquals(A.add(b), t);
            t = A.copy();
            assertSame(t, t.subInPlace(b));
            assertEquals(A.sub(b), t);
            t = A.copy();
            assertSame(t, t.mulInPlace(b));
            assertEquals(A.mul(b), t);
            t = A.copy();
            assertSame(t, t.divInPlace(b));
            assertEquals(A.div(b), t);
            t = A.copy();
            assertSame(t, t.addScaledInPlace(-2, b));
            assertEquals(A.sub(b).sub(b), t);
            t = A.copy();
            assertSame(t, t.addInPlace(0.5).mulInPlace(2));
            assertEquals(A.add(0.5).mul(2), t);
            assertSame(t, t.fill(3));
            assertEquals(Tensor.filled(3, 2, 3), t);
        }

        @Test
        void shapeMismatchesNameTheOperationAndBothShapes() {
            Tensor wrong = Tensor.zeros(3, 2);
            assertMessage("add: [2, 3] vs [3, 2]", () -> A.add(wrong));
            assertMessage("sub: [2, 3] vs [3, 2]", () -> A.sub(wrong));
            assertMessage("mul: [2, 3] vs [3, 2]", () -> A.mul(wrong));
            assertMessage("div: [2, 3] vs [3, 2]", () -> A.div(wrong));
            assertMessage("add: [2, 3] vs [3, 2]", () -> A.copy().addInPlace(wrong));
            assertMessage("addScaled: [2, 3] vs [3, 2]", () -> A.copy().addScaledInPlace(1, wrong));
            assertMessage("zip: [2, 3] vs [3, 2]", () -> A.zip(wrong, Double::sum));
            assertMessage("addRowVector: [2, 3] + [2]", () -> A.addRowVector(Tensor.vector(1, 2)));
            assertMessage("addRowVector: [2, 3] + [2, 3]", () -> A.addRowVector(A));
            assertMessage("sameShape: [2, 3] vs [3, 2]", () -> Tensor.requireSameShape("sameShape", A, wrong));
        }

        @Test
        void aNullTensorIsReportedNotThrownAsANullPointer() {
            assertMessage("add: [2, 3] vs null", () -> A.add(null));
            assertMessage("sameShape: null vs [2, 3]", () -> Tensor.requireSameShape("sameShape", null, A));
            assertMessage("loss: target is null (expected a tensor)",
                    () -> Tensor.requireSameShape("loss", "prediction", A, "target", null));
            assertMessage("loss: prediction is null (expected a tensor)",
                    () -> Tensor.requireSameShape("loss", "prediction", null, "target", A));
            assertMessage("loss: [2, 3] vs [3, 2]",
                    () -> Tensor.requireSameShape("loss", "prediction", A, "target", Tensor.zeros(3, 2)));
            assertMessage("forwardRows: input is null (expected a tensor)",
                    () -> Tensor.requireRows("forwardRows", "input", null, 0, 1));
            assertMessage("forwardRows: input is null (expected a tensor)",
                    () -> Tensor.requireRows("forwardRows", "input", null, new int[] {0}));
        }

        @Test
        void rowVectorBroadcast() {
            Tensor expected = Tensor.fromRows(new double[] {11, 22, 33}, new double[] {14, 25, 36});
            assertEquals(expected, A.addRowVector(Tensor.vector(10, 20, 30)));
            assertEquals(expected, A.addRowVector(Tensor.of(new double[] {10, 20, 30}, 1, 3)));
            Tensor t = A.copy();
            assertSame(t, t.addRowVectorInPlace(Tensor.vector(10, 20, 30)));
            assertEquals(expected, t);
        }

        @Test
        void mapAndZip() {
            assertEquals(A.mul(A), A.map(v -> v * v));
            Tensor t = A.copy();
            assertSame(t, t.mapInPlace(v -> -v));
            assertEquals(A.mul(-1), t);
            assertEquals(A.add(A), A.zip(A, Double::sum));
        }

        @Test
        void activations() {
            Tensor x = Tensor.vector(-2, 0, 3);
            assertEquals(Tensor.vector(0, 0, 3), x.relu());
            Tensor nan = Tensor.vector(Double.NaN, -1, 2).relu();
            assertTrue(Double.isNaN(nan.get(0)), "relu(NaN) is NaN, as in PyTorch: " + nan);
            assertEquals(0.0, nan.get(1));
            assertEquals(2.0, nan.get(2));
            assertEquals(Tensor.vector(Math.tanh(-2), 0, Math.tanh(3)), x.tanh());
            assertTrue(x.sigmoid().allClose(Tensor.vector(1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))), 1e-15, 0));
            Tensor y = x.copy();
            assertSame(y, y.sigmoidInPlace());
            assertEquals(x.sigmoid(), y);
            Tensor out = Tensor.vector(7, 7, 7);
            assertSame(out, x.sigmoid(out));
            assertEquals(x.sigmoid(), out);
        }

        @Test
        void sigmoidIntoAWrongTensorIsReported() {
            Tensor x = Tensor.vector(-2, 0, 3);
            assertEquals("sigmoid: [3] vs [1, 3]",
                    assertThrows(IllegalArgumentException.class, () -> x.sigmoid(Tensor.zeros(1, 3))).getMessage());
            assertEquals("sigmoid: out must be a tensor of shape [3], got null",
                    assertThrows(IllegalArgumentException.class, () -> x.sigmoid((Tensor) null)).getMessage());
        }

        @Test
        void sigmoidNeverOverflowsOrReturnsNaN() {
            for (double z = -1e4; z <= 1e4; z += 0.5) {
                double s = Tensor.sigmoid(z);
                assertTrue(s >= 0 && s <= 1, "sigmoid(" + z + ") = " + s);
            }
            assertEquals(1.0, Tensor.sigmoid(1e4));
            assertEquals(0.0, Tensor.sigmoid(-1e4));
            assertEquals(0.0, Tensor.sigmoid(Double.NEGATIVE_INFINITY));
            assertEquals(1.0, Tensor.sigmoid(Double.MAX_VALUE));
            // Symmetry sigma(-x) = 1 - sigma(x), where both are representable.
            assertEquals(1 - Tensor.sigmoid(3), Tensor.sigmoid(-3), 1e-15);
        }
    }

    @Nested
    class Reductions {

        @Test
        void sumsAndMeans() {
            assertEquals(21, A.sum());
            assertEquals(3.5, A.mean());
            assertEquals(Tensor.vector(5, 7, 9), A.sum(0));
            assertEquals(Tensor.vector(6, 15), A.sum(1));
            assertEquals(Tensor.vector(6, 15), A.sum(-1));
            assertEquals(Tensor.vector(2.5, 3.5, 4.5), A.mean(0));
            assertEquals(Tensor.vector(2, 5), A.mean(1));
            assertMessage("sum: axis 2 for shape [2, 3]", () -> A.sum(2));
            assertMessage("mean: axis -3 for shape [2, 3]", () -> A.mean(-3));
        }

        @Test
        void maxAndArgmax() {
            Tensor t = Tensor.fromRows(new double[] {1, 5, 5}, new double[] {-1, -3, -2}, new double[] {0, 0, 9});
            assertEquals(9, t.max());
            assertArrayEquals(new int[] {1, 0, 2}, t.argmaxRows(), "first maximum on ties, as numpy");
        }
    }

    @Nested
    class Comparison {

        @Test
        void allCloseIsNumpysRule() {
            Tensor a = Tensor.vector(1, 100);
            assertTrue(a.allClose(Tensor.vector(1 + 1e-9, 100 + 1e-6), 1e-8, 0));
            assertFalse(a.allClose(Tensor.vector(1 + 1e-6, 100), 1e-8, 0));
            assertTrue(a.allClose(Tensor.vector(1 + 1e-6, 100), 0, 1e-5));
            assertFalse(a.allClose(Tensor.vector(1, 100, 1), 1, 1), "different shapes are never close");
            assertFalse(Tensor.vector(Double.NaN).allClose(Tensor.vector(Double.NaN), 1, 1));
            assertTrue(Tensor.vector(Double.POSITIVE_INFINITY).allClose(Tensor.vector(Double.POSITIVE_INFINITY), 0, 0));
        }

        @Test
        void equalsIsExact() {
            assertEquals(A, A.copy());
            assertEquals(A.hashCode(), A.copy().hashCode());
            assertNotEquals(A, A.reshape(3, 2));
            assertNotEquals(A, A.add(1e-15));
            assertNotSame(A, A.copy());
        }
    }

    @Nested
    class Printing {

        @Test
        void smallTensorsPrintInFull() {
            assertEquals("tensor([[1.0, 2.5, -3.0],\n        [0.125, 1.0e-05, 123456789.0]], shape=[2, 3])",
                    Tensor.of(new double[] {1, 2.5, -3, 0.125, 1e-5, 123456789}, 2, 3).toString());
            assertEquals("tensor(3.0, shape=[])", Tensor.scalar(3).toString());
            assertEquals("tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], shape=[8])",
                    Tensor.vector(1, 2, 3, 4, 5, 6, 7, 8).toString());
            assertEquals("tensor([nan, inf, -inf, 0.3, 1.5e-07, 1.0e+20], shape=[6])",
                    Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2, 1.5e-7, 1e20).toString());
            assertEquals("tensor([[0.548814, 0.715189]], shape=[1, 2])", new RandomState(0).rand(1, 2).toString());
        }

        @Test
        void higherRanksSeparateBlocksWithABlankLine() {
            assertEquals("tensor([[[0.0, 1.0],\n"
                    + "         [2.0, 3.0]],\n"
                    + "\n"
                    + "        [[4.0, 5.0],\n"
                    + "         [6.0, 7.0]]], shape=[2, 2, 2])",
                    Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2).toString());
        }

        @Test
        void largeTensorsAreSummarisedLikeNumpy() {
            Tensor t = Tensor.zeros(40, 30);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = i;
            }
            String row = "[%d.0, %d.0, %d.0, ..., %d.0, %d.0, %d.0]";
            String expected = "tensor(["
                    + String.format(row, 0, 1, 2, 27, 28, 29) + ",\n        "
                    + String.format(row, 30, 31, 32, 57, 58, 59) + ",\n        "
                    + String.format(row, 60, 61, 62, 87, 88, 89) + ",\n        "
                    + "...,\n        "
                    + String.format(row, 1110, 1111, 1112, 1137, 1138, 1139) + ",\n        "
                    + String.format(row, 1140, 1141, 1142, 1167, 1168, 1169) + ",\n        "
                    + String.format(row, 1170, 1171, 1172, 1197, 1198, 1199) + "], shape=[40, 30])";
            assertEquals(expected, t.toString());
            assertEquals("tensor([0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0], shape=[1001])", Tensor.zeros(1001).toString());
        }
    }
}
