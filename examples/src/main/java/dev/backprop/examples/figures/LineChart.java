package dev.backprop.examples.figures;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Curves on shared axes, drawn with XChart in matplotlib's look: the loss per epoch of one run
 * (training and validation, as in the lesson's figure), several runs on one plot, or functions
 * of x. Colours follow matplotlib's default cycle, so the first curve is blue, the second orange.
 */
public final class LineChart {

    /** matplotlib's "tab10" colour cycle. */
    static final Color[] CYCLE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    private record Series(String name, double[] x, double[] y, boolean dashed, int colour) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private boolean legendTopLeft;
    private boolean wholeX;   // x counts epochs: no tick labels between them
    private Double yMin;
    private Double yMax;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * A loss-per-epoch chart: one curve per named loss array, x = epoch 1..n. NaN entries (an
     * epoch without that loss) and infinite ones (a run that diverged) are left out of their curve.
     */
    public static LineChart lossCurves(String title, String yLabel) {
        return new LineChart(title, "Epoch", yLabel);
    }

    /** Adds a curve over epochs 1..n in the next colour; values that are NaN or infinite are skipped. */
    public LineChart epochs(String name, double[] losses) {
        return epochs(name, losses, series.size(), false);
    }

    /**
     * Adds a curve over epochs 1..n in colour {@code colour} of the cycle, dashed or solid
     * (e.g. a run's validation loss solid and its training loss dashed, in the same colour).
     */
    public LineChart epochs(String name, double[] losses, int colour, boolean dashed) {
        int n = 0;
        for (double v : losses) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        wholeX = true;
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < losses.length; i++) {
            if (Double.isFinite(losses[i])) {
                x[k] = i + 1;
                y[k++] = losses[i];
            }
        }
        return add(name, x, y, dashed, colour);
    }

    /** Adds a solid curve through the points (x[i], y[i]). */
    public LineChart series(String name, double[] x, double[] y) {
        return add(name, x, y, false, series.size());
    }

    /** Adds a dashed curve through the points (x[i], y[i]). */
    public LineChart dashed(String name, double[] x, double[] y) {
        return add(name, x, y, true, series.size());
    }

    private LineChart add(String name, double[] x, double[] y, boolean dashed, int colour) {
        if (colour < 0) {
            throw new IllegalArgumentException("Invalid colour index: " + colour);
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series '" + name + "': " + x.length + " x values but "
                    + y.length + " y values");
        }
        for (Series s : series) {
            if (s.name().equals(name)) {
                throw new IllegalArgumentException("Duplicate series name: '" + name + "'");
            }
        }
        series.add(new Series(name, x.clone(), y.clone(), dashed, colour));
        return this;
    }

    /** Logarithmic y axis (every plotted value must then be positive); the title says so. */
    public LineChart logY(boolean logY) {
        this.logY = logY;
        return this;
    }

    /** Puts the legend in the top left corner instead of the top right. */
    public LineChart legendTopLeft(boolean topLeft) {
        this.legendTopLeft = topLeft;
        return this;
    }

    /** Fixes the y range instead of fitting it to the data. */
    public LineChart yRange(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("Invalid y range: [" + min + ", " + max + "]");
        }
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Draws the chart. */
    public BufferedImage render(int width, int height) {
        if (series.isEmpty()) {
            throw new IllegalStateException("LineChart '" + title + "' has no series");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(logY ? yLabel + ", log scale" : yLabel).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.DARK_GRAY);
        styler.setPlotGridLinesColor(new Color(0, 0, 0, 40));
        styler.setChartTitleFont(Png.TITLE);
        styler.setAxisTitleFont(Png.LABEL);
        styler.setAxisTickLabelsFont(Png.TICK);
        styler.setLegendFont(Png.TICK);
        styler.setLegendPosition(legendTopLeft ? Styler.LegendPosition.InsideNW : Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(new Color(0, 0, 0, 60));
        styler.setChartTitleBoxVisible(false);
        styler.setSeriesColors(CYCLE);
        styler.setMarkerSize(0);
        styler.setXAxisTickMarkSpacingHint(90);
        styler.setxAxisTickLabelsFormattingFunction(v -> xTick(v, wholeX));
        // A logarithmic axis is drawn as log10 of the values on a linear axis, labelled with the
        // values themselves: XChart's own log axis labels only powers of ten, and a loss curve
        // often spans less than one decade.
        styler.setyAxisTickLabelsFormattingFunction(logY ? v -> number(Math.pow(10, v), 2) : v -> number(v, 3));
        if (yMin != null) {
            styler.setYAxisMin(logY ? Math.log10(yMin) : yMin);
            styler.setYAxisMax(logY ? Math.log10(yMax) : yMax);
        }
        for (Series s : series) {
            if (s.x().length == 0) {
                continue;   // nothing to draw (e.g. a run that diverged in its first epoch); XChart refuses it
            }
            double[] y = s.y();
            if (logY) {
                for (double v : y) {
                    if (!(v > 0)) {
                        throw new IllegalArgumentException("Series '" + s.name() + "' has value " + v
                                + ", which a logarithmic axis cannot show");
                    }
                }
            }
            if (logY) {
                y = y.clone();
                for (int k = 0; k < y.length; k++) {
                    y[k] = Math.log10(y[k]);
                }
            }
            double[] x = s.x();
            if (x.length > 1) {
                // XChart puts a tick at every k-th point when all x are equally spaced (within
                // 1e-4), which crowds the labels of a long run; moving the first point by 2e-4
                // (far below a pixel) makes it choose round ticks (0, 100, 200, ...) instead.
                x = x.clone();
                x[0] -= 2e-4;
            }
            XYSeries xy = chart.addSeries(s.name(), x, y);
            xy.setMarker(SeriesMarkers.NONE);
            xy.setLineColor(CYCLE[s.colour() % CYCLE.length]);
            xy.setLineStyle(s.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * An x tick label; over epochs ({@code wholeX}) only whole numbers get one: a run of a few
     * epochs gets ticks at 1.2, 1.4, ..., and epoch 1.2 means nothing.
     */
    static String xTick(double v, boolean wholeX) {
        if (!wholeX) {
            return number(v, 3);
        }
        // within 1e-3: tick values carry rounding, and the first point sits 2e-4 early (see render)
        return Math.abs(v - Math.rint(v)) < 1e-3 ? number(Math.rint(v), 3) : " ";   // not "": XChart cannot lay out ""
    }

    /** A tick label: integers without decimals, others with {@code digits} significant digits. */
    static String number(double v, int digits) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        return Math.abs(v) >= 1e-4 || v == 0 ? s : String.format(Locale.ROOT, "%.2e", v);
    }

    /** Draws the chart and writes it as a PNG. */
    public void save(Path target, int width, int height) throws IOException {
        Png.write(target, render(width, height));
    }
}
