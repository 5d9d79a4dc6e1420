package io.computecluster.master.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** A request the API refuses: the status, one clear line, and the input line when it is about one. */
final class ApiError extends RuntimeException {
    final StatusCode status;
    final Integer line;

    ApiError(StatusCode status, String message, Integer line) {
        // One line whatever the input quoted in it: a client prints it as it is. \p{Cc} also covers
        // the C1 controls (U+0080..U+009F, NEL among them) that \p{Cntrl} leaves in.
        super(message.replaceAll("[\\p{Cc}\\u2028\\u2029]+", " ").strip(), null, false, false);
        this.status = status;
        this.line = line;
    }

    static ApiError badRequest(String message) {
        return new ApiError(StatusCodes.BAD_REQUEST, message, null);
    }

    static ApiError tooLarge(String message) {
        return new ApiError(StatusCodes.PAYLOAD_TOO_LARGE, message, null);
    }
}
