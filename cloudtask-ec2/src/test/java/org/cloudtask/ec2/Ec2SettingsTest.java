package org.cloudtask.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class Ec2SettingsTest {

    @Test
    void missingAmiIsRefusedWithAHint() {
        assertThatThrownBy(() -> new Ec2Settings().checkLaunchable())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no AMI given: set --ec2-ami to the image to launch");
    }

    @Test
    void cloudtaskTagsCannotBeOverridden() {
        assertThatThrownBy(() -> new Ec2Settings().ami("ami-1").tag("cloudtask-session", "9").check())
                .hasMessageContaining("reserved for cloudtask");
    }

    @Test
    void descriptionNamesWhatIsLaunchedAndNoSecrets() {
        String description = new Ec2Settings().ami("ami-1").region("eu-west-1").instanceType("c5.large").spot(true).describe();

        assertThat(description).isEqualTo("ec2 eu-west-1 c5.large ami-1 spot");
    }

    @Test
    void backoffWaitsGrowButStayUnderTheCap() {
        Backoff backoff = new Backoff(10, Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(backoff.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(backoff.delay(30)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
}
