package org.cloudtask.core.worker;

import java.nio.file.Path;

/**
 * One {@code --transfer} file: copied to each worker once, before its first job, into the session's working
 * directory there (GNU parallel's {@code --basefile}).
 *
 * @param source the file on the controller, absolute
 * @param target where it goes, relative to the working directory ({@code render.sh}, {@code bin/tool})
 */
public record TransferFile(Path source, String target) {
}
