package org.cloudtask.ec2;

import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Picks the address the controller connects to, as {@link Ec2Settings.AddressChoice} says. */
final class InstanceAddresses {

    private InstanceAddresses() { }

    static Optional<String> choose(Ec2Settings.AddressChoice choice, Instance instance) {
        Stream<String> candidates = choice == Ec2Settings.AddressChoice.PRIVATE
                ? Stream.of(instance.privateIpAddress(), instance.privateDnsName())
                : Stream.of(instance.publicIpAddress(), instance.publicDnsName(), instance.privateIpAddress());
        return candidates.filter(s -> s != null && !s.isBlank()).findFirst();
    }
}
