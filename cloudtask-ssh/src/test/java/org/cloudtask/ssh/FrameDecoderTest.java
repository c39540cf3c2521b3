package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.cloudtask.core.worker.ExitStatus;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
        @Override
        public void output(int jobId, byte[] bytes, int offset, int length) {
            output.write(bytes, offset, length);
        }

        @Override
        public void frame(char type, int jobId, byte[] payload) {
            events.add(type + " " + jobId + " " + new String(payload, StandardCharsets.US_ASCII));
        }

        @Override
        public void closed() {
            events.add("closed");
        }
    });

    private static byte[] stream() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(RunnerFrames.encode('S', 7, "4242".getBytes(StandardCharsets.US_ASCII)));
        s.write(RunnerFrames.encode('O', 7, "X\0\0\0\7\0\0\0\6exit 9".getBytes(StandardCharsets.ISO_8859_1)));
        s.write(RunnerFrames.encode('O', 7, new byte[0]));
        s.write(RunnerFrames.encode('X', 7, "exit 0".getBytes(StandardCharsets.US_ASCII)));
        return s.toByteArray();
    }

    @Test
    void decodesTheSameWhateverTheChunkBoundaries() throws IOException {
        byte[] bytes = stream();
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            events.clear();
            output.reset();
            for (int i = 0; i < bytes.length; i += chunk) {
                decoder.write(bytes, i, Math.min(chunk, bytes.length - i));
            }
            assertThat(events).containsExactly("S 7 4242", "X 7 exit 0");
            assertThat(output.toString(StandardCharsets.ISO_8859_1)).isEqualTo("X\0\0\0\7\0\0\0\6exit 9");
        }
    }

    @Test
    void reportsTheEndOfTheStreamOnce() {
        decoder.close();
        decoder.close();
        assertThat(events).containsExactly("closed");
    }

    @Test
    void refusesAnOversizedControlFrame() {
        byte[] header = RunnerFrames.encode('X', 1, new byte[5000]);
        assertThatThrownBy(() -> decoder.write(header, 0, 9)).hasMessageContaining("runner protocol error");
    }

    @Test
    void readsExitReports() throws IOException {
        assertThat(ExitReports.parse("exit 3")).isEqualTo(ExitStatus.exited(3));
        assertThat(ExitReports.parse("signal 9")).isEqualTo(ExitStatus.killedBy("KILL", 9));
        assertThat(ExitReports.parse("signal 64")).isEqualTo(ExitStatus.killedBy("SIG64", 64));
        assertThatThrownBy(() -> ExitReports.parse("exploded")).hasMessageContaining("bad exit report");
    }
}
