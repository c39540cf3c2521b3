package org.cloudtask.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.report.HtmlReport;
import org.cloudtask.core.report.SessionReport;
import org.cloudtask.core.report.TextReport;
import org.cloudtask.core.testing.FakeTransport.Outcome;

/**
 * Prints what a report of a big session costs: {@code ReportBenchmark WORK_DIR JOBS SPLIT}. Runs JOBS jobs of 1 to 6 ms
 * (every 50th fails with output) on SPLIT scripted workers, then times reading the session, the text report, the HTML
 * page (and its size), and Chromium loading and drawing the page (the page's own figure and the browser's wall time),
 * and saves a screenshot, e.g.
 * {@code java -cp target/classes:target/test-classes org.cloudtask.core.testing.ReportBenchmark /tmp/rb 100000 32}.
 */
public final class ReportBenchmark {

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int jobs = Integer.parseInt(args[1]);
        int split = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        FakeTransport transport = new FakeTransport();
        transport.script((worker, request) -> {
            long n = Long.parseLong(request.command().substring(request.command().lastIndexOf(' ') + 1));
            Duration takes = Duration.ofMillis(1 + n * 7919 % 6);
            return n % 50 == 0 ? Outcome.exit(2, "step 1\nstep 2\nfailed on " + n + "\n").after(takes)
                    : Outcome.exit(0, "done " + n + "\n").after(takes);
        });
        long id = CloudTask.builder().sessionsDirectory(work.resolve("sessions")).transport(transport)
                .events(new org.cloudtask.core.engine.TaskEvents() { }).build()
                .run(new TaskSettings().command("process").split(split), Inputs.seq(1, jobs)).sessionId();
        Path dir = work.resolve("sessions").resolve(Long.toString(id));

        long t0 = System.nanoTime();
        SessionReport report = SessionReport.read(dir);
        long t1 = System.nanoTime();
        String text = TextReport.render(report);
        long t2 = System.nanoTime();
        String page = HtmlReport.page(report);
        long t3 = System.nanoTime();
        Path html = work.resolve("report.html");
        Files.writeString(html, page);
        System.out.printf("%d jobs, %d attempts, %d worker slots%n", report.total(), report.attempts().size(),
                report.slots().size());
        System.out.printf("read session %d ms, text report %d ms (%d bytes), html page %d ms%n", ms(t0, t1),
                ms(t1, t2), text.length(), ms(t2, t3));
        System.out.printf("html file %.1f MB (%d bytes)%n", Files.size(html) / 1e6, Files.size(html));

        HeadlessChromium chromium = new HeadlessChromium(work);
        long b0 = System.nanoTime();
        HeadlessChromium.Result loaded = chromium.dumpDom(html);
        long b1 = System.nanoTime();
        Matcher renderMs = Pattern.compile("data-render-ms=\"([0-9]+)\"").matcher(loaded.stdout());
        System.out.printf("chromium: page script %s ms (parse data, draw timeline and histogram, build the table), "
                + "whole headless load %d ms, console errors %d%n", renderMs.find() ? renderMs.group(1) : "?",
                ms(b0, b1), loaded.consoleErrors().size());
        chromium.screenshot(html, work.resolve("report.png"));
        System.out.println("screenshot " + work.resolve("report.png"));
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
