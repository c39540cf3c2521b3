package org.cloudtask.cli.options;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts a number of seconds, whole or decimal ({@code 3600}, {@code 0.5}), into a duration. */
public final class Seconds {

    private Seconds() {
    }

    static Duration parse(String text) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number of seconds");
        }
        if (seconds.signum() < 0) {
            throw new TypeConversionException("'" + text + "' is negative; give a number of seconds, 0 or more");
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    /** More than zero seconds: a time limit. */
    public static final class Positive implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration duration = parse(text);
            if (duration.isZero()) {
                throw new TypeConversionException("'" + text + "' must be more than 0 seconds");
            }
            return duration;
        }
    }

    /** Zero seconds or more: a grace period. */
    public static final class NonNegative implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return parse(text);
        }
    }
}
