package dev.backprop.examples.io;

import dev.backprop.datasets.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained {@code report.html} for one run: the command as typed, its settings, what it
 * printed, and its figures inline (as data URIs, so the file can be mailed or archived alone).
 */
public final class HtmlReport {

    private record Figure(String caption, Path png) {
    }

    private final String title;
    private final String command;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final StringBuilder output = new StringBuilder();
    private final List<Figure> figures = new ArrayList<>();

    public HtmlReport(String title, String command) {
        this.title = title;
        this.command = command;
    }

    /** Adds a setting row; later values of the same key replace earlier ones. */
    public HtmlReport setting(String key, Object value) {
        settings.put(key, String.valueOf(value));
        return this;
    }

    /** Appends text the run printed (shown preformatted). */
    public HtmlReport output(String text) {
        output.append(text);
        return this;
    }

    /** Adds a PNG figure (read when the report is written). */
    public HtmlReport figure(String caption, Path png) {
        figures.add(new Figure(caption, png));
        return this;
    }

    /** The HTML text. */
    public String html() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }\n")
                .append("pre { background: #f6f8fa; padding: 1em; overflow-x: auto; }\n")
                .append("table { border-collapse: collapse; }\n")
                .append("td, th { border: 1px solid #ccc; padding: 0.25em 0.75em; text-align: left; }\n")
                .append("figure { margin: 1.5em 0; } img { max-width: 100%; border: 1px solid #eee; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        sb.append("<h2>Command</h2>\n<pre>").append(escape(command)).append("</pre>\n");
        sb.append("<h2>Settings</h2>\n<table>\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            sb.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Output</h2>\n<pre>").append(escape(output.toString())).append("</pre>\n");
        if (!figures.isEmpty()) {
            sb.append("<h2>Figures</h2>\n");
        }
        for (Figure f : figures) {
            String data = Base64.getEncoder().encodeToString(Files.readAllBytes(f.png()));
            sb.append("<figure>\n<img alt=\"").append(escape(f.caption())).append("\" src=\"data:image/png;base64,")
                    .append(data).append("\">\n<figcaption>").append(escape(f.caption())).append(" (")
                    .append(escape(f.png().getFileName().toString())).append(")</figcaption>\n</figure>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Writes the report to {@code target}, atomically. */
    public void write(Path target) throws IOException {
        AtomicFiles.writeString(target, html());
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
