package io.computecluster.function.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.math.BigInteger;

/**
 * The functions PluginBridge is tested with: those listed in this module's test
 * META-INF/services, and, below them, broken ones that only {@link TestLoaders} lists.
 */
public final class TestFunctions {
    private TestFunctions() {
    }

    public static final class EchoText implements TaskFunction<String, String> {
        @Override public String name() { return "echo-text"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class EchoJson implements TaskFunction<JsonNode, JsonNode> {
        @Override public String name() { return "echo-json"; }
        @Override public PayloadType<JsonNode> input() { return PayloadType.JSON; }
        @Override public PayloadType<JsonNode> output() { return PayloadType.JSON; }
        @Override public JsonNode apply(JsonNode input, TaskContext context) { return input; }
    }

    public static final class EchoBytes implements TaskFunction<byte[], byte[]> {
        @Override public String name() { return "echo-bytes"; }
        @Override public PayloadType<byte[]> input() { return PayloadType.BYTES; }
        @Override public PayloadType<byte[]> output() { return PayloadType.BYTES; }
        @Override public byte[] apply(byte[] input, TaskContext context) { return input; }
    }

    public static final class EchoInteger implements TaskFunction<BigInteger, BigInteger> {
        @Override public String name() { return "echo-integer"; }
        @Override public PayloadType<BigInteger> input() { return PayloadType.INTEGER; }
        @Override public PayloadType<BigInteger> output() { return PayloadType.INTEGER; }
        @Override public BigInteger apply(BigInteger input, TaskContext context) { return input; }
    }

    public record Point(double x, double y, String label) {
    }

    public record Shift(double dx, double dy) {
    }

    /** JSON bound to records both ways, moved by the job's args bound to a record. */
    public static final class MovePoint implements TaskFunction<Point, Point> {
        @Override public String name() { return "move-point"; }
        @Override public PayloadType<Point> input() { return PayloadType.json(Point.class); }
        @Override public PayloadType<Point> output() { return PayloadType.json(Point.class); }

        @Override
        public Point apply(Point input, TaskContext context) {
            Shift shift = context.args(Shift.class);
            return new Point(input.x() + shift.dx(), input.y() + shift.dy(), input.label());
        }
    }

    public record Times(int times) {
    }

    public static final class Repeat implements TaskFunction<String, String> {
        @Override public String name() { return "repeat"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }

        @Override
        public String apply(String input, TaskContext context) {
            return input.repeat(context.args(Times.class).times());
        }
    }

    /** Answers what its context told it, so tests can see what reaches a function. */
    public static final class Probe implements TaskFunction<String, JsonNode> {
        @Override public String name() { return "probe"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<JsonNode> output() { return PayloadType.JSON; }

        @Override
        public JsonNode apply(String input, TaskContext context) {
            ObjectNode args = (ObjectNode) context.args();
            args.put("changed-by-probe", true);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("input", input);
            answer.put("jobId", context.jobId());
            answer.put("attempt", context.attempt());
            answer.put("cancelled", context.isCancelled());
            answer.set("args", args);
            return answer;
        }
    }

    public static final class Versioned implements TaskFunction<String, String> {
        @Override public String name() { return "versioned"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String version() { return "7.1"; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    public static final class Fail implements TaskFunction<String, String> {
        @Override public String name() { return "fail"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }

        @Override
        public String apply(String input, TaskContext context) throws Refused {
            throw new Refused("no " + input);
        }
    }

    public static final class NullResult implements TaskFunction<String, String> {
        @Override public String name() { return "null-result"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return null; }
    }

    /** What raw types let through: an Integer where text is declared. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class WrongType implements TaskFunction {
        @Override public String name() { return "wrong-type"; }
        @Override public PayloadType input() { return PayloadType.TEXT; }
        @Override public PayloadType output() { return PayloadType.TEXT; }
        @Override public Object apply(Object input, TaskContext context) { return 42; }
    }

    /** Jackson finds nothing to write in it. */
    public static final class Opaque {
    }

    public static final class Unwritable implements TaskFunction<String, Opaque> {
        @Override public String name() { return "unwritable"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<Opaque> output() { return PayloadType.json(Opaque.class); }
        @Override public Opaque apply(String input, TaskContext context) { return new Opaque(); }
    }

    /** JSON bound to a primitive type: results arrive boxed. */
    public static final class Length implements TaskFunction<String, Integer> {
        @Override public String name() { return "length"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<Integer> output() { return PayloadType.json(int.class); }
        @Override public Integer apply(String input, TaskContext context) { return input.length(); }
    }

    /** Runs until cancelled, as a long function should. */
    public static final class UntilCancelled implements TaskFunction<String, String> {
        @Override public String name() { return "until-cancelled"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }

        @Override
        public String apply(String input, TaskContext context) {
            while (!context.isCancelled()) {
                Thread.onSpinWait();
            }
            return "stopped";
        }
    }

    // Broken functions: listed only by the class loaders that TestLoaders builds.

    public static final class SecondEchoText implements TaskFunction<String, String> {
        @Override public String name() { return "echo-text"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class UpperCaseName implements TaskFunction<String, String> {
        @Override public String name() { return "Upper"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class LongName implements TaskFunction<String, String> {
        @Override public String name() { return "a".repeat(65); }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class NullName implements TaskFunction<String, String> {
        @Override public String name() { return null; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class TakesSquare implements TaskFunction<BigInteger, BigInteger> {
        @Override public String name() { return "square"; }
        @Override public PayloadType<BigInteger> input() { return PayloadType.INTEGER; }
        @Override public PayloadType<BigInteger> output() { return PayloadType.INTEGER; }
        @Override public BigInteger apply(BigInteger input, TaskContext context) { return input.multiply(input); }
    }

    public static final class NoInput implements TaskFunction<String, String> {
        @Override public String name() { return "no-input"; }
        @Override public PayloadType<String> input() { return null; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class NoOutput implements TaskFunction<String, String> {
        @Override public String name() { return "no-output"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return null; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class ThrowingConstructor implements TaskFunction<String, String> {
        public ThrowingConstructor() {
            throw new IllegalStateException("licence file missing");
        }

        @Override public String name() { return "throwing-constructor"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class NoPublicConstructor implements TaskFunction<String, String> {
        NoPublicConstructor() {
        }

        @Override public String name() { return "no-public-constructor"; }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class ThrowingName implements TaskFunction<String, String> {
        @Override public String name() { throw new IllegalStateException("not configured"); }
        @Override public PayloadType<String> input() { return PayloadType.TEXT; }
        @Override public PayloadType<String> output() { return PayloadType.TEXT; }
        @Override public String apply(String input, TaskContext context) { return input; }
    }

    public static final class NotAFunction {
    }
}
