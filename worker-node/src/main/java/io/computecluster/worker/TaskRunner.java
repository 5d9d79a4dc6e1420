package io.computecluster.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The thread on which a worker actor runs plug-in functions, so that the actor itself never waits
 * on user code: it hands over a whole chunk and hears back when the chunk is finished. A runner
 * whose input hangs is abandoned (left to end whenever that input returns; never stopped by
 * force) and the actor starts a fresh one for the rest of the chunk.
 */
final class TaskRunner {
    private final Thread thread;
    private final BlockingQueue<PluginChunk> chunks = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    TaskRunner(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands {@code chunk} to this runner. */
    void run(PluginChunk chunk) {
        chunk.assignTo(thread);
        chunks.add(chunk);
    }

    /** The runner's thread ends once it is idle, or as soon as its chunk is taken from it. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    Thread thread() {
        return thread;
    }

    private void loop() {
        while (!stopped) {
            PluginChunk chunk;
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                // Only stop() interrupts an idle runner: the watchdog interrupts running inputs alone.
                continue;
            }
            if (!chunk.run()) {
                // The chunk went to a fresh runner: this thread is abandoned.
                return;
            }
        }
    }
}
