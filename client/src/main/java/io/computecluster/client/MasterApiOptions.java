package io.computecluster.client;

import io.computecluster.compute.http.ApiClient;
import io.computecluster.compute.http.ApiException;
import io.computecluster.compute.http.MasterFailover;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a command reaches the master, a picocli mixin: {@code --api URL[,URL...]} (or
 * {@code COMPUTE_API}), {@code --failover-timeout SECONDS} and {@code --token-file FILE} (or
 * {@code COMPUTE_API_TOKEN_FILE}), the API token a protected master asks for, with the one line a
 * command prints when the master refuses it.
 */
final class MasterApiOptions {
    static final String ENV = "COMPUTE_API_TOKEN_FILE";

    @Option(names = "--api", paramLabel = "URL[,URL...]", converter = MasterAddresses.Converter.class,
            defaultValue = "${env:COMPUTE_API:-http://127.0.0.1:8080}",
            description = "The master's HTTP API; with standby masters, all their URLs separated by commas:"
                    + " the first that answers is used, the next when it stops answering"
                    + " (default: $COMPUTE_API or ${DEFAULT-VALUE}).")
    MasterAddresses api;

    @Option(names = "--failover-timeout", paramLabel = "SECONDS", converter = PositiveIntConverter.class,
            description = "How long to keep trying the --api addresses in turn while none answers"
                    + " (default: 60 with several addresses; with one, give up at once).")
    Integer failoverTimeout;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:" + ENV + "}",
            description = "File holding the master's API token, sent as Authorization: Bearer"
                    + " (default: $" + ENV + "; none when unset).")
    Path tokenFile;

    /** The masters to talk to, sending the token if one was given; each switch told on {@code notices}. */
    MasterFailover masters(PrintStream notices) throws CommandFailure {
        String token = tokenFile == null ? null : read(tokenFile);
        List<ApiClient> clients = api.urls().stream().map(url -> new ApiClient(url, token)).toList();
        return new MasterFailover(clients, patience(), notices::println);
    }

    /** A lone master is given up at once, as before failover existed, unless asked otherwise. */
    private Duration patience() {
        if (failoverTimeout != null) {
            return Duration.ofSeconds(failoverTimeout);
        }
        return api.several() ? MasterFailover.DEFAULT_PATIENCE : Duration.ZERO;
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

    /** The master answered 401: bad usage (exit 2), saying which token was refused, and by whom. */
    CommandFailure refused(ApiException e) {
        String why = e.error() + " (HTTP 401)";
        URI by = e.api() == null ? api.first() : e.api();
        if (tokenFile == null) {
            return new CommandFailure(ExitCode.USAGE, "the master refused the request without a token: " + why
                    + "; give the API token of " + by + " with --token-file FILE or " + ENV, e);
        }
        String master = api.several() ? "the master at " + by : "the master";
        return new CommandFailure(ExitCode.USAGE, master + " refused the token in " + tokenFile + ": " + why, e);
    }
}
