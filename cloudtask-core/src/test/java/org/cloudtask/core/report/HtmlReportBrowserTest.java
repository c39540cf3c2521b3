package org.cloudtask.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cloudtask.core.engine.CloudTask;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.testing.FakeTransport;
import org.cloudtask.core.testing.FakeTransport.Outcome;
import org.cloudtask.core.testing.Inputs;
import org.cloudtask.core.testing.RecordingEvents;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.testing.HeadlessChromium;
import org.cloudtask.core.testing.ReportSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class HtmlReportBrowserTest {

    @TempDir
    Path temp;

    @Test
    void thePageDrawsOneTimelineRowPerSlotAndOneBarPerAttemptWithoutConsoleErrors() throws Exception {
        Path sessions = temp.resolve("sessions");
        long id = ReportSessions.busy(sessions, 150);
        SessionReport report = SessionReport.read(sessions.resolve(Long.toString(id)));
        Path page = temp.resolve("report.html");
        Files.writeString(page, HtmlReport.page(report));
        HeadlessChromium chromium = new HeadlessChromium(temp);

        HeadlessChromium.Result loaded = chromium.dumpDom(page);

        String dom = loaded.stdout();
        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(dom).doesNotContain("data-ctr-errors").doesNotContain("data-error=");
        assertThat(attribute(dom, "div", "ctr", "data-ready")).isEqualTo("1");
        assertThat(report.slots()).hasSize(10);
        assertThat(attribute(dom, "canvas", "ctr-timeline", "data-rows")).isEqualTo("10");
        assertThat(attribute(dom, "canvas", "ctr-timeline", "data-bars"))
                .isEqualTo(Integer.toString(report.attempts().size()));
        assertThat(report.attempts().size()).isGreaterThan(150); // retries: a lost job ran twice
        assertThat(attribute(dom, "div", "ctr-table", "data-rows")).isEqualTo("150");

        Path png = temp.resolve("report.png");
        chromium.screenshot(page, png);
        assertThat(png).isNotEmptyFile();
        // why: kept for docs/report-screenshot.png (copy it there when the page changes)
        Files.copy(png, Path.of("target/report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aThousandSlotTimelineIsGroupedPerWorkerLabelledAndHasADenseView() throws Exception {
        long id = ReportSessions.fleet(temp.resolve("sessions"), 500, 2, 4000);
        SessionReport report = SessionReport.read(temp.resolve("sessions").resolve(Long.toString(id)));
        Path page = temp.resolve("report.html");
        Files.writeString(page, HtmlReport.page(report));
        HeadlessChromium chromium = new HeadlessChromium(temp);

        String dom = chromium.dumpDom(page).stdout();
        String dense = chromium.dumpDom(page, "ctr-dense").stdout();

        assertThat(report.slots()).hasSize(1000);
        assertThat(attribute(dom, "div", "ctr", "data-ready")).isEqualTo("1");
        assertThat(attribute(dom, "canvas", "ctr-timeline", "data-rows")).isEqualTo("1000");
        assertThat(attribute(dom, "canvas", "ctr-timeline", "data-workers")).isEqualTo("500");
        // readable rows with every worker in view labelled, scrolling through the fleet
        assertThat(attribute(dom, "canvas", "ctr-timeline", "data-mode")).isEqualTo("scroll");
        assertThat(attribute(dom, "canvas", "ctr-timeline", "data-row-height")).isEqualTo("14");
        assertThat(Integer.parseInt(attribute(dom, "canvas", "ctr-timeline", "data-labels"))).isBetween(20, 21);
        assertThat(Integer.parseInt(attribute(dom, "canvas", "ctr-timeline", "data-bars"))).isPositive();
        // dense: every row and bar in one view, a label wherever a line of text fits
        assertThat(attribute(dense, "div", "ctr", "data-ready")).isEqualTo("1");
        assertThat(attribute(dense, "canvas", "ctr-timeline", "data-mode")).isEqualTo("dense");
        assertThat(attribute(dense, "canvas", "ctr-timeline", "data-bars"))
                .isEqualTo(Integer.toString(report.attempts().size()));
        assertThat(Integer.parseInt(attribute(dense, "canvas", "ctr-timeline", "data-labels"))).isGreaterThan(40);

        for (String view : List.of("", "ctr-dense")) {
            Path png = temp.resolve("report-1000" + view + ".png");
            assertThat(chromium.screenshot(page, view, png).consoleErrors()).isEmpty();
            assertThat(png).isNotEmptyFile();
            // why: kept for a look (docs/report.md shows the scrolling view)
            Files.copy(png, Path.of("target/report-1000-slots" + (view.isEmpty() ? "" : "-dense") + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void sortingFilteringHoveringAndZoomingWorkInThePage() throws Exception {
        long id = ReportSessions.busy(temp.resolve("sessions"), 60);
        SessionReport report = SessionReport.read(temp.resolve("sessions").resolve(Long.toString(id)));
        Path page = temp.resolve("report.html");
        Files.writeString(page, HtmlReport.page(report));

        HeadlessChromium.Result loaded = new HeadlessChromium(temp).dumpDom(page, "ctr-selftest");

        String dom = loaded.stdout();
        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(attribute(dom, "div", "ctr", "data-ready")).isEqualTo("1");
        assertThat(attribute(dom, "div", "ctr", "data-selftest-failed-rows")).isEqualTo(Long.toString(report.failed()));
        assertThat(attribute(dom, "div", "ctr", "data-selftest-no-rows")).isEqualTo("0");
        assertThat(attribute(dom, "div", "ctr", "data-selftest-longest")).isNotEmpty();
        ReportAttempt first = report.attempts().get(0);
        assertThat(attribute(dom, "div", "ctr", "data-selftest-tip"))
                .isEqualTo("job " + first.job() + " attempt " + first.attempt() + ": " + report.input(first.job()));
        int zoomed = Integer.parseInt(attribute(dom, "div", "ctr", "data-selftest-zoomed-bars"));
        assertThat(zoomed).isPositive().isLessThan(report.attempts().size());
        assertThat(attribute(dom, "div", "ctr", "data-selftest-all-bars"))
                .isEqualTo(Integer.toString(report.attempts().size()));
    }

    @Test
    void twoFragmentsEmbeddedInAnotherPageAreBothDrawn() throws Exception {
        long first = ReportSessions.mixedResults(temp.resolve("a"));
        long second = ReportSessions.mixedResults(temp.resolve("b"));
        Path page = temp.resolve("host.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>host</title></head><body>"
                + "<h1 id=\"main-panel\">a build page</h1>"
                + HtmlReport.fragment(temp.resolve("a").resolve(Long.toString(first)))
                + HtmlReport.fragment(temp.resolve("b").resolve(Long.toString(second))) + "</body></html>");

        HeadlessChromium.Result loaded = new HeadlessChromium(temp).dumpDom(page);

        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(Pattern.compile("data-ready=\"1\"").matcher(loaded.stdout()).results().count()).isEqualTo(2);
        assertThat(Pattern.compile("data-bars=\"11\"").matcher(loaded.stdout()).results().count()).isEqualTo(2);
    }

    @Test
    void inputsThatLookLikeMarkupStayText() throws Exception {
        String hostile = "</script><img src=x onerror=\"document.title='owned'\">&amp;\u2028";
        CloudTask.builder().sessionsDirectory(temp)
                .transport(new FakeTransport().script((w, r) -> Outcome.exit(1, hostile + "\n")))
                .events(new RecordingEvents()).build()
                .run(new TaskSettings().command("echo"), Inputs.lines(hostile));
        Path page = temp.resolve("report.html");
        Files.writeString(page, HtmlReport.page(SessionReport.read(temp.resolve("1"))));

        HeadlessChromium.Result loaded = new HeadlessChromium(temp).dumpDom(page);

        assertThat(Files.readString(page)).doesNotContain("</script><img");
        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(loaded.stdout()).contains("<title>cloudtask session 1</title>").doesNotContain("<img");
        assertThat(attribute(loaded.stdout(), "div", "ctr", "data-ready")).isEqualTo("1");
    }

    @Test
    void aSessionWhereNothingRanStillDraws() throws Exception {
        FakeTransport transport = new FakeTransport();
        transport.worker("alpha").refuses();
        CloudTask.builder().sessionsDirectory(temp).transport(transport).events(new RecordingEvents()).build()
                .run(new TaskSettings().command("echo").workers(List.of(WorkerAddress.of("alpha"))),
                        Inputs.lines("a", "b"));
        SessionReport report = SessionReport.read(temp.resolve("1"));
        Path page = temp.resolve("report.html");
        Files.writeString(page, HtmlReport.page(report));

        HeadlessChromium.Result loaded = new HeadlessChromium(temp).dumpDom(page);

        assertThat(report.pending()).isEqualTo(2);
        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(attribute(loaded.stdout(), "div", "ctr", "data-ready")).isEqualTo("1");
        assertThat(attribute(loaded.stdout(), "canvas", "ctr-timeline", "data-bars")).isEqualTo("0");
        assertThat(attribute(loaded.stdout(), "div", "ctr-table", "data-rows")).isEqualTo("2");
    }

    @Test
    void aJobThatFailedToBuildIsAFailureInThePageAndTheText() throws Exception {
        CloudTask.builder().sessionsDirectory(temp).transport(new FakeTransport()).events(new RecordingEvents())
                .build().run(new TaskSettings().command("echo"), Inputs.lines("a", "Don't", "b"));
        SessionReport report = SessionReport.read(temp.resolve("1"));
        Path page = temp.resolve("report.html");
        Files.writeString(page, HtmlReport.page(report));

        HeadlessChromium.Result loaded = new HeadlessChromium(temp).dumpDom(page);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.buildFailures()).containsOnlyKeys(2L);
        assertThat(TextReport.render(report)).contains("failures (1)", "job 2  failed to build  input: Don't");
        assertThat(loaded.consoleErrors()).isEmpty();
        assertThat(attribute(loaded.stdout(), "div", "ctr", "data-ready")).isEqualTo("1");
        assertThat(attribute(loaded.stdout(), "div", "ctr-table", "data-rows")).isEqualTo("3");
    }

    @Test
    void thePageFetchesNothing() throws Exception {
        long id = ReportSessions.mixedResults(temp);
        String page = HtmlReport.page(SessionReport.read(temp.resolve(Long.toString(id))));

        assertThat(page).doesNotContainPattern("(?i)<(script|link|img|iframe)[^>]*\\s(src|href)=")
                .doesNotContainPattern("(?i)url\\(|@import|fetch\\(|XMLHttpRequest");
    }

    /** The value of {@code name} on the first {@code tag} element whose class list holds {@code cls}. */
    static String attribute(String dom, String tag, String cls, String name) {
        Matcher element = Pattern.compile("<" + tag + "\\b[^>]*\\bclass=\"[^\"]*\\b" + cls + "\\b[^\"]*\"[^>]*>")
                .matcher(dom);
        assertThat(element.find()).as("a <" + tag + " class=" + cls + "> element in the page").isTrue();
        Matcher value = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(element.group());
        assertThat(value.find()).as(name + " on " + element.group()).isTrue();
        return value.group(1);
    }
}
