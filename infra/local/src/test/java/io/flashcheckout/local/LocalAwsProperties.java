package io.flashcheckout.local;

import io.flashcheckout.local.backends.LocalAws;

/** The SDK's region and credentials for clients the functions build by themselves, as the local stack sets them. */
public final class LocalAwsProperties {
    private LocalAwsProperties() {}

    public static void set() {
        System.setProperty("aws.region", LocalAws.REGION.id());
        System.setProperty("aws.accessKeyId", LocalAws.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalAws.SECRET_KEY);
    }
}
