package org.cloudtask.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;

/**
 * Resolves a host as ssh does: the user's ssh config file, read once with JSch's {@link OpenSSHConfig} (first value
 * wins, {@code Host} patterns with {@code *}, {@code ?} and {@code !}), under what the command line and the worker's
 * address say, which win. Without a config file only those and the defaults apply.
 *
 * <p>Why not JSch's own use of the config: it would read known_hosts files and key files again on every connection
 * and replace cloudtask's host key checks; here each value is taken and applied by cloudtask.
 */
final class SshConfigResolver {

    private final SshSettings settings;
    private final ConfigRepository config;

    private SshConfigResolver(SshSettings settings, ConfigRepository config) {
        this.settings = settings;
        this.config = config;
    }

    /**
     * @throws IOException with a one-line message when the config file cannot be read
     */
    static SshConfigResolver load(SshSettings settings) throws IOException {
        if (settings.sshConfig().isEmpty()) {
            return new SshConfigResolver(settings, null);
        }
        Path file = settings.sshConfig().get();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("cannot read ssh config " + file + ": no such readable file (check --ssh-config)");
        }
        return new SshConfigResolver(settings, OpenSSHConfig.parseFile(file.toString()));
    }

    /**
     * @param name        the host as given (an alias or an address)
     * @param addressUser the user the address names, or null
     * @param addressPort the port the address names, or 0
     */
    ResolvedHost resolve(String name, String addressUser, int addressPort) {
        ConfigRepository.Config entry = config == null ? ConfigRepository.defaultConfig
                : config.getConfig(name);
        String hostName = expand(entry.getHostname(), name, null);
        hostName = hostName == null ? name : hostName;
        int port = addressPort != 0 ? addressPort : entry.getPort() > 0 ? entry.getPort() : ResolvedHost.SSH_PORT;
        String user = addressUser != null ? addressUser
                : settings.userGiven() || entry.getUser() == null ? settings.user() : entry.getUser();
        List<Path> identityFiles = new ArrayList<>();
        for (String file : values(entry, "IdentityFile")) {
            identityFiles.add(Path.of(expand(file, hostName, user)));
        }
        return new ResolvedHost(name, hostName, port, user, identityFiles, yes(entry.getValue("IdentitiesOnly")),
                knownHostsFiles(entry, hostName, user), hostKeyPolicy(entry.getValue("StrictHostKeyChecking")),
                yes(entry.getValue("HashKnownHosts")), unquote(entry.getValue("HostKeyAlias")),
                connectTimeout(entry.getValue("ConnectTimeout")), millis(entry.getValue("ServerAliveInterval")),
                proxyJump(entry.getValue("ProxyJump")));
    }

    /** UserKnownHostsFile replaces the user's own file (the first); --known-hosts files stay after it. */
    private List<Path> knownHostsFiles(ConfigRepository.Config entry, String hostName, String user) {
        List<Path> files = new ArrayList<>();
        String userFiles = entry.getValue("UserKnownHostsFile");
        if (userFiles == null || settings.knownHostsFiles().isEmpty()) {
            return settings.knownHostsFiles();
        }
        for (String file : userFiles.strip().split("\\s+")) {
            if (!file.equalsIgnoreCase("none")) {
                files.add(Path.of(expand(file, hostName, user)));
            }
        }
        files.addAll(settings.knownHostsFiles().subList(1, settings.knownHostsFiles().size()));
        return files;
    }

    private HostKeyPolicy hostKeyPolicy(String value) {
        if (settings.hostKeyPolicyGiven() || value == null) {
            return settings.hostKeyPolicy();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
            case "no", "off" -> HostKeyPolicy.OFF;
            // why ask means strict: no one is there to answer a question in the middle of a run
            default -> HostKeyPolicy.STRICT;
        };
    }

    private Duration connectTimeout(String millis) {
        if (settings.connectTimeoutGiven()) {
            return settings.connectTimeout();
        }
        Duration fromConfig = millis(millis);
        return fromConfig != null ? fromConfig : settings.connectTimeout();
    }

    /** OpenSSHConfig gives ConnectTimeout and ServerAliveInterval in milliseconds already. */
    private static Duration millis(String value) {
        try {
            return value == null || Long.parseLong(value.strip()) <= 0 ? null
                    : Duration.ofMillis(Long.parseLong(value.strip()));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String proxyJump(String value) {
        String hops = unquote(value);
        return hops == null || hops.isBlank() || hops.equalsIgnoreCase("none") ? null : hops.strip();
    }

    private static List<String> values(ConfigRepository.Config entry, String key) {
        String[] values = entry.getValues(key);
        return values == null ? List.of() : List.of(values);
    }

    private static boolean yes(String value) {
        return value != null && value.strip().equalsIgnoreCase("yes");
    }

    /** ssh's tokens in paths and names: {@code ~}, {@code %d} (home), {@code %h}, {@code %r}, {@code %%}. */
    private String expand(String value, String hostName, String user) {
        String text = unquote(value);
        if (text == null) {
            return null;
        }
        String home = settings.home().toString();
        if (text.equals("~") || text.startsWith("~/")) {
            text = home + text.substring(1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char token = text.charAt(++i);
            switch (token) {
                case 'd' -> out.append(home);
                case 'h' -> out.append(hostName);
                case 'r' -> out.append(user == null ? "" : user);
                case '%' -> out.append('%');
                default -> out.append('%').append(token);
            }
        }
        return out.toString();
    }

    private static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : text;
    }
}
