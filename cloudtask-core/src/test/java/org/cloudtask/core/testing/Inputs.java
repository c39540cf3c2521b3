package org.cloudtask.core.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Input streams for tests. */
public final class Inputs {

    private Inputs() {
    }

    public static InputStream lines(String... lines) {
        return new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code seq from to}. */
    public static InputStream seq(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i <= to; i++) s.append(i).append('\n');
        return new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
