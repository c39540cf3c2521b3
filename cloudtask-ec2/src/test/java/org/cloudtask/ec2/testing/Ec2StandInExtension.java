package org.cloudtask.ec2.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link Ec2StandIn} for every test, checked after it: no instance and no sshd may be left.
 *
 * <pre>{@code
 * @RegisterExtension
 * final Ec2StandInExtension ec2 = new Ec2StandInExtension();
 * ... ec2.get().endpoint() ...
 * }</pre>
 */
public final class Ec2StandInExtension implements BeforeEachCallback, AfterEachCallback {

    private Ec2StandIn standIn;

    public Ec2StandIn get() {
        return standIn;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        standIn = Ec2StandIn.start();
    }

    /** Runs after the test's own {@code @AfterEach} methods, so they can destroy what they launched first. */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            standIn.assertNothingLeft();
        } finally {
            standIn.close();
        }
    }
}
