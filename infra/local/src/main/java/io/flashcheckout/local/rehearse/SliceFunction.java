package io.flashcheckout.local.rehearse;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import picocli.CommandLine;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One slice of a rehearsal as a Lambda function (infra/rehearsal/template.yaml): runs {@code rehearse --slice i/n}
 * against the stage's API and answers the slice's files ({@link SliceFiles}) as text, which the fan-out's state
 * machine writes to S3 for {@code rehearse merge}. The event carries the rehearsal's options; the shoppers' tokens
 * come from a Secrets Manager secret ({@code REHEARSAL_TOKENS_SECRET}: {@code {"jwtSecret": ...}} for a stage that
 * accepts HS256 tokens, or {@code {"adminToken": ..., "tokens": [...]}} for Cognito's), never from the event, which
 * the state machine's history keeps.
 */
public final class SliceFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final String TOKENS_SECRET_ENV = "REHEARSAL_TOKENS_SECRET";
    /** The one API a slice may send the shoppers' tokens to, set by the template; an event naming another is refused. */
    static final String API_ENV = "REHEARSAL_API";
    /** What an event may set: the crowd, the sale, the API, the slice. Not files, secrets or the audit's endpoints. */
    private static final Set<String> ALLOWED = Set.of("--api", "--slice", "--sale-id", "--opens-at", "--shoppers",
            "--stock", "--limit", "--shards", "--hold-seconds", "--curve", "--half-life", "--window", "--retry-share",
            "--greedy-share", "--pay-share", "--decline-share", "--timeout-share", "--refund-share", "--cancel-share",
            "--seed", "--safety-cap", "--max-seconds", "--late-shoppers", "--late-from", "--late-window",
            "--late-retry-seconds");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, String> secrets;
    private final String tokensSecretId;
    private final String api;

    /** On Lambda: the secret is read with the function's role, through the URL-connection HTTP client. */
    public SliceFunction() {
        this(id -> {
            try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
                return client.getSecretValue(b -> b.secretId(id)).secretString();
            }
        }, System.getenv(TOKENS_SECRET_ENV), System.getenv(API_ENV));
    }

    /**
     * @param secrets        reads a secret's string by id (the test seam)
     * @param tokensSecretId the secret with the shoppers' tokens
     * @param api            the stage's API: the only one the event may name
     */
    SliceFunction(Function<String, String> secrets, String tokensSecretId, String api) {
        this.secrets = secrets;
        this.tokensSecretId = tokensSecretId;
        this.api = api;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        try {
            Path work = Files.createTempDirectory("rehearsal-slice");
            List<String> args = options(event);
            int named = args.indexOf("--api");
            if (api == null || api.isBlank() || named < 0 || !args.get(named + 1).equals(api)) {
                throw new IllegalArgumentException("the event's --api must be the stage's API, " + API_ENV + " (" + api + ")");
            }
            args.addAll(tokenOptions(work));
            Path out = work.resolve("out");
            args.addAll(List.of("--out", out.toString()));
            StringWriter printed = new StringWriter();
            CommandLine cli = new CommandLine(new RehearseCommand());
            cli.setOut(new PrintWriter(printed));
            cli.setErr(new PrintWriter(printed));
            int exit = cli.execute(args.toArray(String[]::new));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("slice", event.get("slice"));
            answer.put("exit", exit);
            answer.put("printed", printed.toString());
            if (exit == 0) {
                answer.put("files", SliceFiles.asText(out));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"slice": "3/16", "options": ["--api", "https://...", "--shoppers", "60542", ...]}}, checked name by name. */
    static List<String> options(Map<String, Object> event) {
        if (!(event.get("slice") instanceof String slice) || !(event.get("options") instanceof List<?> given)) {
            throw new IllegalArgumentException("the event needs \"slice\": \"i/n\" and \"options\": [...]");
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < given.size(); i += 2) {
            String name = String.valueOf(given.get(i));
            if (!ALLOWED.contains(name) || name.equals("--slice") || i + 1 >= given.size()) {
                throw new IllegalArgumentException("option " + name + " is not one a slice's event may set");
            }
            args.add(name);
            args.add(String.valueOf(given.get(i + 1)));
        }
        args.addAll(List.of("--slice", SliceFiles.Slice.parse(slice).toString()));
        return args;
    }

    private List<String> tokenOptions(Path work) throws IOException {
        if (tokensSecretId == null || tokensSecretId.isBlank()) {
            throw new IllegalStateException(TOKENS_SECRET_ENV + " must name the secret with the shoppers' tokens");
        }
        JsonNode secret = JSON.readTree(secrets.apply(tokensSecretId));
        if (secret.path("jwtSecret").isTextual()) {
            return List.of("--jwt-secret", secret.path("jwtSecret").asText());
        }
        if (!secret.path("adminToken").isTextual() || !secret.path("tokens").isArray()) {
            throw new IllegalStateException("the tokens secret holds neither jwtSecret nor adminToken and tokens");
        }
        StringBuilder lines = new StringBuilder();
        secret.path("tokens").forEach(t -> lines.append(t.asText()).append('\n'));
        Path file = Files.writeString(work.resolve("tokens.txt"), lines, StandardCharsets.UTF_8);
        return List.of("--tokens-file", file.toString(), "--admin-token", secret.path("adminToken").asText());
    }
}
