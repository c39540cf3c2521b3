package org.cloudtask.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudtask.core.engine.CloudTaskException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalTest {

    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("journal");
    }

    private void write(String... records) throws Exception {
        try (Journal j = new Journal(journal(), () -> { }, () -> { })) {
            for (String r : records) j.append(r, null);
            j.sync(10_000);
        }
    }

    private List<String> readBack() throws IOException {
        List<String> records = new ArrayList<>();
        JournalReader.read(journal(), records::add);
        return records;
    }

    @Test
    void recordsComeBackInOrder() throws Exception {
        write("RUN 1 0 1 h", "START 1 1 0 w 1-1 0 -", "END 1 1 0 EXIT=0 final - 1-1 0 0");
        assertThat(readBack()).containsExactly("RUN 1 0 1 h", "START 1 1 0 w 1-1 0 -", "END 1 1 0 EXIT=0 final - 1-1 0 0");
    }

    @Test
    void actionsRunOnlyAfterTheirRecordIsWritten() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (Journal j = new Journal(journal(), () -> { }, () -> { })) {
            j.append("A", () -> seen.set(readQuietly().size()));
            j.sync(10_000);
        }
        assertThat(seen.get()).isEqualTo(1);
    }

    private List<String> readQuietly() {
        try {
            return readBack();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aTornLastRecordIsIgnored() throws Exception {
        write("A 1", "B 2");
        long intact = Files.size(journal());
        Files.write(journal(), "1234abcd C 3 half a rec".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        List<String> records = new ArrayList<>();
        assertThat(JournalReader.read(journal(), records::add)).isEqualTo(intact);
        assertThat(records).containsExactly("A 1", "B 2");
    }

    @Test
    void aCorruptLastRecordWithItsLineFeedIsIgnored() throws Exception {
        write("A 1", "B 2");
        long intact = Files.size(journal());
        Files.write(journal(), "00000000 C 3\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        List<String> records = new ArrayList<>();
        assertThat(JournalReader.read(journal(), records::add)).isEqualTo(intact);
        assertThat(records).containsExactly("A 1", "B 2");
    }

    @Test
    void corruptionBeforeTheEndIsAClearError() throws Exception {
        write("A 1", "B 2", "C 3");
        byte[] bytes = Files.readAllBytes(journal());
        int secondRecord = new String(bytes, StandardCharsets.UTF_8).indexOf("B 2");
        bytes[secondRecord + 2] = '7';
        Files.write(journal(), bytes);
        assertThatThrownBy(this::readBack)
                .isInstanceOf(CloudTaskException.class)
                .hasMessageContaining("is damaged at line 2")
                .hasMessageContaining("start a new one");
    }

    @Test
    void aJournalContinuedAfterATornRecordReadsCleanly() throws Exception {
        write("A 1");
        Files.write(journal(), "deadbeef B".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        long intact = JournalReader.read(journal(), r -> { });
        AppendFile f = new AppendFile(journal(), 16);
        f.truncate(intact);
        f.close();
        try (Journal j = new Journal(journal(), () -> { }, () -> { })) {
            j.append("C 3", null);
        }
        assertThat(readBack()).containsExactly("A 1", "C 3");
    }
}
