package io.flashcheckout.checkout;

public enum SaleStatus { UPCOMING, OPEN, SOLD_OUT, CLOSED }
