package io.flashcheckout.capacity;

/**
 * A function alias whose provisioned concurrency a sale's window sets.
 *
 * @param functionName the function, e.g. {@code flash-checkout-prod-reserve}
 * @param alias        the alias the API invokes ({@code live}: SAM's AutoPublishAlias)
 * @param concurrency  the provisioned concurrency while the window stands (at most the function's reserved concurrency)
 */
public record WarmedFunction(String functionName, String alias, int concurrency) {

    public WarmedFunction {
        if (concurrency < 1) {
            throw new IllegalArgumentException("a warmed function needs a concurrency of at least 1: " + functionName);
        }
    }

    /** Application Auto Scaling's resource id of the alias. */
    public String resourceId() {
        return "function:" + functionName + ":" + alias;
    }
}
