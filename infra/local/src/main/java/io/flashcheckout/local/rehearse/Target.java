package io.flashcheckout.local.rehearse;

import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.net.URI;
import java.util.function.Function;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a rehearsal sends its crowd and what it can read afterwards: the API with a token per shopper and an
 * admin token; optionally the PSP simulator's ledger and the tables (null when out of reach).
 */
record Target(String description, URI api, Function<Shopper, String> tokens, String adminToken, URI psp,
              String pspApiKey, DynamoDbClient dynamo, CheckoutTables tables) {}
