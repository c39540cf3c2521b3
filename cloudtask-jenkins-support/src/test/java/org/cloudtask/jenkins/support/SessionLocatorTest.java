package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cloudtask.core.engine.TaskSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLocatorTest {

    @TempDir
    Path sessions;

    @Test
    void theSessionWhoseSettingsNameTheBuildIsFound() throws Exception {
        for (String name : new String[] {"1", "2", "3", "lock", "07"}) Files.createDirectories(sessions.resolve(name));
        Map<Long, String> runs = Map.of(1L, "job#4", 2L, "job#5", 3L, "job#6");

        assertThat(SessionLocator.sessionOf(sessions, "job#5",
                id -> new TaskSettings().frontEnd(Map.of(SettingsMapper.JENKINS_RUN, runs.get(id)))))
                .hasValue(2);
    }

    @Test
    void unreadableSessionsAndMissingDirectoriesFindNothing() throws Exception {
        Files.createDirectories(sessions.resolve("1"));
        assertThat(SessionLocator.sessionOf(sessions, "job#5", id -> {
            throw new IllegalStateException("corrupted");
        })).isEmpty();
        assertThat(SessionLocator.sessionOf(sessions.resolve("none"), "job#5", id -> null)).isEmpty();
    }

    @Test
    void keyMaterialNeverShowsItsSecrets() {
        KeyMaterial key = new KeyMaterial("deploy", java.util.List.of("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret"),
                "hunter2".toCharArray());
        assertThat(key.toString()).isEqualTo("KeyMaterial[user=deploy, 1 key(s), passphrase set]")
                .doesNotContain("secret", "hunter2");
    }
}
