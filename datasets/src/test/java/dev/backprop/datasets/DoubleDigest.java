package dev.backprop.datasets;

import dev.backprop.core.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;

/**
 * SHA-256 over float64 values, little-endian, row-major: numpy's
 * {@code hashlib.sha256(a.astype('<f8').tobytes())}, to compare whole arrays bit for bit with
 * the values printed by {@code src/test/python/reference_values.py}. Fed in chunks, so large
 * arrays need not exist at once.
 */
final class DoubleDigest {

    private final MessageDigest digest = Sha256.newDigest();

    DoubleDigest update(Tensor t) {
        double[] d = t.data();
        ByteBuffer b = ByteBuffer.allocate(8 * d.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(d);
        digest.update(b.array());
        return this;
    }

    String hex() {
        return Sha256.hex(digest);
    }
}
