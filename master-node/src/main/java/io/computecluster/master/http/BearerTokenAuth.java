package io.computecluster.master.http;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API's authentication as one directive: with a token configured, the inner route only for
 * requests that carry {@code Authorization: Bearer <token>} (the scheme in any case, RFC 7235),
 * a 401 with a Bearer challenge for the others; without one, the inner route for all.
 */
final class BearerTokenAuth extends AllDirectives {
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+) *");

    private final Optional<ApiToken> token;
    private final ApiResponses responses;

    BearerTokenAuth(Optional<ApiToken> token, ApiResponses responses) {
        this.token = token;
        this.responses = responses;
    }

    Route requireToken(Supplier<Route> inner) {
        if (token.isEmpty()) {
            return inner.get();
        }
        return optionalHeaderValueByName("Authorization", header -> {
            if (header.isEmpty()) {
                return complete(unauthorised("missing API token: this master asks for the header"
                        + " Authorization: Bearer <token>"));
            }
            Matcher bearer = BEARER.matcher(header.get());
            if (!bearer.matches()) {
                return complete(unauthorised("expected Authorization: Bearer <token>"));
            }
            if (!token.get().matches(bearer.group(1))) {
                return complete(unauthorised("the API token is not valid"));
            }
            return inner.get();
        });
    }

    private HttpResponse unauthorised(String message) {
        return responses.error(StatusCodes.UNAUTHORIZED, message)
                .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"compute-cluster\""));
    }
}
