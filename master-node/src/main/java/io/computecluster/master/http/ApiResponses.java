package io.computecluster.master.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computecluster.api.ErrorBody;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's answers as HTTP responses: the records of {@code io.computecluster.api} as JSON, and
 * every failure as an {@link ErrorBody} with its status, whichever route it comes from.
 */
final class ApiResponses {
    private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);
    /** Seconds a client refused for now (too many jobs, too many waiting requests) is told to wait. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final ObjectMapper json = new ObjectMapper();
    private final long maxRequestBytes;

    ApiResponses(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    HttpResponse json(StatusCode status, Object body) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
    }

    HttpResponse ok(Object body) {
        return json(StatusCodes.OK, body);
    }

    HttpResponse error(StatusCode status, String message) {
        return json(status, ErrorBody.of(message));
    }

    /** Refused for now: the client may try again after {@link #RETRY_AFTER_SECONDS}. */
    HttpResponse retryLater(StatusCode status, String message) {
        return error(status, message).addHeader(RawHeader.create("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    }

    HttpResponse unknownJob(String id) {
        return error(StatusCodes.NOT_FOUND, "unknown job '" + id + "'");
    }

    /** A request that would wait past {@code compute.master.max-waiting-requests}. */
    HttpResponse tooManyWaiting(int limit) {
        return retryLater(StatusCodes.SERVICE_UNAVAILABLE, limit + " requests wait for jobs or results already, at most "
                + limit + " at once (compute.master.max-waiting-requests): try again shortly");
    }

    ApiError tooLarge() {
        return ApiError.tooLarge("request body larger than " + maxRequestBytes
                + " bytes (compute.master.max-request-size)");
    }

    /** What a failed request is answered: its own status for an {@link ApiError}, 503 while the job manager or store fail. */
    HttpResponse failure(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (cause instanceof ApiError apiError) {
            return json(apiError.status, new ErrorBody(apiError.getMessage(), apiError.line));
        }
        if (cause instanceof EntityStreamSizeException) {
            return failure(tooLarge());
        }
        if (cause instanceof JobManagerGateway.StoreFailed storeFailure) {
            return error(StatusCodes.SERVICE_UNAVAILABLE, "job not accepted: " + storeFailure.getMessage());
        }
        if (cause instanceof JobManagerGateway.NotAnswered || cause instanceof java.util.concurrent.TimeoutException) {
            return error(StatusCodes.SERVICE_UNAVAILABLE, "the job manager did not answer in time");
        }
        log.error("Request failed", cause);
        return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + rootMessage(cause));
    }

    ExceptionHandler exceptionHandler() {
        return ExceptionHandler.newBuilder().matchAny(thrown -> Directives.complete(failure(thrown))).build();
    }

    /** Pekko's own answers for unknown paths, wrong methods and the like, as JSON error bodies. */
    RejectionHandler rejectionHandler() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
            if (response.entity() instanceof HttpEntity.Strict strict
                    && !strict.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                return response.withEntity(ContentTypes.APPLICATION_JSON,
                        bytes(ErrorBody.of(strict.getData().utf8String())));
            }
            return response;
        });
    }

    static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + body.getClass().getSimpleName(), e);
        }
    }
}
