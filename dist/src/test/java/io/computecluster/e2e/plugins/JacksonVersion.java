package io.computecluster.e2e.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;

/**
 * A test plug-in that says which Jackson it runs on: its JSON input with {@code jackson} set to
 * the version of the jackson-databind its class loader found, and {@code args} to the job's args.
 */
public final class JacksonVersion implements TaskFunction<JsonNode, JsonNode> {
    @Override
    public String name() {
        return "jackson-version";
    }

    @Override
    public PayloadType<JsonNode> input() {
        return PayloadType.JSON;
    }

    @Override
    public PayloadType<JsonNode> output() {
        return PayloadType.JSON;
    }

    @Override
    public JsonNode apply(JsonNode input, TaskContext context) {
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.set("input", input);
        out.put("jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        out.set("args", context.args());
        return out;
    }
}
