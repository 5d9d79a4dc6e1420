package io.computecluster.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What {@code POST /jobs} answers with {@code 202 Accepted}: the new job's id. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobAccepted(String id) {
}
