package io.computecluster.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in node JVM for the launcher's process handling: {@code exit CODE LINE...} prints the
 * lines and exits with CODE; {@code run LINE...} prints them and runs until it is stopped. With
 * {@code --cluster HOST:PORT} it writes that as its bound cluster port to the file of
 * {@code --ports-file FILE} (which the launcher adds), as a real node does.
 */
public final class FakeNodeMain {
    private FakeNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        List<String> lines = new ArrayList<>();
        String cluster = null;
        Path portsFile = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--cluster" -> cluster = args[++i];
                case "--ports-file" -> portsFile = Path.of(args[++i]);
                default -> lines.add(args[i]);
            }
        }
        if (cluster != null && portsFile != null) {
            // Written aside and renamed into place, as a node does: a reader never sees half a file.
            Path partial = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
            Files.writeString(partial, "{\"pid\":" + ProcessHandle.current().pid() + ",\"role\":\"worker\",\"cluster\":\""
                    + cluster + "\"}");
            Files.move(partial, portsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        lines.forEach(System.out::println);
        System.out.flush();
        if (args[0].startsWith("exit")) {
            System.exit(Integer.parseInt(args[0].substring("exit".length())));
        }
        new CountDownLatch(1).await();
    }
}
