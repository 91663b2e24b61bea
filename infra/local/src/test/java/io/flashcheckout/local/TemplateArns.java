package io.flashcheckout.local;

import io.flashcheckout.local.template.TemplateResources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions of the expanded template's policies ({@code Fn::GetAtt X.Arn},
 * {@code Fn::Sub "${X.Arn}/index/byDue"}, {@code Ref}, {@code Fn::Join}) to the ARNs of the local stack's tables and
 * queues: the template's {@code flash-checkout-${Stage}-name} is the local {@code <prefix>name}, as
 * {@link TemplateResources} creates them. Each value comes with a label in the template's terms
 * ({@code OrdersTable/index/byDue}) for the reports.
 */
final class TemplateArns {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** A resolved value and how the template names it. */
    record Resolved(String value, String label) {}

    private final JsonNode resources;
    private final JsonNode parameters;
    private final String prefix;
    /** local ARN -> logical id, for naming recorded resources */
    private final Map<String, String> labels = new LinkedHashMap<>();

    TemplateArns(JsonNode expanded, String prefix) {
        this.resources = expanded.get("Resources");
        this.parameters = expanded.path("Parameters");
        this.prefix = prefix;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            String type = r.getValue().get("Type").asText();
            if (type.equals("AWS::DynamoDB::Table") || type.equals("AWS::SQS::Queue")) {
                labels.put(attribute(r.getKey(), "Arn"), r.getKey());
            }
        }
    }

    Resolved resolve(JsonNode value) {
        if (value.isTextual()) {
            return new Resolved(value.asText(), value.asText());
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode getAtt = value.get("Fn::GetAtt");
            String id = getAtt.get(0).asText();
            String attribute = getAtt.get(1).asText();
            return new Resolved(attribute(id, attribute), attribute.equals("Arn") ? id : id + "." + attribute);
        }
        if (value.has("Ref")) {
            String ref = value.get("Ref").asText();
            return new Resolved(ref(ref), ref);
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.get("Fn::Sub");
            Map<String, Resolved> variables = new LinkedHashMap<>();
            if (sub.isArray()) {
                sub.get(1).fields().forEachRemaining(v -> variables.put(v.getKey(), resolve(v.getValue())));
                sub = sub.get(0);
            }
            return substitute(sub.asText(), variables);
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            StringBuilder joined = new StringBuilder();
            StringBuilder label = new StringBuilder();
            for (JsonNode part : join.get(1)) {
                if (!joined.isEmpty()) {
                    joined.append(join.get(0).asText());
                    label.append(join.get(0).asText());
                }
                Resolved resolved = resolve(part);
                joined.append(resolved.value());
                label.append(resolved.label());
            }
            return new Resolved(joined.toString(), label.toString());
        }
        throw new IllegalArgumentException("cannot resolve " + value);
    }

    private Resolved substitute(String template, Map<String, Resolved> variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder value = new StringBuilder();
        StringBuilder label = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            Resolved resolved = variables.containsKey(name) ? variables.get(name)
                    : name.contains(".") && !name.startsWith("AWS::")
                    ? new Resolved(attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1)),
                    name.endsWith(".Arn") ? name.substring(0, name.length() - 4) : name)
                    : new Resolved(ref(name), name);
            String literal = template.substring(last, m.start()).replace("${!", "${");
            value.append(literal).append(resolved.value());
            label.append(literal).append(resolved.label());
            last = m.end();
        }
        String rest = template.substring(last).replace("${!", "${");
        return new Resolved(value.append(rest).toString(), label.append(rest).toString());
    }

    private String attribute(String id, String attribute) {
        JsonNode resource = resources.get(id);
        if (resource == null) {
            throw new IllegalArgumentException("no resource " + id);
        }
        String type = resource.get("Type").asText();
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> IamRequests.table(localName(resource, "TableName"));
            // one stream per table here; its label stands in for the date AWS puts in the ARN
            case "AWS::DynamoDB::Table.StreamArn" -> IamRequests.table(localName(resource, "TableName")) + "/stream/latest";
            case "AWS::SQS::Queue.Arn" -> IamRequests.queue(localName(resource, "QueueName"));
            case "AWS::SQS::Queue.QueueName" -> localName(resource, "QueueName");
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(localName(resource, "QueueName"));
            case "AWS::SNS::Topic.TopicArn" -> "arn:aws:sns:" + IamRequests.REGION + ":" + IamRequests.ACCOUNT + ":" + id;
            default -> throw new IllegalArgumentException("cannot resolve " + id + "." + attribute + " (" + type + ")");
        };
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return IamRequests.REGION;
            case "AWS::AccountId":
                return IamRequests.ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        if (parameters.has(name)) {
            return parameters.get(name).path("Default").asText();
        }
        JsonNode resource = resources.get(name);
        if (resource == null) {
            throw new IllegalArgumentException("no parameter or resource " + name);
        }
        return switch (resource.get("Type").asText()) {
            case "AWS::DynamoDB::Table" -> localName(resource, "TableName");
            case "AWS::SQS::Queue" -> queueUrl(localName(resource, "QueueName"));
            case "AWS::SNS::Topic" -> attribute(name, "TopicArn");
            // a secret's Ref is its ARN, which ends in Secrets Manager's six random characters
            case "AWS::SecretsManager::Secret" -> IamRequests.secret(resolve(resource.get("Properties").get("Name")).value());
            default -> throw new IllegalArgumentException("cannot resolve Ref " + name);
        };
    }

    private String localName(JsonNode resource, String property) {
        String declared = resource.get("Properties").get(property).get("Fn::Sub").asText();
        if (!declared.startsWith(TemplateResources.STAGE_PREFIX)) {
            throw new IllegalArgumentException("not " + TemplateResources.STAGE_PREFIX + "...: " + declared);
        }
        return prefix + declared.substring(TemplateResources.STAGE_PREFIX.length());
    }

    private static String queueUrl(String name) {
        return "https://sqs." + IamRequests.REGION + ".amazonaws.com/" + IamRequests.ACCOUNT + "/" + name;
    }

    /** A recorded resource in the template's terms ({@code OrdersTable/index/byDue}), or the ARN itself. */
    String label(String arn) {
        for (Map.Entry<String, String> known : labels.entrySet()) {
            if (arn.equals(known.getKey()) || arn.startsWith(known.getKey() + "/")) {
                return known.getValue() + arn.substring(known.getKey().length());
            }
        }
        return arn;
    }
}
