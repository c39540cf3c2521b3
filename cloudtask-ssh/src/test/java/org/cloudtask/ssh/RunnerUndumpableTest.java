package org.cloudtask.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runner's make_undumpable, run by the local perl: it finds the prctl number of this machine's architecture and
 * clears the dumpable flag; where it cannot, it says why (which the ready frame carries to the controller).
 */
@Timeout(30)
class RunnerUndumpableTest {

    @Test
    void clearsTheDumpableFlagOnThisMachine() throws Exception {
        // why the owner: a non-dumpable process's /proc files belong to root (telling only when the test is not root;
        // make_undumpable itself reads the flag back with PR_GET_DUMPABLE)
        assertThat(perl("my $why = make_undumpable(); print defined $why ? $why : 'done';"
                + " print ' ', (stat('/proc/self/environ'))[4];")).isEqualTo("done 0");
    }

    @Test
    void saysWhyWhereItCannot() throws Exception {
        assertThat(perl("$^O = 'freebsd'; print make_undumpable();")).isEqualTo("it runs on freebsd, not Linux");
    }

    private static String perl(String script) throws IOException, InterruptedException {
        String runner = new String(RunnerScript.source(), StandardCharsets.UTF_8);
        Matcher sub = Pattern.compile("(?ms)^sub make_undumpable \\{.*?^}$").matcher(runner);
        assertThat(sub.find()).as("make_undumpable in runner.pl").isTrue();
        Process perl = new ProcessBuilder("perl", "-e", "use strict; use warnings; " + sub.group() + "\n" + script)
                .redirectErrorStream(true).start();
        String output = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(perl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
