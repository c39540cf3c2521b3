package org.cloudtask.cli.options;

import picocli.CommandLine.ParseResult;

/** Which options take effect: all of them for a new task, only those typed on the command line for a resume. */
public interface GivenOptions {

    /** Every option, defaults included. */
    GivenOptions ALL = name -> true;

    /** @param optionName the option's long name, e.g. {@code --split} */
    boolean has(String optionName);

    /** Only the options matched on this command line. */
    static GivenOptions typedIn(ParseResult parseResult) {
        return parseResult::hasMatchedOption;
    }
}
