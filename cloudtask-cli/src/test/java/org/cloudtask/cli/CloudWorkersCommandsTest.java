package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.cloudtask.core.engine.TaskSettings;
import org.cloudtask.core.provision.LaunchListener;
import org.cloudtask.core.provision.LaunchedWorker;
import org.cloudtask.core.session.Session;
import org.cloudtask.core.session.SessionsDirectory;
import org.cloudtask.ec2.Ec2Provisioner;
import org.cloudtask.ec2.Ec2Settings;
import org.cloudtask.ec2.testing.Ec2Fault;
import org.cloudtask.ec2.testing.Ec2StandIn;
import org.cloudtask.ec2.testing.Ec2StandInExtension;
import org.cloudtask.ec2.testing.InstanceView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** launch-workers and destroy-workers against the EC2 stand-in and with shell scripts. */
@Timeout(120)
class CloudWorkersCommandsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final Ec2StandInExtension standIn = new Ec2StandInExtension();

    private Ec2StandIn ec2;

    @BeforeEach
    void useStandIn() {
        ec2 = standIn.get();
    }

    private String[] ec2(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args[0], "--ec2-endpoint", ec2.endpoint().toString(),
                "--ec2-ssh-port", Integer.toString(ec2.sshPort())));
        all.addAll(List.of(args).subList(1, args.length));
        return all.toArray(String[]::new);
    }

    private Path script(String name, String body) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\ncd " + dir + "\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void launchWorkersWritesEachAddressAndDestroyWorkersTerminatesThemAndRemovesTheFile() throws Exception {
        Path file = dir.resolve("workers");
        InProcessCli launch = new InProcessCli(dir);

        assertThat(launch.run(ec2("launch-workers", "--ec2-ami", "ami-1", "--ec2-tag", "team=batch", "2", file.toString())))
                .as(launch.err()).isZero();

        List<InstanceView> instances = ec2.liveInstances();
        assertThat(instances).hasSize(2).allSatisfy(i -> assertThat(i.tags()).containsEntry("team", "batch")
                .containsEntry("cloudtask-session", "none"));
        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrderElementsOf(
                instances.stream().map(i -> i.address() + ":" + ec2.sshPort()).toList());

        InProcessCli destroy = new InProcessCli(dir);
        assertThat(destroy.run(ec2("destroy-workers", file.toString()))).as(destroy.err()).isZero();

        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void launchWorkersNeverOverwritesAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("workers"), "10.0.0.1\n");
        InProcessCli cli = new InProcessCli(dir);

        assertThat(cli.run(ec2("launch-workers", "--ec2-ami", "ami-1", "1", file.toString()))).isEqualTo(2);

        assertThat(cli.err()).contains("workers exists: launch-workers never overwrites a file");
        assertThat(Files.readString(file)).isEqualTo("10.0.0.1\n");
        assertThat(ec2.instances()).isEmpty();
    }

    @Test
    void launchWorkersThatCannotLaunchAllExitsOneAndKeepsWhatBooted() throws Exception {
        ec2.nextInstancesDieWhileBooting(10);
        InProcessCli cli = new InProcessCli(dir);

        assertThat(cli.run(ec2("launch-workers", "--ec2-ami", "ami-1", "1", "-"))).isEqualTo(1);

        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains("went to terminated").contains("launched 0 of 1 workers");
    }

    @Test
    void destroyWorkersRewritesTheFileWithTheWorkersItCouldNotDestroy() throws Exception {
        Path file = dir.resolve("workers");
        assertThat(new InProcessCli(dir).run(ec2("launch-workers", "--ec2-ami", "ami-1", "2", file.toString()))).isZero();
        List<String> launched = Files.readAllLines(file);
        ec2.failNext("TerminateInstances", 1, Ec2Fault.UNAUTHORIZED);

        InProcessCli cli = new InProcessCli(dir);
        assertThat(cli.run(ec2("destroy-workers", file.toString()))).isEqualTo(2);

        assertThat(Files.readAllLines(file)).containsExactly(launched.get(0));
        assertThat(cli.err()).contains("UnauthorizedOperation");
        assertThat(new InProcessCli(dir).run(ec2("destroy-workers", file.toString()))).isZero();
        assertThat(file).doesNotExist();
    }

    @Test
    void destroyWorkersOfASessionTerminatesWhatACrashedControllerLeftUsingTheSavedOptions() throws Exception {
        Path sessions = dir.resolve("sessions");
        long crashed = sessionWithEc2Options(sessions);
        long other = sessionWithEc2Options(sessions);
        try (Ec2Provisioner controller = new Ec2Provisioner(new Ec2Settings().endpoint(ec2.endpoint()).ami("ami-1"), line -> { })) {
            controller.forSession(crashed).launch(2, IGNORE);
            controller.forSession(other).launch(1, IGNORE);
        }
        InProcessCli cli = new InProcessCli(dir);

        assertThat(cli.run("destroy-workers", "--sessions", sessions.toString(), "--session", Long.toString(crashed)))
                .as(cli.err()).isZero();

        assertThat(cli.err()).contains("session " + crashed + ": destroyed 2 of 2 instances");
        assertThat(ec2.liveInstances()).singleElement()
                .satisfies(i -> assertThat(i.tags()).containsEntry("cloudtask-session", Long.toString(other)));
        assertThat(new InProcessCli(dir).run("destroy-workers", "--sessions", sessions.toString(),
                "--session", Long.toString(other))).isZero();
    }

    private long sessionWithEc2Options(Path sessions) throws Exception {
        TaskSettings settings = new TaskSettings().command("true").frontEnd(Map.of("ec2-endpoint", ec2.endpoint().toString(),
                "ec2-ami", "ami-1", "ec2-ssh-port", Integer.toString(ec2.sshPort())));
        try (Session session = Session.create(new SessionsDirectory(sessions), settings)) {
            return session.id();
        }
    }

    private static final LaunchListener IGNORE = new LaunchListener() {
        @Override
        public void created(LaunchedWorker worker) { }

        @Override
        public void ready(LaunchedWorker worker) { }

        @Override
        public void failed(LaunchedWorker worker, String reason) { }
    };

    @Test
    void launchAndDestroyCommandsDriveAnyOtherCloud() throws Exception {
        Path launch = script("launch", "echo \"$@\" > launch-args\nprintf '%s\\n' root@10.1.0.1 10.1.0.2:2222\n");
        Path destroy = script("destroy", "printf '%s\\n' \"$@\" >> destroyed\n");
        InProcessCli launching = new InProcessCli(dir);

        assertThat(launching.run("launch-workers", "--launch-command", launch.toString(), "--destroy-command",
                destroy.toString(), "2", "-")).as(launching.err()).isZero();
        assertThat(launching.out().lines()).containsExactly("root@10.1.0.1", "10.1.0.2:2222");
        assertThat(launching.err()).containsOnlyOnce("root@10.1.0.1").containsOnlyOnce("10.1.0.2:2222");
        assertThat(Files.readString(dir.resolve("launch-args")).strip()).isEqualTo("2");

        InProcessCli destroying = new InProcessCli(dir).stdin(launching.out());
        assertThat(destroying.run("destroy-workers", "--destroy-command", destroy.toString(), "-")).isZero();
        assertThat(Files.readAllLines(dir.resolve("destroyed"))).containsExactly("root@10.1.0.1", "10.1.0.2:2222");
        assertThat(destroying.out()).isEmpty();
    }

    @Test
    void failingDestroyCommandLeavesTheWorkerListed() throws Exception {
        Path destroy = script("destroy", "case \"$1\" in 10.1.0.2) exit 1;; esac\n");
        InProcessCli cli = new InProcessCli(dir).stdin("10.1.0.1\n10.1.0.2\n");

        assertThat(cli.run("destroy-workers", "--destroy-command", destroy.toString(), "-")).isEqualTo(2);

        assertThat(cli.out().lines()).containsExactly("10.1.0.2");
        assertThat(cli.err()).contains("destroy command exited 1 for 10.1.0.2");
    }

    @Test
    void whatADestroyCommandOrAWorkerListSaysIsPrintedWithControlCharactersEscaped() throws Exception {
        Path destroy = script("destroy", "printf 'gone\\033]0;owned\\007\\n' >&2; exit 1\n");
        InProcessCli cli = new InProcessCli(dir).stdin("10.1.0.1\u001b[2J\n");

        assertThat(cli.run("destroy-workers", "--destroy-command", destroy.toString(), "-")).isNotZero();

        assertThat(cli.err()).doesNotContain("\u001b", "\u0007").contains("\\e");
    }

    @Test
    void cloudOptionsThatCannotWorkAreRefusedWithAHint() throws Exception {
        InProcessCli nothing = new InProcessCli(dir);
        assertThat(nothing.run("launch-workers", "1", "-")).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to launch workers with: give --ec2-ami");

        InProcessCli noDestroy = new InProcessCli(dir);
        assertThat(noDestroy.run("launch-workers", "--launch-command", "true", "1", "-")).isEqualTo(2);
        assertThat(noDestroy.err()).contains("--launch-command needs --destroy-command");

        InProcessCli both = new InProcessCli(dir);
        assertThat(both.run("launch-workers", "--ec2-ami", "ami-1", "--launch-command", "x", "--destroy-command", "y", "1", "-"))
                .isEqualTo(2);
        assertThat(both.err()).contains("cannot be used together");

        InProcessCli noAmi = new InProcessCli(dir);
        assertThat(noAmi.run("launch-workers", "--ec2-region", "eu-west-1", "1", "-")).isEqualTo(2);
        assertThat(noAmi.err()).contains("no AMI given: set --ec2-ami");

        InProcessCli fileAndSession = new InProcessCli(dir);
        assertThat(fileAndSession.run("destroy-workers", "--session", "3", "workers")).isEqualTo(2);
        assertThat(fileAndSession.err()).contains("FILE (- for standard input) or --session ID, one of them");

        InProcessCli missing = new InProcessCli(dir);
        assertThat(missing.run("destroy-workers", "--destroy-command", "true", dir.resolve("nope").toString())).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");
    }
}
