package io.computecluster.master.serialization;

/**
 * Marks the master's messages that cross the network (between master nodes: the job manager's
 * protocol) as Jackson CBOR, bound in master-node's {@code reference.conf}. The hot messages of
 * the worker protocol have a serializer of their own; Java serialization is off.
 */
public interface CborSerializable {
}
