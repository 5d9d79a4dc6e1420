package io.computecluster.worker.testplugin;

import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;

/**
 * Text to text, misbehaving on demand: {@code throw} throws (naming the attempt), {@code sleep:MS}
 * sleeps (interruptibly), {@code spin:MS} spins ignoring interrupts, {@code recurse} overflows
 * its stack, {@code huge} asks for an array no heap holds, {@code repeat:N} answers N bytes, and
 * anything else answers the name of the thread and class loader it ran on.
 */
public final class TroubleFn implements TaskFunction<String, String> {
    @Override
    public String name() {
        return "trouble";
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
    public String version() {
        return "2.0";
    }

    @Override
    public String apply(String input, TaskContext context) throws Exception {
        String[] parts = input.split(":", 2);
        switch (parts[0]) {
            case "throw" -> throw new IllegalStateException("refusing on attempt " + context.attempt());
            case "sleep" -> {
                Thread.sleep(Long.parseLong(parts[1]));
                return "slept";
            }
            case "spin" -> {
                long until = System.nanoTime() + Long.parseLong(parts[1]) * 1_000_000;
                long spins = 0;
                while (System.nanoTime() < until) {
                    spins++;
                }
                return "spun " + (spins > 0);
            }
            case "recurse" -> {
                return String.valueOf(recurse(1));
            }
            case "huge" -> {
                long[] huge = new long[Integer.MAX_VALUE - 16];
                return String.valueOf(huge.length);
            }
            case "repeat" -> {
                return "x".repeat(Integer.parseInt(parts[1]));
            }
            default -> {
                return Thread.currentThread().getName() + " " + getClass().getClassLoader().getName() + " "
                        + getClass().getProtectionDomain().getCodeSource().getLocation();
            }
        }
    }

    private static long recurse(long depth) {
        return depth + recurse(depth + 1);
    }
}
