package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class JobOutputStoreTest {

    private static final int CHUNK = 64 * 1024;
    private static final long TOTAL = 192L * 1024 * 1024;

    @TempDir
    Path dir;

    /** A sink that keeps only a checksum and a count, like a browser reading the page. */
    private static final class Checksum extends OutputStream {
        final CRC32 crc = new CRC32();
        long bytes;

        @Override
        public void write(int b) {
            crc.update(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            bytes += len;
        }
    }

    @Test
    void anOutputLargerThanTheHeapIsStoredAndServedInPieces() throws Exception {
        // why: the module's tests run with -Xmx64m, so holding this output whole anywhere would fail the test
        JobOutputStore store = new JobOutputStore(dir);
        byte[] chunk = new byte[CHUNK];
        CRC32 written = new CRC32();
        try (OutputStream out = store.open(7, 1)) {
            for (long sent = 0; sent < TOTAL; sent += CHUNK) {
                Arrays.fill(chunk, (byte) (sent / CHUNK));
                out.write(chunk);
                written.update(chunk);
            }
        }

        Checksum served = new Checksum();
        assertThat(store.copyTo(7, 1, served)).isEqualTo(TOTAL);
        assertThat(served.crc.getValue()).isEqualTo(written.getValue());
    }

    @Test
    void anAttemptThatPrintedNothingServesNothingAndNonsenseIdsAreRefused() throws Exception {
        JobOutputStore store = new JobOutputStore(dir);
        assertThat(store.copyTo(3, 1, OutputStream.nullOutputStream())).isZero();
        assertThatThrownBy(() -> store.read(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
