package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.worker.WorkerAddress;
import org.cloudtask.core.worker.WorkerAddresses;
import org.junit.jupiter.api.Test;

class SettingsMapperTest {

    @Test
    void stepFieldsBecomeTheEnginesSettings() {
        TaskParameters p = new TaskParameters("./render.sh");
        p.setSplit(20);
        p.setTimeout(90);
        p.setRetries(1);
        p.setStrikes(3);
        p.setPre("./setup.sh");
        p.setHostKeyPolicy("accept-new");

        TaskSettings s = SettingsMapper.toSettings(p, WorkerAddresses.parse("a 2/bob@b:2222"), "jenkins",
                Path.of("/tmp/overlay"), "job#7", "f1");

        assertThat(s.command()).isEqualTo("./render.sh");
        assertThat(s.split()).isEqualTo(20);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.retries()).isEqualTo(1);
        assertThat(s.strikes()).isEqualTo(3);
        assertThat(s.pre()).isEqualTo("./setup.sh");
        assertThat(s.post()).isNull();
        assertThat(s.overlay()).isEqualTo(Path.of("/tmp/overlay"));
        assertThat(s.workers()).containsExactly(
                new WorkerAddress("jenkins", "a", 0, 0, null), new WorkerAddress("bob", "b", 2222, 2, null));
        assertThat(s.frontEnd()).containsEntry("host-key-policy", "accept-new")
                .containsEntry("jenkins-run", "job#7").containsEntry("jenkins-task-fingerprint", "f1");
    }

    @Test
    void haltFieldsBecomeTheHaltPolicy() {
        TaskParameters p = new TaskParameters("./render.sh");
        p.setHalt(" now,fail=10% ");
        p.setHaltMin(50);

        TaskSettings s = SettingsMapper.toSettings(p, List.of(), null, null, "r", "f");

        assertThat(s.halt()).isEqualTo(new org.cloudtask.core.engine.HaltPolicy(true, 10, true, 50));
        assertThat(SettingsMapper.toSettings(new TaskParameters("x"), List.of(), null, null, "r", "f").halt()).isNull();
    }

    @Test
    void returnFieldsBecomeTheReturnSettings() {
        TaskParameters p = new TaskParameters("./render.sh");
        p.setReturns("out/frame.png\n\n  logs/render.log  \n");
        p.setReturnMaxMegabytes(5);

        TaskSettings s = SettingsMapper.toSettings(p, List.of(), null, null, "r", "f");

        assertThat(s.returns()).containsExactly("out/frame.png", "logs/render.log");
        assertThat(s.returnMax()).isEqualTo(5L * 1024 * 1024);
        assertThat(SettingsMapper.toSettings(new TaskParameters("x"), List.of(), null, null, "r", "f").returnMax())
                .isEqualTo(new TaskSettings().returnMax());
    }

    @Test
    void envNamesAreSavedAndTheirValuesComeFromTheBuildEnvironment() {
        TaskParameters p = new TaskParameters("./render.sh");
        p.setEnv("API_TOKEN, REGION");

        TaskSettings s = SettingsMapper.withEnvironment(SettingsMapper.toSettings(p, List.of(), null, null, "r", "f"),
                java.util.Map.of("API_TOKEN", "s3cret", "REGION", "eu", "OTHER", "x"));

        assertThat(s.passedEnvironment()).containsExactly("API_TOKEN", "REGION");
        assertThat(s.jobEnvironment()).containsExactly(java.util.Map.entry("API_TOKEN", "s3cret"),
                java.util.Map.entry("REGION", "eu"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingsMapper.withEnvironment(s, java.util.Map.of()))
                .hasMessage("env API_TOKEN: the build has no variable API_TOKEN; set it (withEnv, a parameter) or"
                        + " remove it from env");
    }

    @Test
    void defaultsAreTheCommandLines() {
        TaskSettings s = SettingsMapper.toSettings(new TaskParameters("echo"), List.of(), null, null, "r", "f");
        TaskSettings cli = new TaskSettings();
        assertThat(s.split()).isEqualTo(cli.split());
        assertThat(s.timeout()).isEqualTo(cli.timeout());
        assertThat(s.retries()).isEqualTo(cli.retries());
        assertThat(s.strikes()).isEqualTo(cli.strikes());
    }

    @Test
    void aResumeMayChangeSplitTimeoutAndWorkersOnly() {
        TaskSettings saved = new TaskSettings().command("old").split(2).retries(4);
        TaskParameters p = new TaskParameters("new");
        p.setSplit(5);
        p.setTimeout(10);

        TaskSettings s = SettingsMapper.applyResumeOverrides(saved, p, WorkerAddresses.parse("w"), "u", "job#8");

        assertThat(s.command()).isEqualTo("old");
        assertThat(s.retries()).isEqualTo(4);
        assertThat(s.split()).isEqualTo(5);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.workers()).containsExactly(new WorkerAddress("u", "w", 0, 0, null));
        assertThat(s.frontEnd()).containsEntry("jenkins-run", "job#8");
    }
}
