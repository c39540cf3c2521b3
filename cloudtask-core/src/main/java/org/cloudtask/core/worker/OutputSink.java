package org.cloudtask.core.worker;

import java.io.IOException;

/** Receives a command's output as it arrives, from one transport thread at a time. */
@FunctionalInterface
public interface OutputSink {

    OutputSink DISCARD = (bytes, offset, length) -> { };

    void write(byte[] bytes, int offset, int length) throws IOException;
}
