package org.cloudtask.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cloudtask.cli.UsageException;
import org.cloudtask.core.engine.TaskSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Files copied back from the workers after each job: {@code --return PATH}, {@code --return-max BYTES}. */
public final class ReturnOptions implements SettingsContributor {

    @Option(names = "--return", paramLabel = "PATH",
            description = "After each job, copy PATH (relative to the job's working directory) from its worker into "
                    + "the session's returns/<job>/ (repeatable). A missing file is logged, not a failure.")
    List<String> returns = new ArrayList<>();

    @Option(names = "--return-max", paramLabel = "BYTES", defaultValue = "100M", converter = Size.class,
            description = "Most bytes copied back per job; K, M, G suffixes (default: ${DEFAULT-VALUE}).")
    long returnMax;

    @Override
    public void applyTo(TaskSettings settings, GivenOptions given) {
        if (given.has("--return")) {
            for (String path : returns) check(path);
            settings.returns(returns);
        }
        if (given.has("--return-max")) settings.returnMax(returnMax);
    }

    private static void check(String path) {
        Path p = Path.of(path);
        if (path.isBlank() || p.isAbsolute() || p.normalize().startsWith("..") || path.contains("{}")) {
            throw new UsageException("--return " + path + ": give a path relative to the job's working directory, "
                    + "without .. or {} (e.g. --return out/result.csv)");
        }
    }

    /** A byte count with an optional K, M or G suffix (powers of 1024). */
    public static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            String t = text.strip().toUpperCase(Locale.ROOT);
            long unit = 1;
            if (t.endsWith("K")) unit = 1L << 10;
            if (t.endsWith("M")) unit = 1L << 20;
            if (t.endsWith("G")) unit = 1L << 30;
            if (unit > 1) t = t.substring(0, t.length() - 1);
            try {
                long value = Long.parseLong(t);
                if (value < 0) throw new NumberFormatException();
                return Math.multiplyExact(value, unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + text + "' is not a size; give bytes, or a number with K, M or G");
            }
        }
    }
}
