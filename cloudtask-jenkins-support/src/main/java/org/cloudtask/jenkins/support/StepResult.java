package org.cloudtask.jenkins.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cloudtask.core.engine.Summary;

/**
 * What the Pipeline step returns: a plain map of numbers (and the session id), which a sandboxed script may read as
 * {@code r.failed} and which survives a restart of the controller as it is serializable.
 */
public final class StepResult {

    private StepResult() {
    }

    public static Map<String, Object> of(Summary summary) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("total", summary.total());
        result.put("ok", summary.ok());
        result.put("failed", summary.failed());
        result.put("timeouts", summary.timeouts());
        result.put("pending", summary.pending());
        result.put("sessionId", summary.sessionId());
        return result;
    }
}
