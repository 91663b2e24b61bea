package io.flashcheckout.local.rehearse;

import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.OptionalInt;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a told story ({@link StoryScenario}) runs: the embedded stack it starts ({@link EmbeddedStage}) or a deployment
 * named on the command line ({@link DeploymentStage}). The story reaches the checkout through its API only; what else
 * it reads (the PSP's ledger, the tables, finance's queue) may be out of reach of a deployment, and is then null or
 * empty: the story says what it did not check.
 */
interface StoryStage extends AutoCloseable {
    /** A line for the story's first lines: what it runs against. */
    String description();

    URI api();

    /** An admin's bearer token. */
    String admin();

    /** A shopper's bearer token, issued to the app client {@code client} (a channel's), or the default one when null. */
    String customer(String customerId, String client);

    /** The PSP simulator, to read its ledger; null when out of reach. */
    URI psp();

    String pspApiKey();

    /** The deployment's DynamoDB, to audit its tables; null when out of reach. */
    DynamoDbClient dynamo();

    CheckoutTables tables();

    /** The refund-issued events waiting on finance's queue; empty when the queue is out of reach. */
    OptionalInt financeEvents();

    /**
     * True when the API is on this machine's loopback: a shopper may then connect from an address of its own in
     * 127.0.0.0/8 (Linux routes the whole block to loopback), so the source IP the checkout records is one per shopper.
     */
    default boolean loopback() {
        try {
            return InetAddress.getByName(api().getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    void close();
}
