package org.cloudtask.jenkins.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * Parses worker addresses as the command line's {@code --workers} takes them: {@code [N/][user@]host[:port]}
 * ({@code [::1]:22} for IPv6), separated by spaces, commas or newlines; {@code #} starts a comment.
 */
public final class WorkerList {

    private static final Pattern ADDRESS =
            Pattern.compile("(?:(\\d+)/)?(?:([^@/\\s]+)@)?(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s]+)(?::(\\d+))?");

    private WorkerList() {
    }

    public static List<WorkerAddress> parse(String text) {
        List<WorkerAddress> workers = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String content = comment >= 0 ? line.substring(0, comment) : line;
            for (String word : content.split("[\\s,]+")) {
                if (!word.isEmpty()) workers.add(parseOne(word));
            }
        }
        return workers;
    }

    static WorkerAddress parseOne(String word) {
        Matcher m = ADDRESS.matcher(word);
        if (!m.matches()) throw badAddress(word, "expected [N/][user@]host[:port]");
        String host = m.group(3).startsWith("[") ? m.group(3).substring(1, m.group(3).length() - 1) : m.group(3);
        int port = m.group(4) == null ? 0 : number(word, m.group(4), "port", 1, 65535);
        int slots = m.group(1) == null ? 0 : number(word, m.group(1), "slot count", 1, 10_000);
        return new WorkerAddress(m.group(2), host, port, slots, null);
    }

    private static int number(String word, String digits, String what, int min, int max) {
        try {
            int value = Integer.parseInt(digits);
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException tooLong) {
            // reported below
        }
        throw badAddress(word, what + " must be between " + min + " and " + max);
    }

    private static IllegalArgumentException badAddress(String word, String why) {
        return new IllegalArgumentException("bad worker address '" + word + "': " + why);
    }
}
