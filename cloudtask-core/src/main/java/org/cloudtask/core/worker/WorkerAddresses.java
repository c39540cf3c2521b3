package org.cloudtask.core.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses worker lists as users write them ({@code --workers}): addresses separated by spaces, commas or newlines,
 * each {@code [N/][user@]host[:port]} (IPv6 as {@code [::1]:22}), or the path of a file of such lines with
 * {@code #} comments and blank lines. Errors are one-line {@link IllegalArgumentException}s naming the bad address.
 */
public final class WorkerAddresses {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Pattern SLOTS = Pattern.compile("^(\\d+)/");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?");
    private static final int SSH_PORT = 22;

    private WorkerAddresses() {
    }

    /**
     * Parses an option value: each word that names an existing regular file is read as a worker file, every other
     * word is an address.
     */
    public static List<WorkerAddress> parseOption(String value) {
        StringBuilder text = new StringBuilder();
        for (String word : words(value)) {
            Path file = Path.of(word);
            text.append(Files.isRegularFile(file) ? readFile(file) : word).append('\n');
        }
        return parse(text.toString());
    }

    /** Parses addresses separated by spaces, commas or newlines; {@code #} starts a comment up to the line's end. */
    public static List<WorkerAddress> parse(String text) {
        List<WorkerAddress> addresses = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String word : words(text)) {
            WorkerAddress address = parseOne(word);
            String previous = seen.putIfAbsent(identity(address), word);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "duplicate worker address \"" + word + "\" (same as \"" + previous + "\"): list each worker once");
            }
            addresses.add(address);
        }
        return List.copyOf(addresses);
    }

    /** Parses one {@code [N/][user@]host[:port]}. */
    public static WorkerAddress parseOne(String word) {
        String rest = word;
        int slots = 0;
        Matcher slotMatch = SLOTS.matcher(rest);
        if (slotMatch.find()) {
            slots = number(word, slotMatch.group(1), "jobs per worker", 1, 100_000);
            rest = rest.substring(slotMatch.end());
        }
        String user = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (!USER.matcher(user).matches()) {
                throw bad(word, "\"" + user + "\" is not a valid user name");
            }
        }
        String host = rest;
        int port = 0;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(word, "missing ']' after the IPv6 address");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(word, "expected ':port' after ']'");
                }
                port = number(word, after.substring(1), "port", 1, 65535);
            }
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw bad(word, "\"" + host + "\" is not an IPv6 address");
            }
            return new WorkerAddress(user, host, port, slots, null);
        }
        int colon = rest.indexOf(':');
        if (colon >= 0 && colon == rest.lastIndexOf(':')) {
            host = rest.substring(0, colon);
            port = number(word, rest.substring(colon + 1), "port", 1, 65535);
        }
        if (host.isEmpty()) {
            throw bad(word, "the host is empty");
        }
        // why: a bare IPv6 address ("fe80::1") has no room for a port; accept it as a host, as ssh does
        boolean bareIpv6 = host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
        if (!bareIpv6 && !HOST_NAME.matcher(host).matches()) {
            throw bad(word, "\"" + host + "\" is not a valid host name or address");
        }
        return new WorkerAddress(user, host, port, slots, null);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            for (String word : SEPARATORS.split(content)) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    /** Two addresses name the same worker when user, host and port agree; port 0 means the SSH default. */
    private static String identity(WorkerAddress address) {
        int port = address.port() == 0 ? SSH_PORT : address.port();
        return address.user() + "@" + address.host().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static int number(String word, String digits, String what, int min, int max) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            throw bad(word, what + " \"" + digits + "\" is not a number");
        }
        int value = Integer.parseInt(digits);
        if (value < min || value > max) {
            throw bad(word, what + " " + value + " is out of range " + min + "-" + max);
        }
        return value;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read worker file " + file + ": " + e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String word, String reason) {
        return new IllegalArgumentException("bad worker address \"" + word + "\": " + reason);
    }
}
