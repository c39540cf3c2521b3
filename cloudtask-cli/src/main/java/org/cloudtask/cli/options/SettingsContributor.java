package org.cloudtask.cli.options;

import org.cloudtask.core.engine.TaskSettings;

/**
 * An option group that writes its share of the task's settings. Each concern (job limits, SSH workers, cloud
 * launching) is one such picocli mixin, so a later group only has to implement this and be listed in the command.
 */
public interface SettingsContributor {

    /**
     * Copies this group's options into {@code settings}. For a new task every option counts (defaults included); for
     * a resumed session only those the user gave, so the saved settings stay in force for the rest.
     */
    void applyTo(TaskSettings settings, GivenOptions given);
}
