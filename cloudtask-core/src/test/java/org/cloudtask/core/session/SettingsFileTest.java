package org.cloudtask.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cloudtask.core.engine.HaltPolicy;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {

    @TempDir
    Path dir;

    /** Every setting given, so every key of the format is written. */
    private static TaskSettings everySetting() {
        return new TaskSettings().command("echo").split(4).timeout(Duration.ofMinutes(2))
                .killGrace(Duration.ofSeconds(7)).retries(2).strikes(3).slotsPerWorker(5)
                .pingInterval(Duration.ofSeconds(11)).pingTimeout(Duration.ofSeconds(4)).pingRetries(6)
                .bootTimeout(Duration.ofMinutes(9)).setupTimeout(Duration.ofSeconds(90)).pre("make deps")
                .post("rm -rf tmp").overlay(Path.of("/srv/overlay")).jobLog(Path.of("/var/log/jobs.log"))
                .instancePrice(0.25)
                .workers(List.of(new WorkerAddress("root", "10.0.0.1", 2222, 2, null),
                        new WorkerAddress(null, "w2", 0, 0, "ssh-ed25519 AAAAkey")))
                .passedEnvironment(List.of("API_TOKEN", "REGION")).returns(List.of("out.csv", "logs/run.txt"))
                .returnMax(1234).halt(HaltPolicy.parse("fail=10%", 30)).frontEnd(Map.of("jenkins.build", "42"))
                .inputMode(org.cloudtask.core.input.InputMode.NULL);
    }

    @Test
    void savedFileKeepsTheFormatThatExistingSessionsWereWrittenIn() throws IOException {
        Path file = dir.resolve("settings");

        SettingsFile.save(file, everySetting());

        Properties saved = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            saved.load(in);
        }
        assertThat(saved).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("command", "echo"), Map.entry("split", "4"), Map.entry("timeout", "PT2M"),
                Map.entry("killGrace", "PT7S"), Map.entry("retries", "2"), Map.entry("strikes", "3"),
                Map.entry("slotsPerWorker", "5"), Map.entry("pingInterval", "PT11S"),
                Map.entry("pingTimeout", "PT4S"), Map.entry("pingRetries", "6"), Map.entry("bootTimeout", "PT9M"),
                Map.entry("setupTimeout", "PT1M30S"), Map.entry("pre", "make deps"), Map.entry("post", "rm -rf tmp"),
                Map.entry("overlay", "/srv/overlay"), Map.entry("jobLog", "/var/log/jobs.log"),
                Map.entry("instancePrice", "0.25"), Map.entry("worker.0", "2/root@10.0.0.1:2222"),
                Map.entry("worker.1", "w2"), Map.entry("worker.1.hostKey", "ssh-ed25519 AAAAkey"),
                Map.entry("passEnv", "API_TOKEN,REGION"), Map.entry("return.0", "out.csv"),
                Map.entry("return.1", "logs/run.txt"), Map.entry("returnMax", "1234"),
                Map.entry("halt", "soon,fail=10%"), Map.entry("haltMin", "30"), Map.entry("frontEnd.jenkins.build", "42"),
                Map.entry("inputMode", "null")));
    }

    @Test
    void everySettingSurvivesSaveAndLoad() throws IOException {
        Path file = dir.resolve("settings");
        TaskSettings before = everySetting();

        SettingsFile.save(file, before);
        TaskSettings after = SettingsFile.load(file);

        assertThat(after).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void transferredFilesAndKeepWorkdirSurviveSaveAndLoad() throws IOException {
        Path file = dir.resolve("settings");
        TaskSettings before = new TaskSettings().keepWorkdir(true).transfers(List.of(
                new org.cloudtask.core.worker.TransferFile(Path.of("/home/me/project/render.sh"), "render.sh"),
                new org.cloudtask.core.worker.TransferFile(Path.of("/home/me/project/bin/tool"), "bin/tool")));

        SettingsFile.save(file, before);
        TaskSettings after = SettingsFile.load(file);

        assertThat(after.transfers()).isEqualTo(before.transfers());
        assertThat(after.keepWorkdir()).isTrue();
    }

    @Test
    void fileOfAnOlderVersionWithOnlySomeKeysLoadsWithDefaultsForTheRest() throws IOException {
        Path file = Files.writeString(dir.resolve("settings"), """
                #cloudtask task settings
                command=sleep
                split=2
                timeout=PT30S
                worker.0=root@10.0.0.9
                """);

        TaskSettings loaded = SettingsFile.load(file);

        assertThat(loaded).usingRecursiveComparison().isEqualTo(new TaskSettings().command("sleep").split(2)
                .timeout(Duration.ofSeconds(30)).workers(List.of(new WorkerAddress("root", "10.0.0.9", 0, 0, null))));
    }
}
