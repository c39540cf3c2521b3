package org.cloudtask.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.cloudtask.cli.options.CloudOptions;
import org.cloudtask.cli.options.GivenOptions;
import org.cloudtask.core.provision.Provisioner;
import org.cloudtask.ec2.CommandProvisioner;
import org.cloudtask.ec2.Ec2Settings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProvisionersTest {

    private static Map<String, String> typed(String... args) {
        CloudOptions options = new CloudOptions();
        CommandLine.ParseResult result = new CommandLine(options).parseArgs(args);
        return options.given(GivenOptions.typedIn(result));
    }

    @Test
    void ec2OptionsAreSavedUnderTheirNamesAndReadBackIntoSettings() {
        Map<String, String> saved = typed("--ec2-region", "eu-west-1", "--ec2-ami", "ami-9", "--ec2-type", "c5.large",
                "--ec2-subnet", "subnet-1", "--ec2-security-group", "sg-1", "--ec2-key-name", "ops", "--ec2-spot",
                "--ec2-tag", "team=batch", "--ec2-tag", "env=test", "--ec2-endpoint", "http://127.0.0.1:9",
                "--ec2-ssh-port", "2222", "--ec2-private-address", "--max-instances", "7");

        Ec2Settings settings = Provisioners.ec2Settings(saved);

        assertThat(saved).containsEntry("ec2-region", "eu-west-1").containsEntry("ec2-tag.team", "batch")
                .containsEntry("max-instances", "7");
        assertThat(settings.region()).isEqualTo("eu-west-1");
        assertThat(settings.ami()).isEqualTo("ami-9");
        assertThat(settings.instanceType()).isEqualTo("c5.large");
        assertThat(settings.subnet()).isEqualTo("subnet-1");
        assertThat(settings.securityGroup()).isEqualTo("sg-1");
        assertThat(settings.keyName()).isEqualTo("ops");
        assertThat(settings.spot()).isTrue();
        assertThat(settings.tags()).containsExactly(Map.entry("team", "batch"), Map.entry("env", "test"));
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9"));
        assertThat(settings.sshPort()).isEqualTo(2222);
        assertThat(settings.addressChoice()).isEqualTo(Ec2Settings.AddressChoice.PRIVATE);
        assertThat(settings.maxInstances()).isEqualTo(7);
    }

    @Test
    void optionsNotTypedAreNotSavedSoAResumeKeepsTheSavedOnes() {
        assertThat(typed("--ec2-type", "m5.large")).containsOnlyKeys("ec2-type");
    }

    @Test
    void withoutCloudOptionsATaskLaunchesNothing() {
        assertThat(Provisioners.forTask(Map.of("host-key-policy", "strict"), line -> { })).isSameAs(Provisioner.NONE);
    }

    @Test
    void launchAndDestroyCommandsMakeTheCommandProvisioner() {
        Provisioner provisioner = Provisioners.forTask(typed("--launch-command", "./up", "--destroy-command", "./down"), line -> { });

        assertThat(provisioner).isInstanceOf(CommandProvisioner.class);
        assertThat(provisioner.describe()).isEqualTo("launch command ./up");
    }
}
