package org.cloudtask.jenkins;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The plugin's strings from {@code Messages.properties}. Read through a resource bundle rather than the class Jenkins'
 * build generates from that file, so that the default build (which has no Jenkins tooling) compiles the same code.
 */
final class PluginText {

    private PluginText() {
    }

    static String get(String key, Object... arguments) {
        String pattern = ResourceBundle.getBundle("org.cloudtask.jenkins.Messages").getString(key);
        return arguments.length == 0 ? pattern : MessageFormat.format(pattern, arguments);
    }
}
