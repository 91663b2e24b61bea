package io.flashcheckout.mydata;

import io.flashcheckout.checkout.CheckoutException;
import io.flashcheckout.checkout.Requester;
import io.flashcheckout.review.OrderPage;

import java.time.Clock;

/**
 * A shopper's own data: their orders page by page, and everything held about them as an export. The customer is the
 * requester's (the verified token's subject), never a parameter; an admin's token reads the admin's own, none other.
 * Every answer has a size the service chooses: a page holds at most {@link #MAX_LIMIT} orders, an export part
 * {@link #EXPORT_PAGE} orders with their refunds, and a cursor leads to the next.
 */
public final class MyData {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final int EXPORT_PAGE = 100;

    private final ShopperRecords records;
    private final Clock clock;

    public MyData(ShopperRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    public OrderPage orders(Requester requester, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CheckoutException.InvalidInput("limit must be 1 to " + MAX_LIMIT);
        }
        return records.orders(requester.customerId(), cursor, limit);
    }

    public DataExport export(Requester requester, String cursor) {
        OrderPage page = records.orders(requester.customerId(), cursor, EXPORT_PAGE);
        return new DataExport(requester.customerId(), clock.instant(), page.orders(), records.refundsOf(page.orders()),
                page.nextCursor());
    }
}
