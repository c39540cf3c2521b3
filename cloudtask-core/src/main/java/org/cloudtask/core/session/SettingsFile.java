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
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;

/**
 * The session's {@code settings} file: {@link TaskSettings} as Java properties (durations as ISO-8601, e.g.
 * {@code PT1H}). Never secrets: TaskSettings holds none (identity files are paths, passwords are not settings).
 */
public final class SettingsFile {

    private SettingsFile() {
    }

    public static void save(Path file, TaskSettings s) throws IOException {
        Properties p = new Properties();
        if (s.command() != null) p.setProperty("command", s.command());
        p.setProperty("split", Integer.toString(s.split()));
        p.setProperty("timeout", s.timeout().toString());
        p.setProperty("killGrace", s.killGrace().toString());
        p.setProperty("retries", Integer.toString(s.retries()));
        p.setProperty("strikes", Integer.toString(s.strikes()));
        p.setProperty("slotsPerWorker", Integer.toString(s.slotsPerWorker()));
        p.setProperty("pingInterval", s.pingInterval().toString());
        p.setProperty("pingTimeout", s.pingTimeout().toString());
        p.setProperty("pingRetries", Integer.toString(s.pingRetries()));
        p.setProperty("bootTimeout", s.bootTimeout().toString());
        p.setProperty("setupTimeout", s.setupTimeout().toString());
        if (s.pre() != null) p.setProperty("pre", s.pre());
        if (s.post() != null) p.setProperty("post", s.post());
        if (s.overlay() != null) p.setProperty("overlay", s.overlay().toString());
        if (s.jobLog() != null) p.setProperty("jobLog", s.jobLog().toString());
        if (s.instancePrice() != null) p.setProperty("instancePrice", s.instancePrice().toString());
        List<WorkerAddress> workers = s.workers();
        for (int i = 0; i < workers.size(); i++) {
            WorkerAddress w = workers.get(i);
            p.setProperty("worker." + i, w.toString());
            if (w.hostKey() != null) p.setProperty("worker." + i + ".hostKey", w.hostKey());
        }
        // why: only names; values may be secrets and are read again from the controller's environment on resume
        if (!s.passedEnvironment().isEmpty()) p.setProperty("passEnv", String.join(",", s.passedEnvironment()));
        for (int i = 0; i < s.returns().size(); i++) p.setProperty("return." + i, s.returns().get(i));
        p.setProperty("returnMax", Long.toString(s.returnMax()));
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
        TaskSettings s = new TaskSettings()
                .command(p.getProperty("command"))
                .split(Integer.parseInt(p.getProperty("split", "1")))
                .timeout(Duration.parse(p.getProperty("timeout", "PT1H")))
                .killGrace(Duration.parse(p.getProperty("killGrace", "PT5S")))
                .retries(Integer.parseInt(p.getProperty("retries", "0")))
                .strikes(Integer.parseInt(p.getProperty("strikes", "0")))
                .slotsPerWorker(Integer.parseInt(p.getProperty("slotsPerWorker", "1")))
                .pingInterval(Duration.parse(p.getProperty("pingInterval", "PT30S")))
                .pingTimeout(Duration.parse(p.getProperty("pingTimeout", "PT10S")))
                .pingRetries(Integer.parseInt(p.getProperty("pingRetries", "3")))
                .bootTimeout(Duration.parse(p.getProperty("bootTimeout", "PT10M")))
                .setupTimeout(Duration.parse(p.getProperty("setupTimeout", "PT5M")))
                .pre(p.getProperty("pre"))
                .post(p.getProperty("post"));
        if (p.getProperty("overlay") != null) s.overlay(Path.of(p.getProperty("overlay")));
        if (p.getProperty("jobLog") != null) s.jobLog(Path.of(p.getProperty("jobLog")));
        if (p.getProperty("instancePrice") != null) s.instancePrice(Double.valueOf(p.getProperty("instancePrice")));
        s.workers(loadWorkers(p));
        String passEnv = p.getProperty("passEnv", "");
        s.passedEnvironment(passEnv.isEmpty() ? List.of() : List.of(passEnv.split(",")));
        List<String> returns = new ArrayList<>();
        for (int i = 0; p.getProperty("return." + i) != null; i++) returns.add(p.getProperty("return." + i));
        s.returns(returns).returnMax(Long.parseLong(p.getProperty("returnMax", Long.toString(s.returnMax()))));
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
