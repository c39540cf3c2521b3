package org.cloudtask.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCommandTest {

    @Test
    void oneArgumentIsUsedAsWritten() {
        assertThat(TaskCommand.of(List.of("tar -C /data -xf"))).isEqualTo("tar -C /data -xf");
    }

    @Test
    void severalArgumentsAreQuotedOneByOne() {
        assertThat(TaskCommand.of(List.of("grep", "-c", "a b", "it's", "$HOME;x")))
                .isEqualTo("grep -c 'a b' 'it'\\''s' '$HOME;x'");
    }

    @Test
    void noArgumentsMeansEachLineIsTheCommand() {
        assertThat(TaskCommand.of(List.of())).isNull();
    }
}
