package org.cloudtask.cli;

import picocli.CommandLine;

/** The version written into the runnable jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"cloudtask " + (version != null ? version : "(development build)")};
    }
}
