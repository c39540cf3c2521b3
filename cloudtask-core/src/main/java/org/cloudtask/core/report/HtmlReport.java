package org.cloudtask.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The report as self-contained HTML: inline CSS, inline script, the data as one JSON block; nothing is fetched. The
 * page draws a timeline (one row per worker slot, one bar per attempt), the worker table, a histogram of job durations,
 * the failures with their output tails and a sortable, filterable job table (only the visible rows are rendered).
 *
 * <p>{@link #page} is a whole document (for {@code cloudtask report --html}); {@link #fragment} is the same report
 * as a piece to put inside another page (the Jenkins build action): everything is scoped under one
 * {@code <div class="ctr">}, and several fragments may share a page.
 */
public final class HtmlReport {

    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");

    private HtmlReport() {
    }

    /** A whole HTML document. */
    public static String page(SessionReport report) throws IOException {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>cloudtask session "
                + escape(report.id()) + "</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n"
                + "</head><body style=\"margin:16px\">\n" + fragment(report) + "\n</body></html>\n";
    }

    /** Reads the session (read-only) and renders it as a fragment: for the Jenkins build action's page. */
    public static String fragment(Path sessionDir) throws IOException {
        return fragment(SessionReport.read(sessionDir));
    }

    /** The report as a piece of a page: its style, its element with the data, its script. */
    public static String fragment(SessionReport report) throws IOException {
        return "<style>\n" + CSS + "</style>\n" + body(report) + "\n<script>\n" + SCRIPT + "</script>\n";
    }

    /**
     * Only the element with its data, for pages that serve {@link #css()} and {@link #script()} from files of their own
     * (e.g. under a Content-Security-Policy that forbids inline scripts). The script draws every such element.
     */
    public static String body(SessionReport report) throws IOException {
        return "<div class=\"ctr\" data-ctr-init=\"1\"><script type=\"application/json\" class=\"ctr-data\">"
                + ReportJson.of(report) + "</script></div>";
    }

    public static String css() {
        return CSS;
    }

    public static String script() {
        return SCRIPT;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " next to HtmlReport");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
