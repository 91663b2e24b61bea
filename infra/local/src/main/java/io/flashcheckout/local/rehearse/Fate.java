package io.flashcheckout.local.rehearse;

/** What a shopper who got a reservation does next. */
enum Fate {
    /** pays with {@code tok_approve} */
    PAY_APPROVED("tok_approve"),
    /** pays with {@code tok_decline}, then again with another card ({@code tok_approve}) */
    PAY_DECLINED("tok_decline"),
    /** pays with {@code tok_timeout}: the provider never answers, recovery settles it */
    PAY_TIMEOUT("tok_timeout"),
    /** pays with {@code tok_approve}, then changes their mind and cancels: the charge is refunded */
    PAY_THEN_CANCEL("tok_approve"),
    /** cancels the reservation */
    CANCEL(null),
    /** walks away: the hold expires */
    WALK_AWAY(null);

    final String paymentToken;

    Fate(String paymentToken) {
        this.paymentToken = paymentToken;
    }
}
