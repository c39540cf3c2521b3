package org.cloudtask.ec2.testing;

import java.util.concurrent.atomic.AtomicInteger;

/** Hands out the EC2 tests' loopback addresses, 127.0.0.100 to 127.0.0.199, round robin within this JVM. */
final class LoopbackAddresses {

    static final int FIRST = 100;
    static final int COUNT = 100;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private LoopbackAddresses() { }

    static String next() {
        return "127.0.0." + (FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT));
    }
}
