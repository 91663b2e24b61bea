package io.flashcheckout.local.rehearse;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Finance's queue of refund-issued events, as a story counts them: without receiving (finance's consumer would). */
final class FinanceQueue {
    private FinanceQueue() {}

    /** The messages waiting on the queue at {@code url} (SQS's approximate count; the stories wait until it settles). */
    static int waiting(SqsClient sqs, String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
