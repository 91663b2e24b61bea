package io.flashcheckout.wiring;

import io.flashcheckout.channels.PoolMoves;
import io.flashcheckout.stock.SaleLookup;
import io.flashcheckout.store.SaleStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Channel pools: moving units between them (the admin function's bean). */
@Factory
class ChannelsFactory {

    @Singleton
    PoolMoves poolMoves(SaleStore sales, SaleLookup lookup) {
        return new PoolMoves(sales, lookup);
    }
}
