package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How known_hosts lines are read and matched, without a server. */
class KnownHostsRepositoryTest {

    private static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @TempDir
    Path temp;

    @Test
    void eachFileIsReadOnceAndLookedUpByNameWhateverItsSize() throws Exception {
        StringBuilder lines = new StringBuilder("# comment\n\nnot-a-key-line\n");
        for (int i = 0; i < 2_000; i++) {
            lines.append("[10.0.").append(i / 250).append('.').append(i % 250).append("]:22 ssh-ed25519 ")
                    .append(KEY).append('\n');
        }
        Path file = Files.writeString(temp.resolve("known_hosts"), lines);
        KnownHostsRepository repository = new KnownHostsRepository(List.of(file));

        assertThat(repository.entriesFor(List.of(file), "[10.0.7.99]:22")).singleElement()
                .satisfies(entry -> assertThat(entry.line()).isEqualTo(4 + 7 * 250 + 99));
        Files.delete(file);

        assertThat(repository.entriesFor(List.of(file), "[10.0.0.1]:22")).hasSize(1);
        assertThat(repository.entriesFor(List.of(file), "[10.0.0.1]:2222")).isEmpty();
    }

    @Test
    void patternsMatchAsSshMatchesThem() {
        assertThat(KnownHostsFile.matchesPatterns("web1,web2", "WEB2")).isTrue();
        assertThat(KnownHostsFile.matchesPatterns("*.farm,!bad.farm", "good.farm")).isTrue();
        assertThat(KnownHostsFile.matchesPatterns("*.farm,!bad.farm", "bad.farm")).isFalse();
        assertThat(KnownHostsFile.matchesPatterns("web?", "web7")).isTrue();
        assertThat(KnownHostsFile.matchesPatterns("web?", "web10")).isFalse();
        assertThat(KnownHostsFile.matchesPatterns("[10.0.0.*]:2222", "[10.0.0.5]:2222")).isTrue();
    }

    @Test
    void markersHashedNamesAndRecordedKeysAreFound() throws Exception {
        byte[] salt = new byte[20];
        Path file = Files.writeString(temp.resolve("known_hosts"), "@revoked * ssh-ed25519 " + KEY + "\n"
                + "@cert-authority *.farm ssh-ed25519 " + KEY + "\n"
                + KnownHostsFile.hashed(salt, "[web1]:2222") + " ssh-ed25519 " + KEY + "\n"
                + "@bogus web1 ssh-ed25519 " + KEY + "\n");
        KnownHostsRepository repository = new KnownHostsRepository(List.of(file));

        assertThat(repository.entriesFor(List.of(file), "[WEB1]:2222")).extracting(KnownHostsFile.Entry::marker)
                .containsExactly(KnownHostsFile.Marker.REVOKED, KnownHostsFile.Marker.NONE);
        assertThat(repository.entriesFor(List.of(file), "db.farm")).extracting(KnownHostsFile.Entry::marker)
                .containsExactly(KnownHostsFile.Marker.REVOKED, KnownHostsFile.Marker.CERT_AUTHORITY);

        repository.record(file, "New-Host", "ssh-ed25519", KEY, true);
        assertThat(repository.entriesFor(List.of(file), "new-host")).last()
                .satisfies(entry -> assertThat(entry.line()).isEqualTo(5));
        assertThat(Files.readString(file).lines().skip(4).findFirst().orElseThrow()).startsWith("|1|")
                .endsWith(" ssh-ed25519 " + KEY).doesNotContain("new-host");
        assertThat(new KnownHostsRepository(List.of(file)).entriesFor(List.of(file), "new-host"))
                .extracting(KnownHostsFile.Entry::marker)
                .containsExactly(KnownHostsFile.Marker.REVOKED, KnownHostsFile.Marker.NONE);
    }
}
