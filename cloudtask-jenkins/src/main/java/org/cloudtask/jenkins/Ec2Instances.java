package org.cloudtask.jenkins;

import hudson.plugins.ec2.EC2Cloud;
import java.io.PrintStream;
import java.time.Duration;
import org.cloudtask.ec2.ClientInstances;

/**
 * The EC2 calls the provisioner makes itself, through the cloud's own client and credentials ({@code
 * EC2Cloud.connect()}, cached by the cloud, never closed here, with the cloud's retry settings), with the command
 * line's host-key watch and confirmed termination ({@link ClientInstances}).
 */
final class Ec2Instances {

    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration TERMINATE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofSeconds(5);
    /** As the command line's default: cloud-init prints the host keys within a few minutes of boot. */
    private static final Duration HOST_KEY_WAIT = Duration.ofMinutes(3);

    private Ec2Instances() {
    }

    static ClientInstances of(EC2Cloud cloud, PrintStream log) {
        return new ClientInstances(cloud.connect(), POLL, HOST_KEY_WAIT, line -> log.println("cloudtask: " + line));
    }
}
