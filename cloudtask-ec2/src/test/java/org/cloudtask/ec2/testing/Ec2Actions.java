package org.cloudtask.ec2.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers each EC2 action the SDK calls, on the stand-in's state. */
final class Ec2Actions {

    /** An HTTP status and XML body. */
    record Answer(int status, String body) {
        static Answer ok(String body) {
            return new Answer(200, body);
        }

        static Answer of(Ec2Fault fault) {
            return new Answer(fault.status(), Ec2Xml.error(fault));
        }
    }

    private static final java.util.Set<String> FILTERS = java.util.Set.of("instance-state-name", "client-token", "tag-key",
            "ip-address", "private-ip-address", "dns-name");

    private final Ec2StandIn ec2;
    private int reservations;

    Ec2Actions(Ec2StandIn ec2) {
        this.ec2 = ec2;
    }

    Answer answer(QueryRequest request) {
        String action = request.action();
        Ec2Fault injected = ec2.nextFault(action);
        if (injected != null) return Answer.of(injected);
        try {
            return switch (action == null ? "" : action) {
                case "RunInstances" -> runInstances(request);
                case "DescribeInstances" -> describeInstances(request);
                case "TerminateInstances" -> terminateInstances(request);
                case "CreateTags" -> createTags(request);
                case "GetConsoleOutput" -> consoleOutput(request);
                default -> Answer.of(new Ec2Fault(400, "InvalidAction", "The stand-in does not know " + action));
            };
        } catch (NotFound e) {
            return Answer.of(Ec2Fault.notFound(e.getMessage()));
        } catch (IOException e) {
            return Answer.of(new Ec2Fault(500, "InternalError", "stand-in could not start an instance: " + e.getMessage()));
        }
    }

    private Answer runInstances(QueryRequest request) throws IOException {
        if (request.get("ImageId") == null) return Answer.of(new Ec2Fault(400, "MissingParameter", "ImageId is required"));
        List<StandInInstance> earlier = ec2.byClientToken(request.get("ClientToken"));
        if (!earlier.isEmpty()) return Answer.ok(Ec2Xml.runInstances(earlier.get(0).reservationId, earlier));
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; ec2.honoursTagSpecifications() && request.get("TagSpecification." + i + ".ResourceType") != null; i++) {
            if (request.get("TagSpecification." + i + ".ResourceType").equals("instance")) {
                tags.putAll(request.tags("TagSpecification." + i + ".Tag"));
            }
        }
        String reservationId = String.format("r-%017x", ++reservations);
        List<StandInInstance> launched = new ArrayList<>();
        int count = request.getInt("MaxCount", 1);
        for (int i = 0; i < count; i++) launched.add(ec2.launchOne(reservationId, request, new LinkedHashMap<>(tags)));
        return Answer.ok(Ec2Xml.runInstances(reservationId, launched));
    }

    private Answer describeInstances(QueryRequest request) throws NotFound {
        List<StandInInstance> candidates = request.list("InstanceId").isEmpty() ? ec2.all() : named(request.list("InstanceId"));
        Map<String, List<String>> filters = request.filters();
        for (String name : filters.keySet()) {
            if (!name.startsWith("tag:") && !FILTERS.contains(name)) {
                return Answer.of(Ec2Fault.invalid("The stand-in does not know the filter '" + name + "'"));
            }
        }
        List<StandInInstance> matching = new ArrayList<>();
        for (StandInInstance instance : candidates) {
            ec2.advance(instance);
            if (matches(instance, filters)) matching.add(instance);
        }
        synchronized (ec2) {
            return Answer.ok(Ec2Xml.describeInstances(matching));
        }
    }

    private static boolean matches(StandInInstance instance, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            String name = filter.getKey();
            if (name.equals("tag-key")) {
                if (filter.getValue().stream().noneMatch(instance.tags::containsKey)) return false;
                continue;
            }
            boolean addressed = !instance.state.equals("pending") && !instance.isTerminated();
            String value = switch (name) {
                case "instance-state-name" -> instance.state;
                case "client-token" -> instance.clientToken;
                case "private-ip-address" -> addressed ? instance.address : null;
                case "ip-address" -> addressed && instance.publicAddress ? instance.address : null;
                case "dns-name" -> null;
                default -> instance.tags.get(name.substring("tag:".length()));
            };
            if (!filter.getValue().contains(value)) return false;
        }
        return true;
    }

    private Answer terminateInstances(QueryRequest request) throws NotFound {
        Map<StandInInstance, String> previous = new LinkedHashMap<>();
        for (StandInInstance instance : named(request.list("InstanceId"))) {
            synchronized (ec2) {
                previous.put(instance, instance.state);
                instance.powerOff();
                instance.state = "terminated";
            }
        }
        synchronized (ec2) {
            return Answer.ok(Ec2Xml.terminateInstances(previous));
        }
    }

    private Answer createTags(QueryRequest request) throws NotFound {
        Map<String, String> tags = request.tags("Tag");
        for (StandInInstance instance : named(request.list("ResourceId"))) {
            synchronized (ec2) {
                instance.tags.putAll(tags);
            }
        }
        return Answer.ok(Ec2Xml.createTags());
    }

    private Answer consoleOutput(QueryRequest request) throws NotFound {
        StandInInstance instance = named(List.of(String.valueOf(request.get("InstanceId")))).get(0);
        return Answer.ok(Ec2Xml.consoleOutput(instance.id, ec2.consoleOf(instance)));
    }

    /** The named instances; like EC2, one unknown id fails the whole call. */
    private List<StandInInstance> named(List<String> ids) throws NotFound {
        List<StandInInstance> found = new ArrayList<>();
        for (String id : ids) {
            StandInInstance instance = ec2.find(id);
            if (instance == null) throw new NotFound(id);
            found.add(instance);
        }
        return found;
    }

    /** An instance id the stand-in never issued. */
    private static final class NotFound extends Exception {
        NotFound(String instanceId) {
            super(instanceId, null, false, false);
        }
    }
}
