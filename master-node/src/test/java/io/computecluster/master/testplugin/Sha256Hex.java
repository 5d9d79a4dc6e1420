package io.computecluster.master.testplugin;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Text to text: the SHA-256 of the input as 64 hex digits, results far larger than short inputs. */
public final class Sha256Hex implements TaskFunction<String, String> {
    public static final String NAME = "sha256-hex";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PayloadType<String> input() {
        return PayloadType.TEXT;
    }

    @Override
    public PayloadType<String> output() {
        return PayloadType.TEXT;
    }

    @Override
    public String apply(String input, TaskContext context) {
        return hex(input);
    }

    public static String hex(String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
