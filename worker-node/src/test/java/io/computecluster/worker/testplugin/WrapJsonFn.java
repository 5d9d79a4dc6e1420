package io.computecluster.worker.testplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;

/** JSON to JSON: {@code {"wrapped": INPUT, "job": JOB_ID}}. */
public final class WrapJsonFn implements TaskFunction<JsonNode, JsonNode> {
    @Override
    public String name() {
        return "wrap-json";
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
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("wrapped", input);
        out.put("job", context.jobId());
        return out;
    }
}
