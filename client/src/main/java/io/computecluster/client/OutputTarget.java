package io.computecluster.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a path a user names for output is, and so how it is written. Only a regular file, or a
 * path where nothing is yet, is written under a temporary name and renamed into place; anything
 * else (a device such as {@code /dev/null}, a FIFO, a socket, a terminal, {@code /dev/stdout}) is
 * opened and written where it is, because a rename would replace it with a regular file.
 * Symbolic links are followed: the rule applies to what a link points at, and the link stays.
 *
 * @param kind how to write
 * @param path the path to write: the end of any symbolic links for {@link Kind#REPLACE} and
 *             {@link Kind#SOCKET}, the path as given for {@link Kind#DIRECT}; {@code null} for the
 *             standard streams
 */
record OutputTarget(Kind kind, Path path) {

    /** How a target is written. */
    enum Kind {
        /** The process's standard output ({@code -} or {@code /dev/stdout}). */
        STDOUT,
        /** The process's standard error ({@code /dev/stderr}). */
        STDERR,
        /** A regular file, or none yet: written under a temporary name beside it, then renamed. */
        REPLACE,
        /** A device, FIFO, or a descriptor of this process: opened for writing, never created or renamed. */
        DIRECT,
        /** A Unix domain socket: connected to and written. */
        SOCKET,
        /** A folder: nothing can be written there. */
        DIRECTORY
    }

    /** Symbolic links followed before giving up, as the kernel's own limit (ELOOP). */
    private static final int MAX_LINKS = 40;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** Classifies {@code name} as given on a command line ({@code -} is standard output). */
    static OutputTarget of(String name) throws IOException {
        switch (name) {
            case "-", "/dev/stdout" -> {
                return new OutputTarget(Kind.STDOUT, null);
            }
            case "/dev/stderr" -> {
                return new OutputTarget(Kind.STDERR, null);
            }
            default -> {
                return ofPath(Path.of(name));
            }
        }
    }

    private static OutputTarget ofPath(Path given) throws IOException {
        Path path = given.toAbsolutePath().normalize();
        for (int links = 0; ; links++) {
            if (isProcessDescriptor(path)) {
                // /dev/fd/N and /proc/<pid>/fd/N are the kernel's links to an open descriptor (a
                // pipe reads as "pipe:[123]", which is no path): only opening them reaches it.
                return new OutputTarget(Kind.DIRECT, given);
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new OutputTarget(Kind.REPLACE, path);
            }
            if (attributes.isSymbolicLink()) {
                if (links == MAX_LINKS) {
                    throw new IOException(given + ": more than " + MAX_LINKS + " symbolic links to follow");
                }
                // The link's folder without links of its own, so that a ".." in the link means what
                // it means to the kernel.
                Path folder = (path.getParent() == null ? path.getRoot() : path.getParent()).toRealPath();
                path = folder.resolve(Files.readSymbolicLink(path)).normalize();
                continue;
            }
            if (attributes.isRegularFile()) {
                return new OutputTarget(Kind.REPLACE, path);
            }
            if (attributes.isDirectory()) {
                return new OutputTarget(Kind.DIRECTORY, path);
            }
            return isSocket(path) ? new OutputTarget(Kind.SOCKET, path) : new OutputTarget(Kind.DIRECT, given);
        }
    }

    private static boolean isProcessDescriptor(Path path) {
        return path.startsWith("/dev/fd") || path.startsWith("/proc") && path.getNameCount() >= 3
                && path.getName(2).toString().equals("fd");
    }

    private static boolean isSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer bits && (bits & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
