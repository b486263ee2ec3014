package dev.backprop.examples.figures;

import java.awt.Color;

/**
 * matplotlib's default colour map, viridis, as used by the lesson's {@code imshow}: eleven
 * published stops, linearly interpolated. Perceptually uniform and readable in grey scale.
 */
final class Viridis {

    private static final int[] STOPS = {
        0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
        0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725,
    };

    private Viridis() {
    }

    /** The colour at {@code t} in [0, 1] (clamped; NaN maps to 0). */
    static int rgb(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min((int) x, STOPS.length - 2);
        double f = x - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        int r = mix(a >> 16 & 0xff, b >> 16 & 0xff, f);
        int g = mix(a >> 8 & 0xff, b >> 8 & 0xff, f);
        int bl = mix(a & 0xff, b & 0xff, f);
        return r << 16 | g << 8 | bl;
    }

    static Color color(double t) {
        return new Color(rgb(t));
    }

    /** Whether text on the colour at {@code t} should be dark (light background). */
    static boolean light(double t) {
        return t > 0.6;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
