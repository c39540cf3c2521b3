package org.cloudtask.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Whole-number option values with a lower bound, so a bad value is refused while parsing with a clear message. */
public final class Counts {

    private Counts() {
    }

    static int parse(String text, int minimum) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
        if (value < minimum) {
            throw new TypeConversionException("'" + text + "' is less than " + minimum + "; give " + minimum
                    + " or more");
        }
        return value;
    }

    /** 1 or more: how many workers. */
    public static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return parse(text, 1);
        }
    }

    /** 0 or more: retries, strikes. */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return parse(text, 0);
        }
    }
}
