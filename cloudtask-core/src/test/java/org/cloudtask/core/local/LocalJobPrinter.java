package org.cloudtask.core.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import org.cloudtask.core.worker.CommandRequest;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * Not a test: runs a local job and prints the JVM's charset and the job's output bytes in hex. The command comes as
 * the hex of its UTF-8 bytes, because this JVM's own arguments are decoded in its locale's charset.
 */
public final class LocalJobPrinter {

    public static void main(String[] args) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new LocalTransport().connect(WorkerAddress.of("local-1"))
                .start(new CommandRequest(fromHex(args[0]), Map.of(), "job 1"), output::write)
                .await(Duration.ofSeconds(30)).orElseThrow();
        StringBuilder hex = new StringBuilder();
        for (byte b : output.toByteArray()) hex.append(String.format("%02x", b));
        System.out.println("charset " + Charset.defaultCharset() + " output " + hex);
    }

    private static String fromHex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
