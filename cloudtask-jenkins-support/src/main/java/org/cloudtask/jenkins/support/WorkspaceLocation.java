package org.cloudtask.jenkins.support;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a step's workspace path really leads. {@link ParameterCheck#workspacePath} refuses absolute paths and
 * {@code ..}; this follows symbolic links too, so that a link in the workspace cannot make {@code inputs} or
 * {@code overlay} read, or {@code junitReport} overwrite, a file outside it (on the built-in node: a controller file).
 */
public final class WorkspaceLocation {

    private WorkspaceLocation() {
    }

    /**
     * Why the path's real location is outside the workspace, or empty when it is inside. A path that does not exist
     * yet (a report to write) is judged by its nearest existing parent; a link that leads nowhere is refused.
     *
     * @param relative a path already accepted by {@link ParameterCheck#workspacePath}
     */
    public static Optional<String> problem(String field, Path workspace, String relative) throws IOException {
        Path root = workspace.toRealPath();
        Path target = root.resolve(relative);
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) return Optional.empty();
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException dangling) {
            return Optional.of(outside(field, relative));
        }
        return real.startsWith(root) ? Optional.empty() : Optional.of(outside(field, relative));
    }

    /** As {@link #problem}, and for every link inside the directory too (the overlay is copied with its contents). */
    public static Optional<String> treeProblem(String field, Path workspace, String relative) throws IOException {
        Optional<String> top = problem(field, workspace, relative);
        if (top.isPresent()) return top;
        Path root = workspace.toRealPath();
        Path directory = root.resolve(relative);
        if (!Files.isDirectory(directory)) return Optional.empty();
        AtomicReference<Optional<String>> found = new AtomicReference<>(Optional.empty());
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isSymbolicLink()) return FileVisitResult.CONTINUE;
                String inside = root.relativize(file).toString();
                found.set(problem(field, workspace, inside)
                        .map(p -> field + " contains " + inside + ", a link to outside the workspace; remove it"));
                return found.get().isPresent() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return found.get();
    }

    private static String outside(String field, String relative) {
        return field + " '" + relative + "' leads outside the workspace through a symbolic link; give a path inside it";
    }
}
