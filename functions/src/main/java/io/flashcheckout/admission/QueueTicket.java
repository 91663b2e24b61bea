package io.flashcheckout.admission;

/** A place in a sale's waiting room: the room keeps nothing about it, the signed ticket is the place. */
public record QueueTicket(String saleId, String customerId, long rank) {}
