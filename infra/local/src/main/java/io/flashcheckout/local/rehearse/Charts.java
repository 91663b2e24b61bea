package io.flashcheckout.local.rehearse;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts (JFreeChart), as PNG data URIs so the HTML page needs no other file. */
final class Charts {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 320;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static String perSecond(String title, String series, long[] values) {
        XYSeries points = new XYSeries(series);
        for (int second = 0; second < values.length; second++) {
            points.add(second, values[second]);
        }
        return png(ChartFactory.createXYLineChart(title, "seconds since the opening", series,
                new XYSeriesCollection(points), PlotOrientation.VERTICAL, false, false, false));
    }

    /** Several series per second on one chart, e.g. requests due against answers: {@code values.get(series)}. */
    static String perSecond(String title, String valueLabel, Map<String, long[]> values) {
        XYSeriesCollection data = new XYSeriesCollection();
        new java.util.TreeMap<>(values).forEach((name, series) -> {
            XYSeries points = new XYSeries(name);
            for (int second = 0; second < series.length; second++) {
                points.add(second, series[second]);
            }
            data.addSeries(points);
        });
        return png(ChartFactory.createXYLineChart(title, "seconds since the opening", valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false));
    }

    /** One group of bars per category, one bar per series: {@code values.get(category).get(series)}. */
    static String bars(String title, String valueLabel, Map<String, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((category, bySeries) -> bySeries.forEach((series, value) -> data.addValue(value, series, category)));
        return png(ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.HORIZONTAL, true, false, false));
    }

    private static String png(JFreeChart chart) {
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
