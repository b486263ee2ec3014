package dev.backprop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExponentialTest {

    /** Within one ulp of Math.exp (itself within one ulp of e^x) over the whole finite range. */
    @Test
    void withinOneUlpOfMathExp() {
        PropertyCheck.forAll("exp within 1 ulp", 200_000, 11L,
                r -> PropertyCheck.doubleBetween(r, -746.0, 710.0),
                x -> {
                    double expected = Math.exp(x);
                    double got = Exponential.exp(x);
                    assertTrue(got == expected || Math.abs(got - expected) <= Math.ulp(expected),
                            "exp(" + x + ") = " + got + ", Math.exp " + expected);
                });
        PropertyCheck.forAll("exp within 1 ulp near 0", 100_000, 12L,
                r -> PropertyCheck.doubleBetween(r, -2.0, 2.0),
                x -> assertTrue(Math.abs(Exponential.exp(x) - Math.exp(x)) <= Math.ulp(Math.exp(x)), "x = " + x));
    }

    @Test
    void edgesOfTheRange() {
        assertEquals(1.0, Exponential.exp(0.0));
        assertEquals(1.0, Exponential.exp(-0.0));
        assertEquals(Math.E, Exponential.exp(1.0), Math.ulp(Math.E));
        assertEquals(Double.POSITIVE_INFINITY, Exponential.exp(709.79));
        assertEquals(Double.POSITIVE_INFINITY, Exponential.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Exponential.exp(-746.0));
        assertEquals(0.0, Exponential.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Exponential.exp(Double.NaN)));
        for (double x : new double[] {709.78, 709.5, 709.0, -708.0, -708.5, -709.0, -720.0, -740.0, -744.0, -745.0, -745.1}) {
            double expected = Math.exp(x);
            assertEquals(expected, Exponential.exp(x), Math.ulp(expected), "x = " + x);
        }
    }
}
