package io.flashcheckout.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every function of the expanded template with its execution role's statements, resolved to the local stack's ARNs
 * ({@link TemplateArns}): the inline policies (the template's {@code Policies}, SAM policy templates and what SAM adds
 * for destinations, all expanded by the transform) and the AWS managed policies SAM attaches, of which the few SAM
 * uses are known here by their published content. Functions are keyed by their local name
 * ({@code flash-checkout-reserve}: the {@code FunctionName} without the stage, as the local stack names
 * invocations).
 */
final class FunctionRoles {
    /** The managed policies SAM attaches to functions like these, as AWS publishes them (logs:* etc. left out). */
    private static final Map<String, List<String>> MANAGED = Map.of(
            "service-role/AWSLambdaBasicExecutionRole", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
            "AWSXrayWriteOnlyAccess", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                    "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"),
            "service-role/AWSLambdaSQSQueueExecutionRole", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
            "service-role/AWSLambdaDynamoDBExecutionRole", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator", "dynamodb:ListStreams"));
    private static final String MANAGED_PREFIX = "arn:aws:iam::aws:policy/";

    /** A function: its logical id, and its role's inline and managed statements. */
    record Function(String id, List<IamStatement> inline, List<IamStatement> managed, List<String> unknownManaged) {
        boolean allows(String action, String resource) {
            List<IamStatement> all = new ArrayList<>(inline);
            all.addAll(managed);
            boolean denied = all.stream().anyMatch(s -> !s.allow() && s.matches(action, resource));
            return !denied && all.stream().anyMatch(s -> s.allow() && s.matches(action, resource));
        }
    }

    private final JsonNode resources;
    private final TemplateArns arns;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    FunctionRoles(JsonNode expanded, TemplateArns arns) {
        this.resources = expanded.get("Resources");
        this.arns = arns;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            if (r.getValue().get("Type").asText().equals("AWS::Lambda::Function")) {
                functions.put(localName(r.getKey()), function(r.getKey(), r.getValue().get("Properties")));
            }
        }
    }

    /** Local function name -> function. */
    Map<String, Function> functions() {
        return functions;
    }

    /** The local name of the function with this logical id. */
    String localName(String id) {
        JsonNode name = resources.get(id).get("Properties").path("FunctionName");
        return name.has("Fn::Sub") ? name.get("Fn::Sub").asText().replace("${Stage}-", "") : id;
    }

    /** The logical id of the function a value names: {@code Ref} of the function or of its alias, {@code GetAtt X.Arn}. */
    String functionId(JsonNode value) {
        String id = value.has("Ref") ? value.get("Ref").asText() : value.get("Fn::GetAtt").get(0).asText();
        JsonNode resource = resources.get(id);
        if (resource.get("Type").asText().equals("AWS::Lambda::Alias")) {
            return functionId(resource.get("Properties").get("FunctionName"));
        }
        return id;
    }

    private Function function(String id, JsonNode properties) {
        JsonNode role = resources.get(properties.get("Role").get("Fn::GetAtt").get(0).asText()).get("Properties");
        List<IamStatement> inline = new ArrayList<>();
        for (JsonNode policy : role.path("Policies")) {
            for (JsonNode statement : statements(policy.get("PolicyDocument"))) {
                inline.add(statement(statement, policy.get("PolicyName").asText()));
            }
        }
        List<IamStatement> managed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode arn : role.path("ManagedPolicyArns")) {
            String resolved = arns.resolve(arn).value();
            List<String> actions = resolved.startsWith(MANAGED_PREFIX) ? MANAGED.get(resolved.substring(MANAGED_PREFIX.length())) : null;
            if (actions == null) {
                unknown.add(resolved);
            } else {
                managed.add(new IamStatement(true, actions, List.of(new TemplateArns.Resolved("*", "*")), resolved));
            }
        }
        return new Function(id, List.copyOf(inline), List.copyOf(managed), List.copyOf(unknown));
    }

    private static Iterable<JsonNode> statements(JsonNode document) {
        JsonNode statement = document.get("Statement");
        return statement.isArray() ? statement : List.of(statement);
    }

    private IamStatement statement(JsonNode statement, String source) {
        for (String unsupported : Set.of("NotAction", "NotResource", "Condition")) {
            if (statement.has(unsupported)) {
                throw new IllegalArgumentException(source + ": " + unsupported + " is not evaluated here: " + statement);
            }
        }
        List<String> actions = new ArrayList<>();
        oneOrMany(statement.get("Action")).forEach(a -> actions.add(a.asText()));
        List<TemplateArns.Resolved> resources = new ArrayList<>();
        oneOrMany(statement.get("Resource")).forEach(r -> resources.add(arns.resolve(r)));
        return new IamStatement(statement.get("Effect").asText().equals("Allow"), List.copyOf(actions), List.copyOf(resources), source);
    }

    private static Iterable<JsonNode> oneOrMany(JsonNode node) {
        return node.isArray() ? node : List.of(node);
    }

    /**
     * What the Lambda service does with the function's role for its event sources, derived from the template's event
     * source mappings: reads the queue or stream, and sends what it gives up on to the on-failure destination.
     */
    List<AwsCall> eventSourceCalls() {
        List<AwsCall> calls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            JsonNode r = it.next().getValue();
            if (!r.get("Type").asText().equals("AWS::Lambda::EventSourceMapping")) {
                continue;
            }
            JsonNode properties = r.get("Properties");
            String function = localName(functionId(properties.get("FunctionName")));
            String source = arns.resolve(properties.get("EventSourceArn")).value();
            String origin = "Lambda's event source mapping";
            List<String> reads = source.startsWith("arn:aws:sqs:")
                    ? List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")
                    : List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
            reads.forEach(action -> calls.add(new AwsCall(function, action, source, origin)));
            JsonNode destination = properties.path("DestinationConfig").path("OnFailure").path("Destination");
            if (!destination.isMissingNode()) {
                String target = arns.resolve(destination).value();
                String action = target.startsWith("arn:aws:sqs:") ? "sqs:SendMessage" : target.startsWith("arn:aws:sns:") ? "sns:Publish"
                        : "s3:PutObject";
                calls.add(new AwsCall(function, action, target, "Lambda's on-failure destination"));
            }
        }
        return calls;
    }
}
