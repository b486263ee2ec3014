package dev.backprop.examples.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

class EpochProgressTest {

    /**
     * The test runner's output is a pipe, so there is no progress bar. On JDK 22 to 24
     * System.console() is not null even then: this fails there if Console.isTerminal() is not asked.
     */
    @Test
    void aRedirectedOutputIsNotATerminal() {
        assertFalse(EpochProgress.terminal());
    }
}
