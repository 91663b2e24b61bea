package io.flashcheckout.store.dynamodb;

import io.flashcheckout.checkout.Order;
import io.flashcheckout.checkout.Refund;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as a DynamoDB stream delivers them to a Lambda function (the events library's own attribute model) read as
 * the SDK's. Written here rather than taken from aws-lambda-java-events-sdk-transformer, which brings SDK v1 along.
 */
public final class StreamImages {
    private StreamImages() {}

    /** A refunds-table image as a refund; null for a missing image or an item that is no refund. */
    public static Refund refund(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty() || !Attr.string(image, OrderItems.PK).startsWith("REFUND#")) {
            return null;
        }
        return OrderItems.refund(image);
    }

    /** An orders-table image as an order; null for a missing image or another item (a customer's count, a second look). */
    public static Order order(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty() || !Attr.string(image, OrderItems.PK).startsWith("ORDER#")) {
            return null;
        }
        return OrderItems.order(image);
    }

    public static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, AttributeValue> sdk = new HashMap<>();
        image.forEach((name, value) -> sdk.put(name, toSdk(value)));
        return sdk;
    }

    private static AttributeValue toSdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getNULL() != null) {
            return AttributeValue.fromNul(v.getNULL());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB()));
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        if (v.getL() != null) {
            List<AttributeValue> list = v.getL().stream().map(StreamImages::toSdk).toList();
            return AttributeValue.fromL(list);
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(toSdk(v.getM()));
        }
        return AttributeValue.fromNul(true);
    }
}
