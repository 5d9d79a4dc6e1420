package io.computecluster.common.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** JSON answers of the API read as a tree with Jackson, for tests: no regular expressions over JSON. */
public final class TestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {
    }

    /** The JSON document {@code text}; an AssertionError naming the text when it is not JSON. */
    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The {@code id} of an answer to {@code POST /jobs}; an AssertionError when it has none. */
    public static String id(String submitted) {
        String id = read(submitted).path("id").asText("");
        if (id.isEmpty()) {
            throw new AssertionError("no job id in " + submitted);
        }
        return id;
    }

    /**
     * The document {@code text}, or a missing node when it is not JSON: for answers polled while a
     * master starts or hands over, which may be a proxy's or server's plain-text error.
     */
    public static JsonNode readOrMissing(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The {@code completed} of the newest job of a {@code GET /jobs} answer; -1 when there is none. */
    public static long newestCompleted(String jobs) {
        return readOrMissing(jobs).path("jobs").path(0).path("completed").asLong(-1);
    }
}
