package io.computecluster.examples;

import static io.computecluster.examples.ThroughTheBridge.call;
import static io.computecluster.examples.ThroughTheBridge.json;
import static io.computecluster.examples.ThroughTheBridge.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * factor through the bridge. Every answer is checked without the code under test: its factors
 * multiply back to the input, ascend, and each is prime by {@link BigInteger#isProbablePrime}.
 */
class FactorTest {
    private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
    private static final long PER_INPUT_LIMIT_NANOS = 2_000_000_000L;

    /** The factors of n, after checking them as the class comment says. */
    private static List<BigInteger> factorsChecked(BigInteger n) throws Exception {
        JsonNode answer = json("factor", null, n);
        assertTrue(answer.isArray(), answer::toString);
        List<BigInteger> factors = new ArrayList<>();
        BigInteger product = BigInteger.ONE;
        for (JsonNode factor : answer) {
            assertTrue(factor.isTextual(), () -> "a decimal string: " + answer);
            BigInteger p = new BigInteger(factor.asText());
            assertTrue(p.isProbablePrime(100), () -> p + " is not prime, in " + answer + " for " + n);
            if (!factors.isEmpty()) {
                assertTrue(factors.get(factors.size() - 1).compareTo(p) <= 0, () -> "ascending: " + answer);
            }
            factors.add(p);
            product = product.multiply(p);
        }
        assertEquals(n, product, () -> answer + " does not multiply back to " + n);
        return factors;
    }

    private static List<BigInteger> list(long... factors) {
        List<BigInteger> list = new ArrayList<>();
        for (long factor : factors) {
            list.add(BigInteger.valueOf(factor));
        }
        return list;
    }

    @Test
    void twelveIsTwoTwoThree() throws Exception {
        assertEquals(parse("[\"2\",\"2\",\"3\"]"), json("factor", null, BigInteger.valueOf(12)));
        assertEquals(parse("[\"2\"]"), json("factor", null, BigInteger.TWO));
    }

    @Test
    void knownFactorisations() throws Exception {
        assertEquals(list(7, 7, 73, 127, 337, 92737, 649657), factorsChecked(BigInteger.valueOf(Long.MAX_VALUE)));
        assertEquals(list(3, 11, 17), factorsChecked(BigInteger.valueOf(561)));
        // A strong pseudoprime to the bases 2 to 23: the bases up to 37 must still catch it.
        assertEquals(list(149491, 747451, 34233211), factorsChecked(new BigInteger("3825123056546413051")));
        assertEquals(List.of(new BigInteger("9223372036854775783")), factorsChecked(new BigInteger("9223372036854775783")));
        List<BigInteger> tenTo30 = factorsChecked(Factor.MAX);
        assertEquals(60, tenTo30.size());
        assertEquals(30, tenTo30.stream().filter(BigInteger.TWO::equals).count());
        assertEquals(63, factorsChecked(TWO_TO_63).size());
        factorsChecked(Factor.MAX.subtract(BigInteger.ONE));
        factorsChecked(TWO_TO_63.add(BigInteger.ONE));
        factorsChecked(TWO_TO_63.subtract(BigInteger.ONE).multiply(BigInteger.valueOf(1_000_003)));
        // The largest prime below 10^30.
        factorsChecked(new BigInteger("999999999999999999999999999989"));
    }

    @Test
    void inputsOutsideTwoToTenToThe30AreRefusedNamingThemAndTheBounds() {
        for (String input : new String[] {"1", "0", "-12", "1000000000000000000000000000001"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> json("factor", null, new BigInteger(input)));
            assertEquals("cannot factor " + input + ": the input must be from 2 to 10^30", e.getMessage());
        }
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> json("factor", null, BigInteger.TEN.pow(5000)));
        assertEquals("cannot factor a number of about 5001 digits: the input must be from 2 to 10^30", huge.getMessage());
    }

    @Test
    void millerRabinAgreesWithTheJdkOnEveryKindOfLong() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long n = random.nextLong() >>> (1 + random.nextInt(63));
            assertEquals(BigInteger.valueOf(n).isProbablePrime(100), Factorizer.isPrime(n), "n = " + n);
        }
        for (long n = 0; n < 10_000; n++) {
            assertEquals(BigInteger.valueOf(n).isProbablePrime(100), Factorizer.isPrime(n), "n = " + n);
        }
        // Strong pseudoprimes to many small bases, and Carmichael numbers.
        for (long n : new long[] {2047, 1373653, 25326001, 3215031751L, 2152302898747L, 3474749660383L,
                341550071728321L, 3825123056546413051L, 318665857834031151L, 561, 41041, 825265, 321197185}) {
            assertEquals(false, Factorizer.isPrime(n), "n = " + n);
        }
    }

    /**
     * The hardest inputs below 2^63: products of two primes of about 31 bits, squares of such
     * primes, and primes just below 2^63. Each must finish well within a second.
     */
    @Test
    void hardInputsBelowTwoToThe63FinishFast() throws Exception {
        Random random = new Random(63);
        List<BigInteger> inputs = new ArrayList<>();
        while (inputs.size() < 300) {
            BigInteger p = BigInteger.probablePrime(31 + random.nextInt(2), random);
            BigInteger q = BigInteger.probablePrime(31 + random.nextInt(2), random);
            BigInteger n = p.multiply(q);
            if (n.compareTo(TWO_TO_63) < 0) {
                inputs.add(n);
            }
        }
        for (int i = 0; i < 50; i++) {
            BigInteger p = BigInteger.probablePrime(31, random);
            inputs.add(p.multiply(p));
        }
        BigInteger prime = TWO_TO_63;
        for (int i = 0; i < 50; i++) {
            do {
                prime = prime.subtract(BigInteger.ONE);
            } while (!prime.isProbablePrime(100));
            inputs.add(prime);
        }
        for (int i = 0; i < 50; i++) {
            inputs.add(BigInteger.probablePrime(63, random));
        }
        long slowest = 0;
        BigInteger slowestInput = null;
        long total = 0;
        for (BigInteger n : inputs) {
            long start = System.nanoTime();
            List<BigInteger> factors = factorsChecked(n);
            long took = System.nanoTime() - start;
            assertTrue(took < PER_INPUT_LIMIT_NANOS, n + " took " + took / 1_000_000 + " ms");
            assertTrue(factors.size() <= 2);
            total += took;
            if (took > slowest) {
                slowest = took;
                slowestInput = n;
            }
        }
        System.out.printf("factor: %d hard inputs below 2^63 in %.1f ms, mean %.3f ms, slowest %.3f ms (%s)%n",
                inputs.size(), total / 1e6, total / 1e6 / inputs.size(), slowest / 1e6, slowestInput);
    }

    @Test
    void aLargeInputWithTwoLargeFactorsFinishes() throws Exception {
        Random random = new Random(30);
        BigInteger p = BigInteger.probablePrime(36, random);
        BigInteger q = BigInteger.probablePrime(63, random);
        long start = System.nanoTime();
        assertEquals(List.of(p.min(q), p.max(q)), factorsChecked(p.multiply(q)));
        System.out.printf("factor: %s (36-bit times 63-bit primes) in %.1f ms%n", p.multiply(q),
                (System.nanoTime() - start) / 1e6);
    }

    @Test
    void aCancelledJobStopsTheSearch() {
        Random random = new Random(99);
        BigInteger hard = BigInteger.probablePrime(49, random).multiply(BigInteger.probablePrime(50, random));
        assertThrows(CancellationException.class, () -> call("factor", null, hard, () -> true));
        BigInteger hardLong = BigInteger.probablePrime(31, random).multiply(BigInteger.probablePrime(31, random));
        assertThrows(CancellationException.class, () -> call("factor", null, hardLong, () -> true));
    }

    @Property(tries = 1000)
    void everyLongFactorsCorrectly(@ForAll("longs") long n) throws Exception {
        factorsChecked(BigInteger.valueOf(n));
    }

    @Property(tries = 300)
    void productsOfPrimesUpToTenToThe30FactorCorrectly(@ForAll("products") BigInteger n) throws Exception {
        factorsChecked(n);
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.longs().between(2, Long.MAX_VALUE);
    }

    /** Inputs to 10^30 built from primes of up to 40 bits, so that none is slow to factor. */
    @Provide
    Arbitrary<BigInteger> products() {
        Arbitrary<BigInteger> prime = Arbitraries.integers().between(2, 40).flatMap(bits ->
                Arbitraries.randomValue(random -> BigInteger.probablePrime(bits, random)));
        return prime.list().ofMinSize(1).ofMaxSize(8)
                .map(primes -> primes.stream().reduce(BigInteger.ONE, BigInteger::multiply))
                .filter(n -> n.compareTo(Factor.MAX) <= 0);
    }
}
