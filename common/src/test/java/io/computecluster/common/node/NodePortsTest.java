package io.computecluster.common.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ports file as a node writes it and a launcher reads it. */
class NodePortsTest {

    @Test
    void writtenAgainAsEachPortIsBoundAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested").resolve("master.ports.json");
        assertEquals(Optional.empty(), NodePorts.read(file), "nothing bound yet");

        NodePorts cluster = new NodePorts(42, "master", null, null, null, null)
                .withCluster("127.0.0.1:41234", "/var/log/compute/master-41234.log");
        cluster.write(file);
        NodePorts read = NodePorts.read(file).orElseThrow();
        assertEquals(cluster, read);
        assertEquals(Optional.of(41234), read.clusterPort());
        assertEquals(Optional.empty(), read.httpUri());

        NodePorts all = cluster.withHttp("http://127.0.0.1:8080").withManagement("http://127.0.0.1:7626");
        all.write(file);
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")), NodePorts.read(file).orElseThrow().httpUri());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:7626")),
                NodePorts.read(file).orElseThrow().managementUri());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
        assertTrue(Files.readString(file).contains("\"cluster\" : \"127.0.0.1:41234\""), Files.readString(file));
    }
}
