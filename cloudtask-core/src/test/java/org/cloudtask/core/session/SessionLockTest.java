package org.cloudtask.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudtask.core.engine.CloudTaskException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SessionLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondControllerIsRefusedWithTheHoldersPidAndHost() throws Exception {
        try (SessionLock held = SessionLock.acquire(dir, 4)) {
            assertThatThrownBy(() -> SessionLock.acquire(dir, 4))
                    .isInstanceOf(CloudTaskException.class)
                    .hasMessage("session 4 is in use by another controller (pid " + ProcessHandle.current().pid()
                            + " on host " + Hosts.localName() + "); wait for it to finish or stop it first");
        }
    }

    @Test
    void aRefusedSecondTaskInTheSameJvmLeavesTheFirstLockHeldAgainstOtherProcesses() throws Exception {
        try (SessionLock held = SessionLock.acquire(dir, 5)) {
            assertThatThrownBy(() -> SessionLock.acquire(dir, 5)).isInstanceOf(CloudTaskException.class);

            assertThat(otherProcessCanLock(dir.resolve("lock"))).isFalse();
        }
        assertThat(otherProcessCanLock(dir.resolve("lock"))).isTrue();
    }

    private boolean otherProcessCanLock(Path lock) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path source = dir.resolve("TryLock.java");
        Files.writeString(source, "import java.nio.channels.*; import java.nio.file.*;"
                + "public class TryLock { public static void main(String[] a) throws Exception {"
                + " FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);"
                + " System.out.println(c.tryLock() != null ? \"free\" : \"held\"); } }");
        Process probe = new ProcessBuilder(java.toString(), source.toString(), lock.toString()).start();
        String answer = new String(probe.getInputStream().readAllBytes()).strip();
        probe.waitFor();
        return answer.equals("free");
    }

    @Test
    void aLockHeldByAnotherProcessIsRefusedAndTakenOverOnceThatProcessDied() throws Exception {
        Path lock = dir.resolve("lock");
        Files.writeString(lock, "");
        // flock(1) holds an OS lock like ours; the JVM's lock is an fcntl lock, so hold it with a tiny Java program
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path source = dir.resolve("Hold.java");
        Files.writeString(source, "import java.nio.channels.*; import java.nio.file.*;"
                + "public class Hold { public static void main(String[] a) throws Exception {"
                + " FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);"
                + " c.lock(); c.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + \" otherhost\\n\").getBytes()), 0);"
                + " System.out.println(\"locked\"); System.out.flush(); Thread.sleep(60000); } }");
        Process holder = new ProcessBuilder(java.toString(), source.toString(), lock.toString()).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
            assertThat(first).isEqualTo("locked");
            assertThatThrownBy(() -> SessionLock.acquire(dir, 9))
                    .hasMessageContaining("(pid " + holder.pid() + " on host otherhost)");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (SessionLock mine = SessionLock.acquire(dir, 9)) {
            assertThat(Files.readString(lock)).startsWith(ProcessHandle.current().pid() + " ");
        }
    }
}
