package org.cloudtask.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLocationTest {

    @TempDir
    Path dir;

    private Path workspace;
    private Path secret;

    @BeforeEach
    void workspaceAndAFileOutsideIt() throws Exception {
        workspace = Files.createDirectories(dir.resolve("workspace"));
        secret = Files.writeString(dir.resolve("secret.key"), "controller secret");
        Files.createDirectories(dir.resolve("outside-dir"));
    }

    @Test
    void plainPathsAndLinksInsideTheWorkspaceAreAccepted() throws Exception {
        Files.writeString(workspace.resolve("inputs.txt"), "1\n");
        Files.createSymbolicLink(workspace.resolve("alias.txt"), workspace.resolve("inputs.txt"));
        assertThat(WorkspaceLocation.problem("inputs", workspace, "inputs.txt")).isEmpty();
        assertThat(WorkspaceLocation.problem("inputs", workspace, "alias.txt")).isEmpty();
        assertThat(WorkspaceLocation.problem("junitReport", workspace, "reports/new/junit.xml")).isEmpty();
    }

    @Test
    void aLinkToAFileOutsideTheWorkspaceIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("inputs.txt"), secret);
        assertThat(WorkspaceLocation.problem("inputs", workspace, "inputs.txt"))
                .hasValue("inputs 'inputs.txt' leads outside the workspace through a symbolic link; give a path inside it");
    }

    @Test
    void aReportUnderALinkedDirectoryOrThroughADanglingLinkIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("reports"), dir.resolve("outside-dir"));
        Files.createSymbolicLink(workspace.resolve("junit.xml"), dir.resolve("not-yet-there.xml"));
        assertThat(WorkspaceLocation.problem("junitReport", workspace, "reports/junit.xml")).isPresent();
        assertThat(WorkspaceLocation.problem("junitReport", workspace, "junit.xml")).isPresent();
    }

    @Test
    void anOverlayIsRefusedWhenItOrALinkInsideItLeadsOutside() throws Exception {
        Files.createDirectories(workspace.resolve("overlay/etc"));
        Files.writeString(workspace.resolve("overlay/etc/app.conf"), "x");
        assertThat(WorkspaceLocation.treeProblem("overlay", workspace, "overlay")).isEmpty();

        Files.createSymbolicLink(workspace.resolve("overlay/etc/id_rsa"), secret);
        assertThat(WorkspaceLocation.treeProblem("overlay", workspace, "overlay"))
                .hasValueSatisfying(p -> assertThat(p).contains("overlay/etc/id_rsa"));

        Files.createSymbolicLink(workspace.resolve("linked-overlay"), dir.resolve("outside-dir"));
        assertThat(WorkspaceLocation.treeProblem("overlay", workspace, "linked-overlay")).isPresent();
    }
}
