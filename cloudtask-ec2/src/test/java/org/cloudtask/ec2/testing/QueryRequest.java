package org.cloudtask.ec2.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One EC2 Query API request as the SDK sends it: a form body of {@code Action=...&Version=...&Name.1=...}. */
final class QueryRequest {

    private final Map<String, String> parameters;

    QueryRequest(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    static QueryRequest parse(String form) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return new QueryRequest(parameters);
    }

    String action() {
        return get("Action");
    }

    String get(String name) {
        return parameters.get(name);
    }

    int getInt(String name, int otherwise) {
        String value = get(name);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    /** The values of a list parameter: {@code InstanceId.1}, {@code InstanceId.2}, ... */
    List<String> list(String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; get(prefix + "." + i) != null; i++) values.add(get(prefix + "." + i));
        return values;
    }

    /** Tags given as {@code prefix.N.Key} and {@code prefix.N.Value}. */
    Map<String, String> tags(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; get(prefix + "." + i + ".Key") != null; i++) {
            String value = get(prefix + "." + i + ".Value");
            tags.put(get(prefix + "." + i + ".Key"), value == null ? "" : value);
        }
        return tags;
    }

    /** Filters given as {@code Filter.N.Name} and {@code Filter.N.Value.M}. */
    Map<String, List<String>> filters() {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int i = 1; get("Filter." + i + ".Name") != null; i++) {
            filters.put(get("Filter." + i + ".Name"), list("Filter." + i + ".Value"));
        }
        return filters;
    }

    Map<String, String> all() {
        return parameters;
    }

    @Override
    public String toString() {
        return parameters.toString();
    }
}
