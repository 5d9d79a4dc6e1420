package io.computecluster.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends a test's HTTP request and reads the body as text, without checked exceptions in the test. */
public final class TestHttp {
    private TestHttp() {
    }

    /**
     * The response; a failed exchange is an {@link UncheckedIOException} naming the URI, so that an
     * Awaitility wait with {@code ignoreExceptions()} asks again while a server is still starting.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + request.uri(), e);
        }
    }
}
