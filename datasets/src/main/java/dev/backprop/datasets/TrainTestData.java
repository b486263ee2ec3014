package dev.backprop.datasets;

import java.util.Objects;

/**
 * A dataset as published: its training set and its test set (e.g. MNIST's 60,000 and 10,000
 * images). Split the training set further with {@link LabeledImages#split}.
 *
 * @param name  what the data is, e.g. {@code "MNIST"} or {@code "MNIST sample"}
 * @param train the training set
 * @param test  the test set
 */
public record TrainTestData(String name, LabeledImages train, LabeledImages test) {

    public TrainTestData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    @Override
    public String toString() {
        return name + "(train " + train + ", test " + test + ")";
    }
}
