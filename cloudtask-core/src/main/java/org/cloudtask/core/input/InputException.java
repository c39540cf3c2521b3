package org.cloudtask.core.input;

import org.cloudtask.core.engine.CloudTaskException;

/** An input line the engine cannot turn into a job. The message names the line and what to do; exit status 2. */
public class InputException extends CloudTaskException {

    public InputException(long lineNumber, String problem) {
        super("input line " + lineNumber + ": " + problem);
    }
}
