package org.cloudtask.jenkins.support;

import java.io.OutputStream;
import java.util.Collection;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the jobs as a JUnit XML report, one test case per job named by its input, so that Jenkins' test trend shows
 * which inputs fail from build to build. Timeouts are failures too; pending jobs are skipped tests.
 */
public final class JunitReport {

    private JunitReport() {
    }

    /**
     * @param suiteName  e.g. {@code cloudtask session 7}
     * @param jobs       the last row of each job that has one
     * @param pendingJobs jobs without a result (not in {@code jobs})
     */
    public static void write(String suiteName, Collection<JobRecord> jobs, long pendingJobs, OutputStream out)
            throws XMLStreamException {
        long failures = jobs.stream().filter(j -> !j.succeeded()).count();
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suiteName);
        xml.writeAttribute("tests", Long.toString(jobs.size() + pendingJobs));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("skipped", Long.toString(pendingJobs));
        for (JobRecord job : jobs) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", suiteName);
            xml.writeAttribute("name", "job " + job.jobId() + ": " + printable(job.input()));
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", job.duration().toMillis() / 1000.0));
            if (!job.succeeded()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", job.result() + (job.neverRuns() ? "" : " on " + job.worker())
                        + " (build #" + job.build() + ")");
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        if (pendingJobs > 0) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", suiteName);
            xml.writeAttribute("name", pendingJobs + " pending jobs");
            xml.writeEmptyElement("skipped");
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
    }

    /** XML 1.0 cannot carry most control characters, and inputs may hold anything. */
    private static String printable(String input) {
        if (input == null) return "";
        StringBuilder s = new StringBuilder(input.length());
        input.codePoints().forEach(c -> s.appendCodePoint(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '?' : c));
        return s.toString();
    }
}
