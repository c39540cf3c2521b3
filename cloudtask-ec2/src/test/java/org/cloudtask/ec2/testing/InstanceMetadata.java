package org.cloudtask.ec2.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The instance metadata service of stand-in instances, at {@code /imds/<instance-id>/...} instead of
 * {@code http://169.254.169.254/...} (which the tests must never reach): the IMDSv2 token, the instance id, and the
 * spot interruption notice ({@code /latest/meta-data/spot/instance-action}, 404 until there is one).
 */
final class InstanceMetadata {

    static final String PREFIX = "/imds/";
    private static final String TOKEN = "stand-in-imds-token";

    private final Ec2StandIn ec2;

    InstanceMetadata(Ec2StandIn ec2) {
        this.ec2 = ec2;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rest = exchange.getRequestURI().getPath().substring(PREFIX.length());
            int slash = rest.indexOf('/');
            StandInInstance instance = slash < 0 ? null : ec2.find(rest.substring(0, slash));
            String path = slash < 0 ? "" : rest.substring(slash);
            boolean tokenAsked = path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT");
            String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
            if (instance == null || instance.isTerminated()) {
                send(exchange, 404, "");
            } else if (tokenAsked && exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") == null) {
                // IMDSv2: the token PUT must carry X-aws-ec2-metadata-token-ttl-seconds, else 400
                send(exchange, 400, "");
            } else if (tokenAsked) {
                send(exchange, 200, TOKEN);
            } else if (ec2.imdsRejectsTokensNow() && token != null
                    || ec2.imdsTokensRequired() && !TOKEN.equals(token)) {
                // EC2 User Guide, "Use the Instance Metadata Service" (IMDSv2): with HttpTokens=required (the default
                // for instances of AMIs whose ImdsSupport is v2.0) a request without a valid token gets 401
                send(exchange, 401, "");
            } else if (path.equals("/latest/meta-data/instance-id")) {
                send(exchange, 200, instance.id);
            } else if (path.equals("/latest/meta-data/spot/instance-action") && instance.spotNoticeTime != null) {
                send(exchange, 200, "{\"action\": \"terminate\", \"time\": \""
                        + DateTimeFormatter.ISO_INSTANT.format(instance.spotNoticeTime.truncatedTo(ChronoUnit.SECONDS)) + "\"}");
            } else {
                send(exchange, 404, "");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
