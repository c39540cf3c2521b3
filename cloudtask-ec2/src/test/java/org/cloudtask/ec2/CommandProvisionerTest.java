package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.worker.WorkerAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommandProvisionerTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @TempDir
    Path dir;

    @AfterEach
    void scriptsLeaveNoProcessBehind() throws IOException {
        Path pids = dir.resolve("pids");
        if (Files.exists(pids)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(pids).stream()
                    .noneMatch(pid -> ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false)));
        }
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private CommandProvisioner provisioner(Path launch, Path destroy) {
        return new CommandProvisioner(new CommandSettings().launchCommand(launch.toString())
                .destroyCommand(destroy == null ? null : destroy.toString()).directory(dir), log::add);
    }

    @Test
    void launchCommandGetsTheCountLastAndEveryPrintedAddressIsReadyAtOnce() throws Exception {
        Path launch = script("launch", """
                echo "$@" > launch-args
                echo root@127.0.0.101:2222
                echo
                echo 127.0.0.102
                echo '[::1]:22'
                """);

        provisioner(launch, null).launch(3, listener);

        assertThat(Files.readString(dir.resolve("launch-args")).strip()).isEqualTo("3");
        assertThat(listener.created()).extracting(LaunchedWorker::instanceId)
                .containsExactly("root@127.0.0.101:2222", "127.0.0.102", "[::1]:22");
        assertThat(listener.ready()).extracting(LaunchedWorker::address).containsExactly(
                new WorkerAddress("root", "127.0.0.101", 2222, 0, null), WorkerAddress.of("127.0.0.102"),
                new WorkerAddress(null, "::1", 22, 0, null));
        assertThat(listener.failed()).isEmpty();
        assertThat(log).anyMatch(line -> line.startsWith("running launch command: " + launch + " 3"));
    }

    @Test
    void argumentsAfterTheCommandKeepItsOwnWords() throws Exception {
        Path launch = script("launch", "echo \"$@\" > launch-args; echo 127.0.0.101\n");

        new CommandProvisioner(new CommandSettings().launchCommand(launch + " --zone 'a b'").directory(dir), log::add)
                .launch(1, listener);

        assertThat(Files.readString(dir.resolve("launch-args")).strip()).isEqualTo("--zone a b 1");
    }

    @Test
    void fewerAddressesThanAskedAreReportedAsFailures() throws Exception {
        provisioner(script("launch", "echo 127.0.0.101\n"), null).launch(3, listener);

        assertThat(listener.ready()).hasSize(1);
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> {
            assertThat(f.worker()).isNull();
            assertThat(f.reason()).isEqualTo("launch command printed only 1 of 3 addresses");
        });
    }

    @Test
    void failingLaunchCommandIsReportedWithItsStderrInTheLog() throws Exception {
        provisioner(script("launch", "echo 127.0.0.101\necho 'quota exceeded in zone a' >&2\nexit 3\n"), null).launch(2, listener);

        assertThat(listener.ready()).hasSize(1);
        assertThat(listener.failed()).singleElement().satisfies(f ->
                assertThat(f.reason()).isEqualTo("launch command exited 3 after printing 1 of 2 addresses (its stderr is in the log)"));
        assertThat(log).contains("launch command: quota exceeded in zone a");
    }

    @Test
    void launchCommandThatHangsIsKilledAtItsTimeout() throws Exception {
        Path launch = script("launch", "echo $$ >> pids\necho 127.0.0.101\nsleep 60 & echo $! >> pids; wait\n");

        new CommandProvisioner(new CommandSettings().launchCommand(launch.toString()).directory(dir)
                .launchTimeout(Duration.ofMillis(700)), log::add).launch(2, listener);

        assertThat(listener.ready()).hasSize(1);
        assertThat(listener.failed()).singleElement().satisfies(f -> assertThat(f.reason())
                .startsWith("launch command timed out after PT0.7S with 1 of 2 addresses printed"));
    }

    @Test
    void interruptKillsTheLaunchCommandAndFailsWhatItHadNotPrinted() throws Exception {
        Path launch = script("launch", "echo $$ >> pids\necho 127.0.0.101\nsleep 60 & echo $! >> pids; wait\n");
        CommandProvisioner provisioner = provisioner(launch, null);
        BackgroundLaunch running = BackgroundLaunch.start(provisioner, 3, listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.ready().size() == 1);

        assertThat(running.interruptAndAwait()).as("interrupt kept").isTrue();
        assertThat(listener.failed()).hasSize(2).allSatisfy(f -> assertThat(f.reason()).startsWith("launch interrupted"));
    }

    @Test
    void extraAddressesAreDestroyedNotHandedOver() throws Exception {
        Path destroy = script("destroy", "printf '%s\\n' \"$@\" >> destroyed\n");
        provisioner(script("launch", "printf '%s\\n' 127.0.0.101 127.0.0.102 127.0.0.103\n"), destroy).launch(2, listener);

        assertThat(listener.ready()).hasSize(2);
        assertThat(listener.failed()).singleElement().satisfies(f -> {
            assertThat(f.worker().instanceId()).isEqualTo("127.0.0.103");
            assertThat(f.reason()).contains("more than the 2 addresses asked for").endsWith("destroyed it");
        });
        assertThat(Files.readAllLines(dir.resolve("destroyed"))).containsExactly("127.0.0.103");
    }

    @Test
    void linesThatAreNotAddressesAreLoggedAndIgnored() throws Exception {
        provisioner(script("launch", "echo 'booting 2 machines...'\necho 127.0.0.101:99999\necho 127.0.0.101\n"), null)
                .launch(1, listener);

        assertThat(listener.ready()).extracting(LaunchedWorker::instanceId).containsExactly("127.0.0.101");
        assertThat(log).anyMatch(line -> line.contains("not a worker address, ignored: booting 2 machines..."))
                .anyMatch(line -> line.contains("not a worker address, ignored: 127.0.0.101:99999"));
    }

    @Test
    void commandsRunInACleanEnvironmentWithOnlyWhatTheUserPassesAndTheSession() throws Exception {
        Path launch = script("launch", "env > launch-env\necho 127.0.0.101\n");
        new CommandProvisioner(new CommandSettings().launchCommand(launch.toString()).directory(dir)
                .environment(Map.of("CLOUD_TOKEN", "token-value-not-for-logs")), log::add).forSession(12).launch(1, listener);

        List<String> environment = Files.readAllLines(dir.resolve("launch-env"));
        assertThat(environment).contains("CLOUDTASK_SESSION=12");
        assertThat(environment.stream().map(line -> line.substring(0, line.indexOf('=')))).contains("CLOUD_TOKEN")
                .isSubsetOf("PATH", "HOME", "LANG", "CLOUD_TOKEN", "CLOUDTASK_SESSION", "PWD", "SHLVL", "_", "OLDPWD");
        assertThat(log).noneMatch(line -> line.contains("token-value-not-for-logs"));
    }

    @Test
    void destroyCommandGetsTheAddressesAsArguments() throws Exception {
        Path destroy = script("destroy", "printf '%s\\n' \"$@\" >> destroyed\n");
        CommandProvisioner provisioner = provisioner(script("launch", "echo x\n"), destroy);
        LaunchedWorker first = new LaunchedWorker("root@127.0.0.101:2222", null, null, Instant.now());
        LaunchedWorker second = new LaunchedWorker("127.0.0.102", null, null, Instant.now());

        provisioner.destroy(first);
        provisioner.destroy(List.of(first, second));

        assertThat(Files.readAllLines(dir.resolve("destroyed")))
                .containsExactly("root@127.0.0.101:2222", "root@127.0.0.101:2222", "127.0.0.102");
        assertThat(log).contains("destroyed root@127.0.0.101:2222 127.0.0.102");
    }

    @Test
    void failingDestroyCommandIsReported() throws Exception {
        CommandProvisioner provisioner = provisioner(script("launch", "echo x\n"), script("destroy", "echo 'no such machine' >&2; exit 4\n"));

        assertThatThrownBy(() -> provisioner.destroy(new LaunchedWorker("127.0.0.101", null, null, Instant.now())))
                .isInstanceOf(IOException.class)
                .hasMessage("destroy command exited 4 for 127.0.0.101 (its stderr is in the log)");
        assertThat(log).contains("destroy command: no such machine");
    }

    @Test
    void withoutADestroyCommandNothingCanBeDestroyed() throws Exception {
        CommandProvisioner provisioner = provisioner(script("launch", "echo x\n"), null);

        assertThatThrownBy(() -> provisioner.destroy(new LaunchedWorker("127.0.0.101", null, null, Instant.now())))
                .hasMessage("no destroy command given (--destroy-command): cannot destroy 127.0.0.101");
    }

    @Test
    void missingLaunchCommandIsRefusedWithAHint() {
        assertThatThrownBy(() -> new CommandProvisioner(new CommandSettings(), log::add))
                .hasMessageStartingWith("no launch command given: set --launch-command");
    }
}
