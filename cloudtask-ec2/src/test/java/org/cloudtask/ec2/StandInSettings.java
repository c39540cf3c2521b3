package org.cloudtask.ec2;

import java.time.Duration;
import org.cloudtask.ec2.testing.Ec2StandIn;

/** Settings that launch on the stand-in, with the windows of seconds tests need (production defaults are minutes). */
final class StandInSettings {

    private StandInSettings() { }

    static Ec2Settings of(Ec2StandIn ec2) {
        return new Ec2Settings().endpoint(ec2.endpoint()).region("us-east-1").ami("ami-0standin").instanceType("t3.small")
                .sshPort(ec2.sshPort()).user(ec2.user()).sessionId("42").controller("controller-1")
                .pollInterval(Duration.ofMillis(50)).runningTimeout(Duration.ofSeconds(20))
                .capacityBackoff(new Backoff(4, Duration.ofMillis(20), Duration.ofMillis(100)))
                .consistencyWindow(Duration.ofSeconds(3)).lostAnswerWindow(Duration.ofSeconds(3));
    }
}
