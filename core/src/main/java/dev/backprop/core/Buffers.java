package dev.backprop.core;

/**
 * Tensors handed out again and again instead of allocated at every call, for a layer or a loop
 * that runs batch after batch: {@link #get} returns the same tensor for the same shape. It keeps
 * the two shapes asked for last, which covers a run of row blocks (full blocks and a shorter
 * last one, in turn) with no allocation once both exist.
 *
 * <p>Allocating a block's outputs anew each time cost more than the allocation: in the lesson's
 * full-batch epoch, 38 MB of new tensors made it about 5 % slower (19 to 24 rounds of 30 in five
 * runs of epochs alternated in one JVM), likely because fresh memory passing through the cache
 * pushed out the block of data the weight gradient was about to read. A tensor from here is
 * overwritten by the next call for its shape, so it must not be kept past that. Not
 * thread-safe: one per thread or per layer. {@link #none()} keeps nothing, for code that
 * returns new tensors in one setting and reused ones in another.
 */
public final class Buffers {

    private static final Buffers NONE = new Buffers(false);

    private final boolean reuse;
    private Tensor recent;   // the shape asked for last
    private Tensor older;    // the other one

    /** Buffers that keep the tensors they hand out, for the next call. */
    public Buffers() {
        this(true);
    }

    private Buffers(boolean reuse) {
        this.reuse = reuse;
    }

    /** Buffers that keep nothing: every {@link #get} is a new tensor of zeros. Shared; it has no state. */
    public static Buffers none() {
        return NONE;
    }

    /**
     * A tensor of this shape: the one returned last time for it, with whatever values were
     * written there, or a new one of zeros (always, from {@link #none()}).
     */
    public Tensor get(int... shape) {
        if (shape == null) {
            throw new IllegalArgumentException("Buffers.get needs a shape, got null");
        }
        if (!reuse) {
            return Tensor.zeros(shape);
        }
        if (recent != null && recent.hasShape(shape)) {
            return recent;
        }
        Tensor t = older != null && older.hasShape(shape) ? older : Tensor.zeros(shape);
        older = recent;
        recent = t;
        return t;
    }
}
