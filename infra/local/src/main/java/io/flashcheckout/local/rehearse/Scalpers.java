package io.flashcheckout.local.rehearse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scalpers in the crowd: a share of the shoppers are accounts that belong to a few people, each of whom pays from a
 * few cards (payment tokens {@code tok_approve_<card>}, a card the provider's fingerprint names). Every scalper account
 * pays. The figure that matters: units paid per card against the sale's per-customer limit.
 */
final class Scalpers {
    private final Map<String, String> cardByAccount;
    private final int people;
    private final int cards;

    private Scalpers(Map<String, String> cardByAccount, int people, int cards) {
        this.cardByAccount = Map.copyOf(cardByAccount);
        this.people = people;
        this.cards = cards;
    }

    /**
     * Makes {@code share} of the crowd scalper accounts, {@code accountsPerScalper} per person and
     * {@code cardsPerScalper} cards each (accounts take the person's cards in turn); they all pay.
     */
    static Scalpers among(Crowd crowd, double share, int accountsPerScalper, int cardsPerScalper, long seed) {
        if (share < 0 || share > 1 || accountsPerScalper < 1 || cardsPerScalper < 1) {
            throw new IllegalArgumentException("scalpers: the share must be 0-1, accounts and cards per scalper at least 1");
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5CA1F);
        List<String> accounts = new ArrayList<>();
        for (Shopper shopper : crowd.shoppers()) {
            if (random.nextDouble() < share) {
                accounts.add(shopper.customerId());
            }
        }
        Map<String, String> cards = new HashMap<>();
        int people = (accounts.size() + accountsPerScalper - 1) / accountsPerScalper;
        for (int i = 0; i < accounts.size(); i++) {
            int person = i / accountsPerScalper;
            cards.put(accounts.get(i), "scalper" + person + "card" + (i % cardsPerScalper));
        }
        return new Scalpers(cards, people, people == 0 ? 0 : (int) cards.values().stream().distinct().count());
    }

    /** The crowd with every scalper account paying (approved). */
    Crowd payingCrowd(Crowd crowd) {
        List<Shopper> shoppers = new ArrayList<>();
        for (Shopper s : crowd.shoppers()) {
            shoppers.add(cardByAccount.containsKey(s.customerId())
                    ? new Shopper(s.index(), s.customerId(), s.arrivalMillis(), s.quantity(), s.retries(), s.greedy(),
                    Fate.PAY_APPROVED, s.keepTryingUntilMillis())
                    : s);
        }
        return new Crowd(List.copyOf(shoppers));
    }

    String cardOf(String customerId) {
        return cardByAccount.get(customerId);
    }

    int accounts() {
        return cardByAccount.size();
    }

    int people() {
        return people;
    }

    int cards() {
        return cards;
    }
}
