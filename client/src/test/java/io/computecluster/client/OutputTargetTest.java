package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.computecluster.client.OutputTarget.Kind;
import io.computecluster.common.testkit.Commands;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a path named for output is written: only regular files (or nothing yet) are replaced. */
class OutputTargetTest {

    @TempDir
    Path dir;

    @Test
    void aNewPathAndARegularFileAreReplaced() throws IOException {
        Path file = dir.resolve("results.tsv");
        assertEquals(new OutputTarget(Kind.REPLACE, file), OutputTarget.of(file.toString()));
        Files.writeString(file, "old");
        assertEquals(new OutputTarget(Kind.REPLACE, file), OutputTarget.of(file.toString()));
    }

    @Test
    void dashAndTheStandardStreamsAreWrittenDirectly() throws IOException {
        assertEquals(Kind.STDOUT, OutputTarget.of("-").kind());
        assertEquals(Kind.STDOUT, OutputTarget.of("/dev/stdout").kind());
        assertEquals(Kind.STDERR, OutputTarget.of("/dev/stderr").kind());
        assertEquals(new OutputTarget(Kind.DIRECT, Path.of("/dev/fd/1")), OutputTarget.of("/dev/fd/1"));
        assertEquals(new OutputTarget(Kind.DIRECT, Path.of("/proc/self/fd/2")), OutputTarget.of("/proc/self/fd/2"));
    }

    @Test
    void devNullIsWrittenDirectly() throws IOException {
        assertEquals(new OutputTarget(Kind.DIRECT, Path.of("/dev/null")), OutputTarget.of("/dev/null"));
    }

    @Test
    void aLinkIsFollowedToWhatItPointsAt() throws IOException {
        Path file = Files.writeString(dir.resolve("real.tsv"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.tsv"), Path.of("real.tsv"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("link2.tsv"), link);
        assertEquals(new OutputTarget(Kind.REPLACE, file), OutputTarget.of(linkToLink.toString()));

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.tsv"), Path.of("later.tsv"));
        assertEquals(new OutputTarget(Kind.REPLACE, dir.resolve("later.tsv")), OutputTarget.of(dangling.toString()));

        Path toNull = Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null"));
        assertEquals(Kind.DIRECT, OutputTarget.of(toNull.toString()).kind());
        Path toStdout = Files.createSymbolicLink(dir.resolve("out"), Path.of("/dev/stdout"));
        assertEquals(Kind.DIRECT, OutputTarget.of(toStdout.toString()).kind());
    }

    @Test
    void aLinkOfALinkInAnotherFolderResolvesDotDotAsTheKernelDoes() throws IOException {
        Path real = Files.createDirectories(dir.resolve("a/b"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        Files.createSymbolicLink(real.resolve("up.tsv"), Path.of("../up-target.tsv"));
        assertEquals(new OutputTarget(Kind.REPLACE, dir.resolve("a/up-target.tsv")),
                OutputTarget.of(alias.resolve("up.tsv").toString()));
    }

    @Test
    void aLoopOfLinksIsAnError() throws IOException {
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);
        IOException error = assertThrows(IOException.class, () -> OutputTarget.of(a.toString()));
        assertEquals(a + ": more than 40 symbolic links to follow", error.getMessage());
    }

    @Test
    void aFolderIsNoTarget() throws IOException {
        assertEquals(new OutputTarget(Kind.DIRECTORY, dir), OutputTarget.of(dir.toString()));
    }

    @Test
    void aFifoIsWrittenDirectly() throws Exception {
        Path fifo = dir.resolve("fifo");
        Commands.run("mkfifo", fifo.toString());
        assertEquals(new OutputTarget(Kind.DIRECT, fifo), OutputTarget.of(fifo.toString()));
    }

    @Test
    void aUnixSocketIsConnectedTo() throws IOException {
        Path socket = dir.resolve("results.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(new OutputTarget(Kind.SOCKET, socket), OutputTarget.of(socket.toString()));
        }
    }

    @Test
    void aCharacterDeviceIsWrittenDirectly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mknod needs root: the character device case is covered by /dev/null only");
        Path device = dir.resolve("null-device");
        Commands.run("mknod", device.toString(), "c", "1", "3");
        assertEquals(new OutputTarget(Kind.DIRECT, device), OutputTarget.of(device.toString()));
    }
}
