package org.cloudtask.core.engine;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cloudtask.core.provision.LaunchedWorker;

/**
 * What the workers launched in this run cost: each one's time from launch to destruction (paid time), the time its
 * slots spent on jobs (busy time), and with a price per hour the cost. The same launch and destroy times are in the
 * journal's LAUNCH records.
 */
final class CloudUse {

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final Map<String, Long> launchedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> destroyedAt = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private final AtomicLong busyMillis = new AtomicLong();

    void launched(LaunchedWorker worker) {
        launchedAt.putIfAbsent(worker.instanceId(), worker.launchedAt().toEpochMilli());
        if (worker.instanceType() != null) types.put(worker.instanceId(), worker.instanceType());
    }

    void destroyed(String instanceId, long millis) {
        if (launchedAt.containsKey(instanceId)) destroyedAt.putIfAbsent(instanceId, millis);
    }

    /** A slot of a launched worker spent this long on a job attempt. */
    void busy(long millis) {
        busyMillis.addAndGet(Math.max(0, millis));
    }

    /** Paid time so far in hours: a worker not destroyed yet counts until {@code nowMillis}. */
    double instanceHours(long nowMillis) {
        long total = 0;
        for (Map.Entry<String, Long> e : launchedAt.entrySet()) {
            total += Math.max(0, destroyedAt.getOrDefault(e.getKey(), nowMillis) - e.getValue());
        }
        return total / MILLIS_PER_HOUR;
    }

    /**
     * The summary's cloud line, e.g. {@code launched workers: 3 (t3.micro), 0.050 instance-hours, busy 62% of the
     * paid time, cost 0.0005 at 0.0104 per hour}; null when nothing was launched in this run.
     */
    String line(long nowMillis, Double pricePerHour) {
        if (launchedAt.isEmpty()) return null;
        double hours = instanceHours(nowMillis);
        StringBuilder line = new StringBuilder("launched workers: ").append(launchedAt.size());
        if (!types.isEmpty()) line.append(" (").append(String.join(", ", new TreeSet<>(types.values()))).append(')');
        line.append(String.format(Locale.ROOT, ", %.3f instance-hours", hours));
        if (hours > 0) {
            long percent = Math.round(100 * busyMillis.get() / MILLIS_PER_HOUR / hours);
            line.append(", busy ").append(percent).append("% of the paid time");
        }
        if (pricePerHour != null) {
            line.append(String.format(Locale.ROOT, ", cost %.4f at %s per hour", hours * pricePerHour,
                    java.math.BigDecimal.valueOf(pricePerHour).stripTrailingZeros().toPlainString()));
        }
        return line.toString();
    }
}
