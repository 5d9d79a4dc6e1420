package io.computecluster.master.http;

import io.computecluster.common.config.SettingsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The secret a client must send as {@code Authorization: Bearer <token>}, read once at start from
 * the file {@code compute.master.api.token-file} names.
 */
public final class ApiToken {
    public static final String KEY = "compute.master.api.token-file";
    private static final Set<PosixFilePermission> OTHERS_CAN_READ = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path file;
    /** A digest, so that the comparison takes as long whatever the length of a guess. */
    private final byte[] digest;

    ApiToken(Path file, String token) {
        this.file = file;
        this.digest = sha256(token);
    }

    /** The token of the file the config names, or empty when it names none (the API is open). */
    public static Optional<ApiToken> fromConfig(SettingsReader reader) {
        if (!reader.config().hasPath(KEY) || reader.config().getString(KEY).isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(reader.config().getString(KEY).strip());
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw reader.error(KEY, "a readable file holding the API token",
                    file + " (" + why(e) + ")");
        }
        if (token.isEmpty()) {
            throw reader.error(KEY, "a file holding the API token", file + ", which is empty");
        }
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw reader.error(KEY, "a token of printable ASCII without spaces (as HTTP headers carry it)",
                    "other characters in " + file);
        }
        return Optional.of(new ApiToken(file, token));
    }

    /** Whether {@code candidate} is the token; in constant time for a given digest length. */
    boolean matches(String candidate) {
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    public Path file() {
        return file;
    }

    /** Whether users other than the file's owner may read it (a warning, not an error). */
    public boolean readableByOthers() {
        try {
            return Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS_CAN_READ::contains);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String why(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "API token from " + file;
    }
}
