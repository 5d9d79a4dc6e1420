package io.computecluster.client;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in node JVM for the demo's process handling: {@code exit CODE LINE...} prints the lines
 * and exits with CODE; {@code run LINE...} prints them and runs until it is stopped.
 */
public final class FakeNodeMain {
    private FakeNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 1; i < args.length; i++) {
            System.out.println(args[i]);
        }
        System.out.flush();
        if (args[0].startsWith("exit")) {
            System.exit(Integer.parseInt(args[0].substring("exit".length())));
        }
        new CountDownLatch(1).await();
    }
}
