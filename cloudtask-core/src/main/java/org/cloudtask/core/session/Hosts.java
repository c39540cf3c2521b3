package org.cloudtask.core.session;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This host's name, as recorded in locks and journals. */
public final class Hosts {

    private Hosts() {
    }

    public static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(' ', '_');
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
