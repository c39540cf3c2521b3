package org.cloudtask.core.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * The session's {@code settings} file: {@link TaskSettings} as Java properties (durations as ISO-8601, e.g.
 * {@code PT1H}). Never secrets: TaskSettings holds none (identity files are paths, passwords are not settings).
 */
public final class SettingsFile {

    /**
     * One setting kept as one property: how to read it from TaskSettings, how to set it back, how to parse its text.
     * Saved with {@code toString()}; null values are not saved, and a key missing from the file (a setting newer than
     * the session) keeps TaskSettings' default.
     */
    private record Scalar<T>(String key, Function<TaskSettings, T> get, BiConsumer<TaskSettings, T> set,
                             Function<String, T> parse) {

        void save(TaskSettings s, Properties p) {
            T value = get.apply(s);
            if (value != null) p.setProperty(key, value.toString());
        }

        void load(Properties p, TaskSettings s) {
            String text = p.getProperty(key);
            if (text != null) set.accept(s, parse.apply(text));
        }
    }

    // why a table: a new setting is one line here (lists, maps and the halt policy below are kept by hand)
    private static final List<Scalar<?>> SCALARS = List.of(
            new Scalar<>("command", TaskSettings::command, TaskSettings::command, text -> text),
            new Scalar<>("split", TaskSettings::split, TaskSettings::split, Integer::valueOf),
            new Scalar<>("timeout", TaskSettings::timeout, TaskSettings::timeout, Duration::parse),
            new Scalar<>("killGrace", TaskSettings::killGrace, TaskSettings::killGrace, Duration::parse),
            new Scalar<>("retries", TaskSettings::retries, TaskSettings::retries, Integer::valueOf),
            new Scalar<>("strikes", TaskSettings::strikes, TaskSettings::strikes, Integer::valueOf),
            new Scalar<>("slotsPerWorker", TaskSettings::slotsPerWorker, TaskSettings::slotsPerWorker,
                    Integer::valueOf),
            new Scalar<>("pingInterval", TaskSettings::pingInterval, TaskSettings::pingInterval, Duration::parse),
            new Scalar<>("pingTimeout", TaskSettings::pingTimeout, TaskSettings::pingTimeout, Duration::parse),
            new Scalar<>("pingRetries", TaskSettings::pingRetries, TaskSettings::pingRetries, Integer::valueOf),
            new Scalar<>("bootTimeout", TaskSettings::bootTimeout, TaskSettings::bootTimeout, Duration::parse),
            new Scalar<>("setupTimeout", TaskSettings::setupTimeout, TaskSettings::setupTimeout, Duration::parse),
            new Scalar<>("pre", TaskSettings::pre, TaskSettings::pre, text -> text),
            new Scalar<>("post", TaskSettings::post, TaskSettings::post, text -> text),
            new Scalar<>("overlay", TaskSettings::overlay, TaskSettings::overlay, Path::of),
            new Scalar<>("jobLog", TaskSettings::jobLog, TaskSettings::jobLog, Path::of),
            new Scalar<>("instancePrice", TaskSettings::instancePrice, TaskSettings::instancePrice, Double::valueOf),
            new Scalar<>("returnMax", TaskSettings::returnMax, TaskSettings::returnMax, Long::valueOf),
            new Scalar<>("inputMode", TaskSettings::inputMode, TaskSettings::inputMode,
                    org.cloudtask.core.input.InputMode::ofSetting),
            new Scalar<>("keepWorkdir", TaskSettings::keepWorkdir, TaskSettings::keepWorkdir, Boolean::valueOf));

    private SettingsFile() {
    }

    public static void save(Path file, TaskSettings s) throws IOException {
        Properties p = new Properties();
        for (Scalar<?> scalar : SCALARS) scalar.save(s, p);
        List<WorkerAddress> workers = s.workers();
        for (int i = 0; i < workers.size(); i++) {
            WorkerAddress w = workers.get(i);
            p.setProperty("worker." + i, w.toString());
            if (w.hostKey() != null) p.setProperty("worker." + i + ".hostKey", w.hostKey());
        }
        // why: only names; values may be secrets and are read again from the controller's environment on resume
        if (!s.passedEnvironment().isEmpty()) p.setProperty("passEnv", String.join(",", s.passedEnvironment()));
        for (int i = 0; i < s.returns().size(); i++) p.setProperty("return." + i, s.returns().get(i));
        for (int i = 0; i < s.transfers().size(); i++) {
            p.setProperty("transfer." + i, s.transfers().get(i).target());
            p.setProperty("transfer." + i + ".from", s.transfers().get(i).source().toString());
        }
        if (s.halt() != null) {
            p.setProperty("halt", s.halt().toString());
            p.setProperty("haltMin", Integer.toString(s.halt().minJobs()));
        }
        s.frontEnd().forEach((k, v) -> p.setProperty("frontEnd." + k, v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "cloudtask task settings");
        PrivateFiles.writeAtomically(file, out.toByteArray());
    }

    public static TaskSettings load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        TaskSettings s = new TaskSettings();
        for (Scalar<?> scalar : SCALARS) scalar.load(p, s);
        s.workers(loadWorkers(p));
        String passEnv = p.getProperty("passEnv", "");
        s.passedEnvironment(passEnv.isEmpty() ? List.of() : List.of(passEnv.split(",")));
        List<String> returns = new ArrayList<>();
        for (int i = 0; p.getProperty("return." + i) != null; i++) returns.add(p.getProperty("return." + i));
        s.returns(returns);
        List<org.cloudtask.core.worker.TransferFile> transfers = new ArrayList<>();
        for (int i = 0; p.getProperty("transfer." + i) != null; i++) {
            transfers.add(new org.cloudtask.core.worker.TransferFile(Path.of(p.getProperty("transfer." + i + ".from")),
                    p.getProperty("transfer." + i)));
        }
        s.transfers(transfers);
        if (p.getProperty("halt") != null) {
            s.halt(org.cloudtask.core.engine.HaltPolicy.parse(p.getProperty("halt"),
                    Integer.parseInt(p.getProperty("haltMin", "20"))));
        }
        s.frontEnd(withPrefix(p, "frontEnd."));
        return s;
    }

    private static List<WorkerAddress> loadWorkers(Properties p) {
        List<WorkerAddress> workers = new ArrayList<>();
        for (int i = 0; p.getProperty("worker." + i) != null; i++) {
            WorkerAddress w = WorkerAddressText.parse(p.getProperty("worker." + i));
            String key = p.getProperty("worker." + i + ".hostKey");
            workers.add(key == null ? w : w.withHostKey(key));
        }
        return workers;
    }

    private static Map<String, String> withPrefix(Properties p, String prefix) {
        Map<String, String> sorted = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(prefix)) sorted.put(name.substring(prefix.length()), p.getProperty(name));
        }
        return new LinkedHashMap<>(sorted);
    }
}
