package io.flashcheckout.review;

import io.flashcheckout.checkout.Digests;
import io.flashcheckout.checkout.Order;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the orders worth a look in a sale. Each order is grouped by each signal it carries: its card fingerprint,
 * its source IP, and its device. A group is flagged when it spans at least two accounts and its units pass the
 * sale's per-customer limit: more than one shopper may buy through that card, address or device. Flagged groups that
 * share an order are one cluster (a farm rotating cards behind one address shows as one cluster with both reasons).
 *
 * <p>A device is the user-agent digest on one network: the same digest from the same IPv4 /24 or IPv6 /48. A UA
 * digest alone names a browser build that millions share; within one network it separates a phone farm rotating
 * addresses from the shoppers on a carrier's NAT who happen to share its address.
 */
public final class ScalperReview {
    private ScalperReview() {}

    /** The clusters among {@code orders} for a sale whose per-customer limit is {@code limit}, largest first. */
    public static List<Cluster> clusters(List<Order> orders, int limit) {
        Map<String, List<Order>> groups = new TreeMap<>();
        for (Order order : orders) {
            for (String key : signalKeys(order)) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(order);
            }
        }
        UnionFind joined = new UnionFind();
        Map<String, List<String>> flaggedByOrder = new HashMap<>();
        for (Map.Entry<String, List<Order>> group : groups.entrySet()) {
            List<Order> members = group.getValue();
            if (units(members) <= limit || customers(members) < 2) {
                continue;
            }
            String first = members.getFirst().orderId();
            for (Order member : members) {
                joined.union(first, member.orderId());
                flaggedByOrder.computeIfAbsent(member.orderId(), k -> new ArrayList<>()).add(group.getKey());
            }
        }
        Map<String, List<Order>> byRoot = new LinkedHashMap<>();
        for (Order order : orders) {
            if (flaggedByOrder.containsKey(order.orderId())) {
                byRoot.computeIfAbsent(joined.find(order.orderId()), k -> new ArrayList<>()).add(order);
            }
        }
        List<Cluster> clusters = new ArrayList<>();
        for (List<Order> members : byRoot.values()) {
            Set<String> keys = new java.util.TreeSet<>();
            members.forEach(m -> keys.addAll(flaggedByOrder.get(m.orderId())));
            List<Cluster.Reason> reasons = keys.stream().map(key -> reason(key, groups.get(key))).toList();
            members.sort(Comparator.comparing(Order::createdAt).thenComparing(Order::orderId));
            String id = "c-" + Digests.sha256Hex("cluster\n" + keys.iterator().next()).substring(0, 16);
            clusters.add(Cluster.of(id, members, reasons));
        }
        clusters.sort(Comparator.comparingLong(Cluster::units).reversed().thenComparing(Cluster::clusterId));
        return clusters;
    }

    /** The signal keys of an order: {@code card:<fp>}, {@code ip:<address>}, {@code device:<ua digest>@<network>}. */
    static List<String> signalKeys(Order order) {
        List<String> keys = new ArrayList<>(3);
        if (order.cardFingerprint() != null) {
            keys.add("card:" + order.cardFingerprint());
        }
        String ip = order.signals().sourceIp();
        if (ip != null) {
            keys.add("ip:" + ip);
        }
        if (ip != null && order.signals().userAgentHash() != null) {
            keys.add("device:" + order.signals().userAgentHash() + "@" + network(ip));
        }
        return keys;
    }

    /** The IPv4 /24 ({@code 203.0.113.0/24}) or IPv6 /48 ({@code 2001:db8:1::/48}) an address is in. */
    static String network(String address) {
        if (address.contains(":")) {
            String[] groups = expandIpv6(address);
            return groups[0] + ":" + groups[1] + ":" + groups[2] + "::/48";
        }
        int last = address.lastIndexOf('.');
        return (last < 0 ? address : address.substring(0, last)) + ".0/24";
    }

    private static String[] expandIpv6(String address) {
        String[] halves = address.split("::", 2);
        List<String> head = halves[0].isEmpty() ? List.of() : List.of(halves[0].split(":"));
        List<String> tail = halves.length < 2 || halves[1].isEmpty() ? List.of() : List.of(halves[1].split(":"));
        String[] groups = new String[8];
        java.util.Arrays.fill(groups, "0");
        for (int i = 0; i < head.size() && i < 8; i++) {
            groups[i] = normalise(head.get(i));
        }
        int from = Math.max(0, 8 - tail.size());
        for (int i = 0; from + i < 8; i++) {
            groups[from + i] = normalise(tail.get(i));
        }
        return groups;
    }

    private static String normalise(String group) {
        String trimmed = group.replaceFirst("^0+(?=.)", "").toLowerCase(java.util.Locale.ROOT);
        return trimmed.isEmpty() ? "0" : trimmed;
    }

    private static Cluster.Reason reason(String key, List<Order> members) {
        int colon = key.indexOf(':');
        return new Cluster.Reason(key.substring(0, colon), key.substring(colon + 1), units(members), customers(members),
                members.size());
    }

    static long units(List<Order> orders) {
        return orders.stream().mapToLong(Order::quantity).sum();
    }

    static int customers(List<Order> orders) {
        Set<String> customers = new HashSet<>();
        orders.forEach(o -> customers.add(o.customerId()));
        return customers.size();
    }

    /** Disjoint sets of order ids (path halving). */
    private static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        String find(String id) {
            String node = id;
            while (true) {
                String up = parent.getOrDefault(node, node);
                if (up.equals(node)) {
                    return node;
                }
                String grand = parent.getOrDefault(up, up);
                parent.put(node, grand);
                node = grand;
            }
        }

        void union(String a, String b) {
            String rootA = find(a);
            String rootB = find(b);
            if (!rootA.equals(rootB)) {
                parent.put(rootB, rootA);
            }
        }
    }
}
