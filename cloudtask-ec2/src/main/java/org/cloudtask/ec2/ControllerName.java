package org.cloudtask.ec2;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, as put in the {@code cloudtask-controller} tag so people can see who launched an instance. */
final class ControllerName {

    private ControllerName() { }

    static String local() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
