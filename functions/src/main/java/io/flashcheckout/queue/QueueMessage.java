package io.flashcheckout.queue;

/** A message of the checkout's queues: a type and a schema version, named together as {@code <type>.v<version>}. */
public sealed interface QueueMessage permits HoldExpiryMessage, RecoveryMessage, RefundMessage, RefundIssuedEvent {
    String type();

    int version();

    /** The schema's name, sent as the message attribute {@code schema} and naming {@code schemas/<schema>.json}. */
    default String schema() {
        return type() + ".v" + version();
    }
}
