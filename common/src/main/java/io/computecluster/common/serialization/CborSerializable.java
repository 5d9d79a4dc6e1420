package io.computecluster.common.serialization;

/**
 * Marks messages that cross the network as Jackson CBOR (bound in {@code reference.conf}). Hot
 * messages use {@link WorkerProtocolSerializer} instead; Java serialization is off.
 */
public interface CborSerializable {
}
