package io.flashcheckout.lambdaevents;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.serialization.events.mixins.DynamodbEventMixin;
import com.amazonaws.services.lambda.runtime.serialization.events.mixins.SQSEventMixin;
import com.amazonaws.services.lambda.runtime.serialization.events.mixins.ScheduledEventMixin;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * The Lambda events the functions take and answer, and only those, as micronaut-serde reads and writes them: the
 * HTTP API's payload 2.0 event and response (the step functions), SQS events and batch responses (the queue
 * workers), DynamoDB stream events and batch responses (the relays), and the scheduled event (the sweeper). With
 * the mixins AWS's own serialization library gives them (its field names: {@code detail-type}, {@code Records},
 * {@code eventSourceARN}, the attribute value's {@code S}/{@code N}/...).
 *
 * <p>Instead of micronaut-aws-lambda-events-serde, which holds introspections of every event type Lambda has (about
 * 170, Cognito triggers to Kafka): the first JSON a function read loaded them all and their event classes with them,
 * some 370 classes at every cold start for types no function here receives.
 */
@SerdeImport(APIGatewayV2HTTPEvent.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Http.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Authorizer.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.IAM.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity.class)
@SerdeImport(APIGatewayV2HTTPResponse.class)
@SerdeImport(value = SQSEvent.class, mixin = SQSEventMixin.class)
@SerdeImport(value = SQSEvent.SQSMessage.class, mixin = SQSEventMixin.SQSMessageMixin.class)
@SerdeImport(SQSEvent.MessageAttribute.class)
@SerdeImport(SQSBatchResponse.class)
@SerdeImport(SQSBatchResponse.BatchItemFailure.class)
@SerdeImport(value = DynamodbEvent.class, mixin = DynamodbEventMixin.class)
@SerdeImport(value = DynamodbEvent.DynamodbStreamRecord.class, mixin = DynamodbEventMixin.DynamodbStreamRecordMixin.class)
@SerdeImport(value = StreamRecord.class, mixin = DynamodbEventMixin.StreamRecordMixin.class)
@SerdeImport(value = AttributeValue.class, mixin = DynamodbEventMixin.AttributeValueMixin.class)
@SerdeImport(Identity.class)
@SerdeImport(StreamsEventResponse.class)
@SerdeImport(StreamsEventResponse.BatchItemFailure.class)
@SerdeImport(value = ScheduledEvent.class, mixin = ScheduledEventMixin.class)
public final class FunctionEvents {
    /** The package whose introspections and serdes are the functions' events, and nothing else. */
    static final String PACKAGE = FunctionEvents.class.getPackageName();

    private FunctionEvents() {}
}
