package io.computecluster.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command reaches the master, a picocli mixin: {@code --api URL} (or {@code COMPUTE_API}) and
 * {@code --token-file FILE} (or {@code COMPUTE_API_TOKEN_FILE}), the API token a protected master
 * asks for, with the one line a command prints when the master refuses it.
 */
final class MasterApiOptions {
    static final String ENV = "COMPUTE_API_TOKEN_FILE";

    @Option(names = "--api", paramLabel = "URL", converter = ApiUrlConverter.class,
            defaultValue = "${env:COMPUTE_API:-http://127.0.0.1:8080}",
            description = "The master's HTTP API (default: $COMPUTE_API or ${DEFAULT-VALUE}).")
    URI api;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:" + ENV + "}",
            description = "File holding the master's API token, sent as Authorization: Bearer"
                    + " (default: $" + ENV + "; none when unset).")
    Path tokenFile;

    /** A client of the API that sends the token, if one was given. */
    ApiClient client() throws CommandFailure {
        return new ApiClient(api, tokenFile == null ? null : read(tokenFile));
    }

    /** The file's token, trimmed; a usage failure naming the file when it is unreadable or empty. */
    static String read(Path file) throws CommandFailure {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCode.USAGE, "--token-file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CommandFailure(ExitCode.USAGE, "--token-file " + file + ": permission denied");
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.USAGE, "--token-file " + file + ": cannot read: " + e.getMessage());
        }
        if (token.isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, "--token-file " + file + ": the file is empty, expected the"
                    + " API token");
        }
        return token;
    }

    /** The master answered 401: bad usage (exit 2), saying which token was refused. */
    CommandFailure refused(ApiException e) {
        String why = e.error() + " (HTTP 401)";
        if (tokenFile == null) {
            return new CommandFailure(ExitCode.USAGE, "the master refused the request without a token: " + why
                    + "; give the API token of " + api + " with --token-file FILE or " + ENV, e);
        }
        return new CommandFailure(ExitCode.USAGE, "the master refused the token in " + tokenFile + ": " + why, e);
    }
}
