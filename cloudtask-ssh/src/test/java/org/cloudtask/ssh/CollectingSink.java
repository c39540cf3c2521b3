package org.cloudtask.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.cloudtask.core.worker.OutputSink;

/** Gathers a command's output for assertions. */
final class CollectingSink implements OutputSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        bytes.write(data, offset, length);
    }

    synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
