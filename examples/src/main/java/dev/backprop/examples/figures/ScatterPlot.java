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
import java.nio.file.Path;

/**
 * Points of two classes in the plane and the straight line a linear classifier draws between
 * them, {@code w0 x + w1 y + b = 0}: the perceptron's decision boundary.
 */
public final class ScatterPlot {

    private ScatterPlot() {
    }

    /**
     * @param x      the points {@code [n][2]} as two arrays: {@code xs[i], ys[i]}
     * @param labels 0 or 1 per point
     * @param w0     weight of the first coordinate
     * @param w1     weight of the second coordinate
     * @param b      bias
     */
    public static BufferedImage render(String title, double[] xs, double[] ys, int[] labels, double w0, double w1,
                                       double b, int width, int height) {
        if (xs.length != ys.length || xs.length != labels.length) {
            throw new IllegalArgumentException("ScatterPlot: " + xs.length + " x, " + ys.length + " y and "
                    + labels.length + " labels");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("x1").yAxisTitle("x2").build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0, 0, 0, 40));
        styler.setChartTitleFont(Png.TITLE);
        styler.setAxisTitleFont(Png.LABEL);
        styler.setAxisTickLabelsFont(Png.TICK);
        styler.setLegendFont(Png.TICK);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartTitleBoxVisible(false);
        styler.setMarkerSize(7);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int cls = 0; cls <= 1; cls++) {
            int n = 0;
            for (int l : labels) {
                n += l == cls ? 1 : 0;
            }
            double[] px = new double[n];
            double[] py = new double[n];
            int k = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == cls) {
                    px[k] = xs[i];
                    py[k++] = ys[i];
                }
                minX = Math.min(minX, xs[i]);
                maxX = Math.max(maxX, xs[i]);
                minY = Math.min(minY, ys[i]);
                maxY = Math.max(maxY, ys[i]);
            }
            if (n == 0) {
                continue;
            }
            XYSeries s = chart.addSeries("class " + cls, px, py);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(LineChart.CYCLE[cls]);
        }
        styler.setXAxisMin(Math.floor(minX));
        styler.setXAxisMax(Math.ceil(maxX));
        styler.setYAxisMin(Math.floor(minY));
        styler.setYAxisMax(Math.ceil(maxY));
        if (w1 != 0) {
            // x2 = -(w0 x1 + b) / w1 across the visible x range
            double[] lx = {Math.floor(minX), Math.ceil(maxX)};
            double[] ly = {-(w0 * lx[0] + b) / w1, -(w0 * lx[1] + b) / w1};
            XYSeries line = chart.addSeries("boundary (output 0.5)", lx, ly);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Color.BLACK);
            line.setLineStyle(new BasicStroke(2f));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    public static void save(Path target, String title, double[] xs, double[] ys, int[] labels, double w0, double w1,
                            double b, int width, int height) throws IOException {
        Png.write(target, render(title, xs, ys, labels, w0, w1, b, width, height));
    }
}
