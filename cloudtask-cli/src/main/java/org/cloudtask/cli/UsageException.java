package org.cloudtask.cli;

/** A command line that parses but makes no sense (conflicting options, missing input); exit status 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
