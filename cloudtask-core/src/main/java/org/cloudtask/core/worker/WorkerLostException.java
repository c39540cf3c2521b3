package org.cloudtask.core.worker;

import java.io.IOException;

/** Contact with the worker was lost while a command ran: the command's outcome is unknown. */
public class WorkerLostException extends IOException {

    public WorkerLostException(String message) {
        super(message);
    }

    public WorkerLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
