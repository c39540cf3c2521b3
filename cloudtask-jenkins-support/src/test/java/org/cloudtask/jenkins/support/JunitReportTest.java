package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JunitReportTest {

    @Test
    void failedAndTimedOutJobsAreFailuresAndPendingOnesSkipped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JunitReport.write("cloudtask session 7", List.of(
                JobTableTest.row(1, 1, "frame 1", "EXIT=0", 3),
                JobTableTest.row(2, 1, "frame <2> & \u0001", "EXIT=1", 3),
                JobTableTest.row(3, 2, "frame 3", "TIMEOUT", 4)), 2, out);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toByteArray()));
        Element suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(2);
        Element second = (Element) xml.getElementsByTagName("testcase").item(1);
        assertThat(second.getAttribute("name")).isEqualTo("job 2: frame <2> & ?");
        assertThat(((Element) second.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("EXIT=1 on w1 (build #3)");
    }
}
