package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Digests;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The opaque cursor of an admin listing: where the next page starts (an index partition, and the sort key and item
 * key of the last item read there), bound to the listing it came from by a digest of its sale and filters. A cursor
 * is decoded only into keys of the partitions of that listing, each part checked against its pattern: a forged or
 * altered cursor is a 400, and can at worst start the same listing elsewhere.
 */
record PageCursor(int partition, String sortKey, String itemKey) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_#.:-]{0,200}");
    private static final int MAX_LENGTH = 600;

    /** The start of {@code partition}, no item read there yet. */
    static PageCursor startOf(int partition) {
        return new PageCursor(partition, "", "");
    }

    boolean atPartitionStart() {
        return sortKey.isEmpty();
    }

    String encode(String listing) {
        String text = String.join("|", "v1", binding(listing), Integer.toString(partition), sortKey, itemKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@code encoded} of {@code listing}; null for none.
     *
     * @param partitions the listing's partitions: a cursor names one of 0 to {@code partitions - 1}
     * @param sortKey    what a sort key of the listing looks like
     * @param itemKey    what an item key of the listing looks like
     */
    static PageCursor decode(String encoded, String listing, int partitions, Pattern sortKey, Pattern itemKey) {
        if (encoded == null) {
            return null;
        }
        try {
            if (encoded.isEmpty() || encoded.length() > MAX_LENGTH) {
                throw invalid();
            }
            List<String> parts = List.of(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)
                    .split("\\|", -1));
            if (parts.size() != 5 || !parts.get(0).equals("v1") || !parts.get(1).equals(binding(listing))
                    || !parts.stream().allMatch(p -> PART.matcher(p).matches())) {
                throw invalid();
            }
            int partition = Integer.parseInt(parts.get(2));
            boolean start = parts.get(3).isEmpty() && parts.get(4).isEmpty();
            if (partition < 0 || partition >= partitions
                    || !start && (!sortKey.matcher(parts.get(3)).matches() || !itemKey.matcher(parts.get(4)).matches())) {
                throw invalid();
            }
            return new PageCursor(partition, parts.get(3), parts.get(4));
        } catch (IllegalArgumentException malformed) {
            throw invalid();
        }
    }

    private static String binding(String listing) {
        return Digests.sha256Hex("cursor\n" + listing).substring(0, 16);
    }

    private static CheckoutException invalid() {
        return new CheckoutException.InvalidInput("cursor is not one this listing gave; start again without it");
    }
}
