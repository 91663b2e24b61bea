package io.flashcheckout.local.rehearse;

import io.flashcheckout.local.backends.LocalAws;
import io.flashcheckout.local.LocalStack;
import io.flashcheckout.local.LocalTokens;
import io.flashcheckout.store.dynamodb.CheckoutTables;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A deployment to rehearse against (its API, how to get tokens, and what the audit may read), from the command line. */
final class Deployment {
    static final String DEFAULT_PSP_API_KEY = "sk_test_simulator";

    @Option(names = "--api", required = true, paramLabel = "URL", description = "The API's base URL.")
    URI api;

    @Option(names = "--jwt-secret", paramLabel = "SECRET",
            description = "Mint HS256 tokens with this secret (a local-secret deployment); default $" + LocalTokens.SECRET_ENV)
    String jwtSecret;

    @Option(names = "--tokens-file", paramLabel = "FILE",
            description = "Shoppers' bearer tokens, one per line (e.g. Cognito's), used in turn.")
    Path tokensFile;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "An admin's bearer token (with --tokens-file).")
    String adminToken;

    @Option(names = "--psp-url", paramLabel = "URL", description = "The PSP simulator, to read its ledger (invariant 4).")
    URI pspUrl;

    @Option(names = "--psp-api-key", paramLabel = "KEY", defaultValue = DEFAULT_PSP_API_KEY,
            description = "The PSP simulator's API key. Default: ${DEFAULT-VALUE}")
    String pspApiKey;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "DynamoDB with the deployment's tables (LocalStack, moto, DynamoDB Local), to audit them.")
    URI dynamoDbEndpoint;

    @Option(names = "--tables-prefix", paramLabel = "PREFIX", defaultValue = LocalStack.DEFAULT_PREFIX,
            description = "The tables' and queues' name prefix. Default: ${DEFAULT-VALUE}")
    String tablesPrefix;

    @Option(names = "--close-the-store",
            description = "store-closing: yes, close this deployment's store for good and delete its shoppers' personal data.")
    boolean closeTheStore;

    @Option(names = "--sqs-endpoint", paramLabel = "URL",
            description = "SQS with the deployment's queues (LocalStack, ElasticMQ), to count finance's refund events (poco-m3).")
    URI sqsEndpoint;

    /**
     * The deployment as a told story's stage: the story mints every shopper's token itself (a channel's app client for
     * each of the Poco M3 story's shoppers), so it needs the deployment's HS256 secret; a tokens file cannot say whose
     * or which app's each token is.
     */
    StoryStage stage(String story) {
        String secret = secret();
        if (secret == null) {
            throw new IllegalArgumentException(story + " with --api mints its shoppers' tokens: it needs --jwt-secret (or $"
                    + LocalTokens.SECRET_ENV + "), the deployment's HS256 secret");
        }
        LocalTokens minted = new LocalTokens(secret, Clock.systemUTC());
        return new DeploymentStage(api, minted, adminToken != null ? adminToken : minted.admin(), pspUrl, pspApiKey,
                dynamoDbEndpoint, sqsEndpoint, tablesPrefix);
    }

    /** The deployment's HS256 secret, from --jwt-secret or $FLASH_CHECKOUT_JWT_SECRET; null when neither gives one. */
    private String secret() {
        String secret = jwtSecret != null ? jwtSecret : System.getenv(LocalTokens.SECRET_ENV);
        return secret == null || secret.isBlank() ? null : secret;
    }

    /** These options again, as a rehearsal's command line takes them (a scenario's runs against this deployment). */
    List<String> args() {
        List<String> args = new ArrayList<>(List.of("--api", api.toString()));
        if (jwtSecret != null) {
            args.addAll(List.of("--jwt-secret", jwtSecret));
        }
        if (tokensFile != null) {
            args.addAll(List.of("--tokens-file", tokensFile.toString()));
        }
        if (adminToken != null) {
            args.addAll(List.of("--admin-token", adminToken));
        }
        if (pspUrl != null) {
            args.addAll(List.of("--psp-url", pspUrl.toString()));
        }
        args.addAll(List.of("--psp-api-key", pspApiKey));
        if (dynamoDbEndpoint != null) {
            args.addAll(List.of("--dynamodb-endpoint", dynamoDbEndpoint.toString()));
        }
        args.addAll(List.of("--tables-prefix", tablesPrefix));
        if (sqsEndpoint != null) {
            args.addAll(List.of("--sqs-endpoint", sqsEndpoint.toString()));
        }
        return args;
    }

    Target target() throws IOException {
        Function<Shopper, String> tokens;
        String admin;
        if (tokensFile != null) {
            List<String> lines = Files.readAllLines(tokensFile).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty() || adminToken == null) {
                throw new IllegalArgumentException("--tokens-file needs at least one token and --admin-token");
            }
            tokens = s -> lines.get(s.index() % lines.size());
            admin = adminToken;
        } else {
            String secret = secret();
            if (secret == null) {
                throw new IllegalArgumentException("--api needs --jwt-secret (or $" + LocalTokens.SECRET_ENV
                        + ") or --tokens-file with --admin-token");
            }
            LocalTokens minted = new LocalTokens(secret, Clock.systemUTC());
            tokens = s -> minted.customer(s.customerId());
            admin = adminToken != null ? adminToken : minted.admin();
        }
        DynamoDbClient dynamo = dynamoDbEndpoint == null ? null : LocalAws.dynamoDb(dynamoDbEndpoint);
        return new Target(api.toString(), api, tokens, admin, pspUrl, pspApiKey, dynamo,
                dynamo == null ? null : CheckoutTables.withPrefix(tablesPrefix));
    }
}
