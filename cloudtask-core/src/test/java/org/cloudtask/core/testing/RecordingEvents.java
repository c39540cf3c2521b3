package org.cloudtask.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.cloudtask.core.engine.AttemptEvent;
import org.cloudtask.core.engine.Progress;
import org.cloudtask.core.engine.TaskEvents;

/** Keeps every event a task sends, for assertions. Thread-safe. */
public final class RecordingEvents implements TaskEvents {

    private final List<String> lines = new ArrayList<>();
    private final List<AttemptEvent> started = new ArrayList<>();
    private final List<AttemptEvent> finished = new ArrayList<>();
    private final List<Progress> progress = new ArrayList<>();

    @Override
    public synchronized void log(String line) {
        lines.add(line);
    }

    @Override
    public synchronized void attemptStarted(AttemptEvent event) {
        started.add(event);
    }

    @Override
    public synchronized void attemptFinished(AttemptEvent event) {
        finished.add(event);
    }

    @Override
    public synchronized void progress(Progress p) {
        progress.add(p);
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    public synchronized List<AttemptEvent> started() {
        return new ArrayList<>(started);
    }

    public synchronized List<AttemptEvent> finished() {
        return new ArrayList<>(finished);
    }

    public synchronized List<Progress> progress() {
        return new ArrayList<>(progress);
    }
}
