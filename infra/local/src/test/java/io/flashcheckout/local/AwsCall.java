package io.flashcheckout.local;

/**
 * One permission a function's call needed: the IAM action ({@code dynamodb:UpdateItem}) on a resource ARN, as IAM
 * would authorise it, and what asked for it ({@code code}: the function's own SDK call; else the Lambda service on
 * the function's behalf, e.g. an event source mapping's on-failure destination).
 */
record AwsCall(String function, String action, String resource, String origin) {
    static final String CODE = "code";

    @Override
    public String toString() {
        return function + ": " + action + " on " + resource + (origin.equals(CODE) ? "" : " (" + origin + ")");
    }
}
