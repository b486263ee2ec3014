package dev.backprop.layers;

import dev.backprop.core.PropertyCheck;
import dev.backprop.core.Initializer;
import dev.backprop.core.Layer;
import dev.backprop.core.RandomState;
import dev.backprop.core.Sequential;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A whole model is a layer too: the lesson's shape, Dense -> Sigmoid -> Dense (no bias) -> Sigmoid, of random widths. */
class SequentialContractTest implements LayerContract {

    @Override
    public Layer newLayer(int features, RandomState random) {
        int hidden = PropertyCheck.intBetween(random, 1, 10);
        int out = PropertyCheck.intBetween(random, 1, 3);
        Initializer init = Initializer.uniform(-1, 1);
        return new Sequential(new Dense(features, hidden, true, init, random), new Sigmoid(),
                new Dense(hidden, out, false, init, random), new Sigmoid());
    }

    /**
     * The lesson's shape with one Sigmoid instance at both places: its backward for position 1
     * would read the output cached by position 3.
     */
    @Test
    void oneActivationInstanceAtTwoPositionsIsRejected() {
        Sigmoid sigmoid = new Sigmoid();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(new Dense(4, 3, true), sigmoid, new Dense(3, 1, false), sigmoid));
        assertEquals("Layer Sigmoid() appears twice in Sequential: at positions 1 and 3 (each position needs its own"
                + " instance: a layer caches its last forward pass)", e.getMessage());
    }

    @Override
    public int[] expectedOutputShape(Layer layer, int batch, int features) {
        Dense last = (Dense) ((Sequential) layer).layer(2);
        return new int[] {batch, last.weight().value().dim(1)};
    }
}
