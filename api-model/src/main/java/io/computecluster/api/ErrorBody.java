package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer: one line saying what is wrong and, for a bad input, the line
 * of the request body it is on (1-based; left out when the error is about no line).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(String error, @JsonInclude(JsonInclude.Include.NON_NULL) Integer line) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, null);
    }
}
