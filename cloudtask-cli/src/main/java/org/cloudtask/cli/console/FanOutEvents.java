package org.cloudtask.cli.console;

import java.util.List;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.Progress;
import org.cloudtask.core.engine.TaskEvents;

/** Passes every event to several listeners (the console, the joblog), in order. */
public final class FanOutEvents implements TaskEvents {

    private final List<TaskEvents> listeners;

    public FanOutEvents(List<TaskEvents> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void log(String line) {
        listeners.forEach(l -> l.log(line));
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        listeners.forEach(l -> l.attemptStarted(event));
    }

    @Override
    public void attemptFinished(AttemptEvent event) {
        listeners.forEach(l -> l.attemptFinished(event));
    }

    @Override
    public void progress(Progress progress) {
        listeners.forEach(l -> l.progress(progress));
    }
}
