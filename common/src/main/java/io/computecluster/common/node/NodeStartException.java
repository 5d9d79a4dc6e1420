package io.computecluster.common.node;

/** What a node needs cannot be had (a database, say): the node stops at start with this one line. */
public final class NodeStartException extends RuntimeException {
    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
