package io.computecluster.examples;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Integer factorisation: trial division by the primes below 1000, then Pollard's rho with
 * Brent's cycle finding, each factor tested prime by Miller–Rabin.
 *
 * <p>Below 2^63 everything runs in {@code long} arithmetic in Montgomery form (a 128-bit product
 * from {@link Math#multiplyHigh} reduced without division), with the Miller–Rabin bases 2 to 37,
 * which are exact for every 64-bit number. Rho's work grows with the square root of the
 * second-largest prime factor, so the hardest inputs, two primes of 31 bits, take about 50 000
 * steps: a millisecond or so. Above 2^63, {@link BigInteger} does the same, with the bases 2 to 41
 * (exact below 3.3 * 10^24) and {@link BigInteger#isProbablePrime} besides.
 */
final class Factorizer {
    private static final int[] SMALL_PRIMES = primesBelow(1000);
    private static final long[] WITNESSES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    private static final BigInteger[] BIG_WITNESSES = bigWitnesses();
    /** Rho steps between gcds, and between looks at the cancel flag. */
    private static final int BATCH = 128;

    private Factorizer() {
    }

    /** The prime factors of {@code n >= 2}, ascending, repeated by multiplicity. */
    static List<BigInteger> factor(BigInteger n, BooleanSupplier cancelled) {
        List<BigInteger> factors = new ArrayList<>();
        if (n.bitLength() < Long.SIZE) {
            List<Long> small = new ArrayList<>();
            factorLong(n.longValue(), small, cancelled);
            small.forEach(p -> factors.add(BigInteger.valueOf(p)));
        } else {
            BigInteger rest = n;
            for (int p : SMALL_PRIMES) {
                BigInteger prime = BigInteger.valueOf(p);
                BigInteger[] division = rest.divideAndRemainder(prime);
                while (division[1].signum() == 0) {
                    factors.add(prime);
                    rest = division[0];
                    division = rest.divideAndRemainder(prime);
                }
            }
            splitBig(rest, factors, cancelled);
        }
        factors.sort(null);
        return factors;
    }

    // ---- Below 2^63: long arithmetic. ----

    static void factorLong(long n, List<Long> factors, BooleanSupplier cancelled) {
        for (int p : SMALL_PRIMES) {
            if ((long) p * p > n) {
                break;
            }
            while (n % p == 0) {
                factors.add((long) p);
                n /= p;
            }
        }
        splitLong(n, factors, cancelled);
    }

    /** Factors {@code n}, which is 1 or has no prime factor below 1000 (so is odd). */
    private static void splitLong(long n, List<Long> factors, BooleanSupplier cancelled) {
        if (n == 1) {
            return;
        }
        if (isPrime(n)) {
            factors.add(n);
            return;
        }
        long d = rho(n, cancelled);
        splitLong(d, factors, cancelled);
        splitLong(n / d, factors, cancelled);
    }

    /** Exact for every {@code n} from 0 to 2^63 - 1. */
    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long p : WITNESSES) {
            if (n % p == 0) {
                return n == p;
            }
        }
        Montgomery m = new Montgomery(n);
        long d = n - 1;
        int s = Long.numberOfTrailingZeros(d);
        d >>= s;
        long minusOne = n - m.one;
        witnesses:
        for (long a : WITNESSES) {
            long x = m.pow(m.to(a), d);
            if (x == m.one || x == minusOne) {
                continue;
            }
            for (int i = 1; i < s; i++) {
                x = m.multiply(x, x);
                if (x == minusOne) {
                    continue witnesses;
                }
            }
            return false;
        }
        return true;
    }

    /**
     * A factor of {@code n} other than 1 and {@code n}: {@code n} is odd, composite and below 2^63.
     * Brent's variant of Pollard's rho, with the differences multiplied up and one gcd per batch.
     */
    static long rho(long n, BooleanSupplier cancelled) {
        Montgomery m = new Montgomery(n);
        for (long c = 1; ; c++) {
            long y = 2;
            long x = y;
            long saved = y;
            long product = 1;
            long g = 1;
            for (long r = 1; g == 1; r <<= 1) {
                x = y;
                for (long i = 0; i < r; i++) {
                    y = m.square(y, c);
                }
                for (long k = 0; k < r && g == 1; k += BATCH) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("cancelled while factoring " + n);
                    }
                    saved = y;
                    long steps = Math.min(BATCH, r - k);
                    for (long i = 0; i < steps; i++) {
                        y = m.square(y, c);
                        product = m.multiply(product, Math.abs(x - y));
                    }
                    g = gcd(product, n);
                }
            }
            if (g == n) {
                // The batch overshot (or the product hit 0): redo it one step at a time.
                do {
                    saved = m.square(saved, c);
                    g = gcd(Math.abs(x - saved), n);
                } while (g == 1);
            }
            if (g != n) {
                return g;
            }
            // This c cycled without splitting n: another constant gives another sequence.
        }
    }

    /** Binary gcd of two non-negative longs. */
    static long gcd(long a, long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        int shift = Long.numberOfTrailingZeros(a | b);
        a >>= Long.numberOfTrailingZeros(a);
        while (b != 0) {
            b >>= Long.numberOfTrailingZeros(b);
            if (a > b) {
                long t = a;
                a = b;
                b = t;
            }
            b -= a;
        }
        return a << shift;
    }

    /**
     * Arithmetic modulo an odd {@code n} below 2^63 in Montgomery form (x stands for x * 2^64 mod n),
     * where a product is reduced with two multiplications instead of a 128-bit division.
     */
    static final class Montgomery {
        final long n;
        /** -n^-1 mod 2^64. */
        private final long negInverse;
        /** 2^64 mod n: 1 in Montgomery form. */
        final long one;
        /** 2^128 mod n: what turns a number into Montgomery form. */
        private final long rSquared;

        Montgomery(long n) {
            this.n = n;
            long inverse = n; // right to 3 bits for odd n; each Newton step doubles that
            for (int i = 0; i < 5; i++) {
                inverse *= 2 - n * inverse;
            }
            this.negInverse = -inverse;
            long one = Long.remainderUnsigned(-1L, n) + 1; // (2^64 - 1) mod n, plus 1
            this.one = one == n ? 0 : one;
            long r = this.one;
            for (int i = 0; i < 64; i++) {
                r = addModulo(r, r);
            }
            this.rSquared = r;
        }

        long to(long a) {
            return multiply(Long.remainderUnsigned(a, n), rSquared);
        }

        /** (a + b) mod n for a, b below n: their sum fits in 64 unsigned bits since n is below 2^63. */
        private long addModulo(long a, long b) {
            long sum = a + b;
            return Long.compareUnsigned(sum, n) >= 0 ? sum - n : sum;
        }

        /** a * b * 2^-64 mod n for a, b below n. */
        long multiply(long a, long b) {
            // a and b are below 2^63, so the signed high half is the unsigned one.
            return reduce(Math.multiplyHigh(a, b), a * b);
        }

        /** The rho map y -> y^2 + c, in Montgomery form (c is any constant, left as it is). */
        long square(long y, long c) {
            return addModulo(multiply(y, y), c);
        }

        long pow(long base, long exponent) {
            long result = one;
            while (exponent > 0) {
                if ((exponent & 1) != 0) {
                    result = multiply(result, base);
                }
                base = multiply(base, base);
                exponent >>>= 1;
            }
            return result;
        }

        /** (high * 2^64 + low) * 2^-64 mod n, for a value below n * 2^64. */
        private long reduce(long high, long low) {
            long m = low * negInverse;
            // Unsigned high half of m * n: m may have its top bit set, n does not.
            long mnHigh = Math.multiplyHigh(m, n) + ((m >> 63) & n);
            // low + low half of m * n is 0 mod 2^64; it carries unless low is 0.
            long t = high + mnHigh + (low != 0 ? 1 : 0);
            return Long.compareUnsigned(t, n) >= 0 ? t - n : t;
        }
    }

    // ---- From 2^63: BigInteger. ----

    /** Factors {@code n}, which is 1 or has no prime factor below 1000. */
    private static void splitBig(BigInteger n, List<BigInteger> factors, BooleanSupplier cancelled) {
        if (n.bitLength() < Long.SIZE) {
            List<Long> small = new ArrayList<>();
            splitLong(n.longValue(), small, cancelled);
            small.forEach(p -> factors.add(BigInteger.valueOf(p)));
            return;
        }
        if (isPrime(n)) {
            factors.add(n);
            return;
        }
        BigInteger d = rho(n, cancelled);
        splitBig(d, factors, cancelled);
        splitBig(n.divide(d), factors, cancelled);
    }

    /** Miller–Rabin with the primes to 41 (exact below 3.3 * 10^24), then the JDK's own test. */
    static boolean isPrime(BigInteger n) {
        BigInteger minusOne = n.subtract(BigInteger.ONE);
        int s = minusOne.getLowestSetBit();
        BigInteger d = minusOne.shiftRight(s);
        witnesses:
        for (BigInteger a : BIG_WITNESSES) {
            BigInteger x = a.modPow(d, n);
            if (x.equals(BigInteger.ONE) || x.equals(minusOne)) {
                continue;
            }
            for (int i = 1; i < s; i++) {
                x = x.multiply(x).mod(n);
                if (x.equals(minusOne)) {
                    continue witnesses;
                }
            }
            return false;
        }
        return n.isProbablePrime(64);
    }

    /** As {@link #rho(long, BooleanSupplier)}, for an odd composite {@code n} from 2^63. */
    static BigInteger rho(BigInteger n, BooleanSupplier cancelled) {
        for (long constant = 1; ; constant++) {
            BigInteger c = BigInteger.valueOf(constant);
            BigInteger y = BigInteger.TWO;
            BigInteger x = y;
            BigInteger saved = y;
            BigInteger product = BigInteger.ONE;
            BigInteger g = BigInteger.ONE;
            for (long r = 1; g.equals(BigInteger.ONE); r <<= 1) {
                x = y;
                for (long i = 0; i < r; i++) {
                    y = y.multiply(y).add(c).mod(n);
                }
                for (long k = 0; k < r && g.equals(BigInteger.ONE); k += BATCH) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("cancelled while factoring " + n);
                    }
                    saved = y;
                    long steps = Math.min(BATCH, r - k);
                    for (long i = 0; i < steps; i++) {
                        y = y.multiply(y).add(c).mod(n);
                        product = product.multiply(x.subtract(y).abs()).mod(n);
                    }
                    g = product.gcd(n);
                }
            }
            if (g.equals(n)) {
                do {
                    saved = saved.multiply(saved).add(c).mod(n);
                    g = x.subtract(saved).abs().gcd(n);
                } while (g.equals(BigInteger.ONE));
            }
            if (!g.equals(n)) {
                return g;
            }
        }
    }

    private static int[] primesBelow(int limit) {
        boolean[] composite = new boolean[limit];
        List<Integer> primes = new ArrayList<>();
        for (int i = 2; i < limit; i++) {
            if (!composite[i]) {
                primes.add(i);
                for (int j = i * i; j < limit; j += i) {
                    composite[j] = true;
                }
            }
        }
        return primes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static BigInteger[] bigWitnesses() {
        long[] bases = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41};
        BigInteger[] witnesses = new BigInteger[bases.length];
        for (int i = 0; i < bases.length; i++) {
            witnesses[i] = BigInteger.valueOf(bases[i]);
        }
        return witnesses;
    }
}
