package io.flashcheckout.review;

import io.flashcheckout.checkout.Order;

import java.util.List;
import java.util.Set;

/**
 * Orders of one sale tied together by shared signals whose units pass the sale's per-customer limit.
 *
 * @param clusterId  {@code c-} and 16 hex digits, from the cluster's first signal (stable while that signal is flagged)
 * @param units      the units of all its orders
 * @param customers  how many accounts placed them
 * @param orders     its orders, oldest first
 * @param reasons    each shared signal that flagged it
 */
public record Cluster(String clusterId, long units, int customers, List<Order> orders, List<Reason> reasons) {

    /** The cluster of {@code orders}, its totals counted from them. */
    static Cluster of(String clusterId, List<Order> orders, List<Reason> reasons) {
        return new Cluster(clusterId, ScalperReview.units(orders), ScalperReview.customers(orders), List.copyOf(orders),
                reasons);
    }

    /** This cluster without the orders {@code cancelled}, its totals counted again; null when none is left. */
    Cluster without(Set<String> cancelled) {
        List<Order> rest = orders.stream().filter(o -> !cancelled.contains(o.orderId())).toList();
        return rest.isEmpty() ? null : of(clusterId, rest, reasons);
    }

    /**
     * One shared signal beyond the limit.
     *
     * @param signal    {@code card}, {@code ip} or {@code device}
     * @param value     the card fingerprint, the address, or {@code <user-agent digest>@<network prefix>}
     * @param units     the units of the orders sharing it
     * @param customers the accounts sharing it
     * @param orders    how many orders share it
     */
    public record Reason(String signal, String value, long units, int customers, int orders) {}
}
