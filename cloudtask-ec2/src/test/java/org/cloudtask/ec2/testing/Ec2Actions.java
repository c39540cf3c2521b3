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
            "ip-address", "private-ip-address", "dns-name", "instance-id");

    /**
     * Instance families on the Xen hypervisor. GetConsoleOutput: the latest output "is supported on instance types
     * that use the Nitro hypervisor".
     */
    private static final java.util.Set<String> XEN_FAMILIES = java.util.Set.of("t1", "t2", "m1", "m2", "m3", "m4", "c1",
            "c3", "c4", "r3", "r4", "i2", "d2", "x1", "x1e", "g3", "p2", "p3", "h1", "f1");

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
            return Answer.of(new Ec2Fault(400, "InvalidInstanceID.NotFound", e.getMessage()));
        } catch (IOException e) {
            return Answer.of(new Ec2Fault(500, "InternalError", "stand-in could not start an instance: " + e.getMessage()));
        }
    }

    private Answer runInstances(QueryRequest request) throws IOException {
        if (request.get("ImageId") == null) return Answer.of(new Ec2Fault(400, "MissingParameter", "ImageId is required"));
        List<StandInInstance> earlier = ec2.byClientToken(request.get("ClientToken"));
        if (!earlier.isEmpty()) {
            // "Ensuring idempotency in Amazon EC2 API requests": the same token with other parameters is refused;
            // with the same ones, the original reservation comes back (even while its instances are not yet visible)
            if (!earlier.get(0).runParameters.equals(StandInInstance.runParameters(request))) {
                return Answer.of(new Ec2Fault(400, "IdempotentParameterMismatch",
                        "Client token " + request.get("ClientToken") + " was already used with other parameters"));
            }
            return Answer.ok(Ec2Xml.runInstances(earlier.get(0).reservationId, earlier));
        }
        int min = request.getInt("MinCount", 1);
        Object room = ec2.room(min, request.getInt("MaxCount", 1));
        if (room instanceof Ec2Fault fault) return Answer.of(fault);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; ec2.honoursTagSpecifications() && request.get("TagSpecification." + i + ".ResourceType") != null; i++) {
            if (request.get("TagSpecification." + i + ".ResourceType").equals("instance")) {
                tags.putAll(request.tags("TagSpecification." + i + ".Tag"));
            }
        }
        String reservationId = String.format("r-%017x", ++reservations);
        List<StandInInstance> launched = new ArrayList<>();
        int count = (Integer) room;
        for (int i = 0; i < count; i++) launched.add(ec2.launchOne(reservationId, request, new LinkedHashMap<>(tags)));
        return Answer.ok(Ec2Xml.runInstances(reservationId, launched));
    }

    private Answer describeInstances(QueryRequest request) throws NotFound {
        List<StandInInstance> candidates = request.list("InstanceId").isEmpty()
                ? ec2.all().stream().filter(StandInInstance::visible).toList() : named(request.list("InstanceId"));
        Map<String, List<String>> filters = request.filters();
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            String name = filter.getKey();
            if (!name.startsWith("tag:") && !FILTERS.contains(name)) {
                return Answer.of(Ec2Fault.invalid("The stand-in does not know the filter '" + name + "'"));
            }
            // EC2 refuses more than 200 values in one filter (FilterLimitExceeded); the Filter page of the EC2 API
            // Reference gives no number, 200 is what EC2 enforces (issue 20)
            if (filter.getValue().size() > ec2.filterValueLimit()) {
                return Answer.of(new Ec2Fault(400, "FilterLimitExceeded", "The maximum number of filter values specified on a "
                        + "single call is " + ec2.filterValueLimit()));
            }
        }
        List<StandInInstance> matching = new ArrayList<>();
        for (StandInInstance instance : candidates) {
            ec2.advance(instance);
            if (matches(instance, filters)) matching.add(instance);
        }
        // DescribeInstances paginates: a page, and NextToken for the rest
        int from = request.get("NextToken") == null ? 0 : Integer.parseInt(request.get("NextToken"));
        int page = Math.min(ec2.pageSize(), request.getInt("MaxResults", Integer.MAX_VALUE));
        int to = (int) Math.min(matching.size(), (long) from + page);
        String next = to < matching.size() ? Integer.toString(to) : null;
        synchronized (ec2) {
            return Answer.ok(Ec2Xml.describeInstances(matching.subList(Math.min(from, to), to), next));
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
                case "instance-state-name" -> instance.shownState();
                case "instance-id" -> instance.id;
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
        // TerminateInstances: "If you specify multiple instances and the request fails (for example, because of a
        // single incorrect instance ID), none of the instances are terminated." named() fails before any is touched.
        for (StandInInstance instance : named(request.list("InstanceId"))) {
            synchronized (ec2) {
                previous.put(instance, instance.shownState());
                instance.terminate("Client.UserInitiatedShutdown");
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
        boolean latest = "true".equals(request.get("Latest"));
        if (latest && ec2.latestNeedsNitro() && XEN_FAMILIES.contains(instance.type.split("\\.")[0])) {
            return Answer.of(new Ec2Fault(400, "UnsupportedOperation",
                    "The latest console output is only supported on instances that use the Nitro hypervisor."));
        }
        return Answer.ok(Ec2Xml.consoleOutput(instance.id, ec2.consoleOf(instance, latest)));
    }

    /**
     * The named instances; like EC2, one unknown id fails the whole call, and an instance is unknown until it is
     * visible ("Eventual consistency in the Amazon EC2 API") and again a while after it terminated.
     */
    private List<StandInInstance> named(List<String> ids) throws NotFound {
        List<StandInInstance> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            StandInInstance instance = ec2.find(id);
            if (instance == null || !instance.visible()) {
                missing.add(id);
            } else {
                found.add(instance);
            }
        }
        if (!missing.isEmpty()) throw new NotFound(missing);
        return found;
    }

    /** Instance ids the stand-in never issued, or not visible now. */
    private static final class NotFound extends Exception {
        NotFound(List<String> instanceIds) {
            super(instanceIds.size() == 1 ? "The instance ID '" + instanceIds.get(0) + "' does not exist"
                    : "The instance IDs '" + String.join(", ", instanceIds) + "' do not exist", null, false, false);
        }
    }
}
