package io.flashcheckout.payment;

/** What a charge call ended in, as far as the caller can tell. */
public sealed interface ChargeOutcome {

    /** Money moved. */
    record Approved(String chargeId) implements ChargeOutcome {}

    /** The provider refused; no money moved. Only the code leaves the adapter, never the provider's text. */
    record Declined(DeclineCode code) implements ChargeOutcome {}

    /** Timeout, provider error or broken connection: money may or may not have moved. */
    record Unknown(String cause) implements ChargeOutcome {}
}
