package org.cloudtask.ec2.testing;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** Writes EC2 Query API responses in the real XML format (API version 2016-11-15). */
final class Ec2Xml {

    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    private Ec2Xml() { }

    static String runInstances(String reservationId, Collection<StandInInstance> instances) {
        Ec2Xml x = response("RunInstancesResponse");
        x.element("reservationId", reservationId).element("ownerId", "123456789012").raw("<groupSet/>");
        x.raw("<instancesSet>");
        instances.forEach(x::instance);
        x.raw("</instancesSet>");
        return x.end("RunInstancesResponse");
    }

    static String describeInstances(Collection<StandInInstance> instances, String nextToken) {
        Ec2Xml x = response("DescribeInstancesResponse");
        x.raw("<reservationSet>");
        for (StandInInstance instance : instances) {
            x.raw("<item>").element("reservationId", instance.reservationId).element("ownerId", "123456789012")
                    .raw("<groupSet/><instancesSet>");
            x.instance(instance);
            x.raw("</instancesSet></item>");
        }
        x.raw("</reservationSet>");
        if (nextToken != null) x.element("nextToken", nextToken);
        return x.end("DescribeInstancesResponse");
    }

    static String terminateInstances(Map<StandInInstance, String> previousStates) {
        Ec2Xml x = response("TerminateInstancesResponse");
        x.raw("<instancesSet>");
        previousStates.forEach((instance, previous) -> x.raw("<item>").element("instanceId", instance.id)
                .state("currentState", instance.stateCode(), instance.shownState())
                .state("previousState", StandInInstance.codeOf(previous), previous).raw("</item>"));
        x.raw("</instancesSet>");
        return x.end("TerminateInstancesResponse");
    }

    static String createTags() {
        return response("CreateTagsResponse").element("return", "true").end("CreateTagsResponse");
    }

    static String consoleOutput(String instanceId, String console) {
        Ec2Xml x = response("GetConsoleOutputResponse");
        x.element("instanceId", instanceId).element("timestamp", DateTimeFormatter.ISO_INSTANT.format(
                java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        x.element("output", Base64.getEncoder().encodeToString(console.getBytes(StandardCharsets.UTF_8)));
        return x.end("GetConsoleOutputResponse");
    }

    static String error(Ec2Fault fault) {
        Ec2Xml x = new Ec2Xml();
        x.raw("<Response><Errors><Error>").element("Code", fault.code()).element("Message", fault.message())
                .raw("</Error></Errors>").element("RequestID", UUID.randomUUID().toString()).raw("</Response>");
        return x.xml.toString();
    }

    private static Ec2Xml response(String name) {
        Ec2Xml x = new Ec2Xml();
        x.raw("<" + name + " xmlns=\"" + NAMESPACE + "\">").element("requestId", UUID.randomUUID().toString());
        return x;
    }

    private String end(String name) {
        raw("</" + name + ">");
        return xml.toString();
    }

    private void instance(StandInInstance i) {
        raw("<item>").element("instanceId", i.id).element("imageId", i.imageId)
                .state("instanceState", i.stateCode(), i.shownState());
        // why: the RunInstances page: a pending instance may have no private IP yet
        boolean addressed = !i.state.equals("pending") && !i.isTerminated();
        element("privateDnsName", addressed ? "ip-" + i.address.replace('.', '-') + ".ec2.internal" : "");
        element("dnsName", "");
        element("reason", "");
        if (i.keyName != null) element("keyName", i.keyName);
        element("amiLaunchIndex", "0").element("instanceType", i.type)
                .element("launchTime", DateTimeFormatter.ISO_INSTANT.format(i.launchTime.truncatedTo(ChronoUnit.MILLIS)))
                .raw("<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>")
                .raw("<monitoring><state>disabled</state></monitoring>");
        if (addressed) element("privateIpAddress", i.address);
        if (addressed && i.publicAddress) element("ipAddress", i.address);
        if (i.stateReason != null) {
            raw("<stateReason>").element("code", i.stateReason).element("message", i.stateReason).raw("</stateReason>");
        }
        if (i.spot) element("instanceLifecycle", "spot");
        if (i.clientToken != null) element("clientToken", i.clientToken);
        raw("<tagSet>");
        i.tags.forEach((key, value) -> raw("<item>").element("key", key).element("value", value).raw("</item>"));
        raw("</tagSet>");
        raw("</item>");
    }

    private Ec2Xml state(String name, int code, String state) {
        return raw("<" + name + ">").element("code", Integer.toString(code)).element("name", state).raw("</" + name + ">");
    }

    private Ec2Xml element(String name, String value) {
        xml.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
        return this;
    }

    private Ec2Xml raw(String text) {
        xml.append(text);
        return this;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
