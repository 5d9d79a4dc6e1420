package io.computecluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;
import java.math.BigInteger;
import java.util.List;

/**
 * {@code factor}: the prime factors of an integer from 2 to 10^30, ascending and repeated by
 * multiplicity, as a JSON array of decimal strings ({@code 12} gives {@code ["2","2","3"]}).
 * Strings, because a factor may be past what a JSON reader's numbers hold exactly.
 *
 * <p>Every input below 2^63 takes at most milliseconds (see {@link Factorizer}). Above it the
 * time grows with the square root of the second-largest prime factor: about a second when that
 * factor has 12 digits, half a minute or more for the product of two 15-digit primes. The
 * function stops when the job is cancelled or the task times out.
 */
public final class Factor implements TaskFunction<BigInteger, JsonNode> {
    static final BigInteger MAX = BigInteger.TEN.pow(30);
    private static final BigInteger MIN = BigInteger.TWO;

    @Override
    public String name() {
        return "factor";
    }

    @Override
    public PayloadType<BigInteger> input() {
        return PayloadType.INTEGER;
    }

    @Override
    public PayloadType<JsonNode> output() {
        return PayloadType.JSON;
    }

    @Override
    public JsonNode apply(BigInteger n, TaskContext context) {
        if (n.compareTo(MIN) < 0 || n.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("cannot factor " + shown(n) + ": the input must be from 2 to 10^30");
        }
        List<BigInteger> factors = Factorizer.factor(n, context::isCancelled);
        ArrayNode answer = JsonNodeFactory.instance.arrayNode(factors.size());
        for (BigInteger factor : factors) {
            answer.add(factor.toString());
        }
        return answer;
    }

    /** The input itself, unless writing out all its digits would swamp the error. */
    private static String shown(BigInteger n) {
        if (n.bitLength() <= 200) {
            return n.toString();
        }
        long digits = (long) Math.floor(n.bitLength() * Math.log10(2)) + 1;
        return (n.signum() < 0 ? "a negative " : "a ") + "number of about " + digits + " digits";
    }
}
