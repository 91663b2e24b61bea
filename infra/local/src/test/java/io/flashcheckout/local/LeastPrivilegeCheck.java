package io.flashcheckout.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Judges recorded calls against the functions' roles: a call is denied when its function's role does not allow it
 * (or the template has no such function); a grant is unused when no call of its function needed it. Grants are
 * counted per action and resource of the template's own (inline) statements; the managed policies SAM attaches are
 * AWS's, not the template's choice, and are not reported.
 */
final class LeastPrivilegeCheck {
    private final FunctionRoles roles;
    private final TemplateArns arns;
    private final List<AwsCall> calls;

    LeastPrivilegeCheck(FunctionRoles roles, TemplateArns arns, Collection<AwsCall> calls) {
        this.roles = roles;
        this.arns = arns;
        this.calls = calls.stream().sorted(Comparator.comparing(AwsCall::toString)).toList();
    }

    List<AwsCall> denied() {
        return calls.stream().filter(c -> {
            FunctionRoles.Function function = roles.functions().get(c.function());
            return function == null || !function.allows(c.action(), c.resource());
        }).toList();
    }

    /** Function -> the grants ({@code action on resource}, in the template's terms) no call needed. */
    Map<String, List<String>> unused() {
        Map<String, List<String>> unused = new LinkedHashMap<>();
        roles.functions().forEach((name, function) -> {
            List<AwsCall> own = calls.stream().filter(c -> c.function().equals(name)).toList();
            TreeSet<String> idle = new TreeSet<>();
            for (IamStatement statement : function.inline()) {
                if (!statement.allow()) {
                    continue;
                }
                for (String action : statement.actions()) {
                    for (TemplateArns.Resolved resource : statement.resources()) {
                        boolean used = own.stream().anyMatch(c -> IamStatement.action(action, c.action())
                                && IamStatement.resource(resource.value(), c.resource()));
                        if (!used) {
                            idle.add(action + " on " + resource.label());
                        }
                    }
                }
            }
            unused.put(name, List.copyOf(idle));
        });
        return unused;
    }

    /** The functions that made at least one call of their own (not the Lambda service's on their behalf). */
    TreeSet<String> functionsSeen() {
        TreeSet<String> seen = new TreeSet<>();
        calls.stream().filter(c -> c.origin().equals(AwsCall.CODE)).forEach(c -> seen.add(c.function()));
        return seen;
    }

    String describe(AwsCall call) {
        String id = roles.functions().containsKey(call.function()) ? roles.functions().get(call.function()).id() : "no such function in the template";
        return call.function() + " (" + id + "): " + call.action() + " on " + arns.label(call.resource())
                + (call.origin().equals(AwsCall.CODE) ? "" : " [" + call.origin() + "]");
    }

    String report() {
        StringBuilder out = new StringBuilder();
        List<AwsCall> denied = denied();
        out.append("IAM least-privilege check: ").append(calls.size()).append(" distinct calls, ")
                .append(denied.size()).append(" denied\n");
        denied.forEach(c -> out.append("  DENIED ").append(describe(c)).append('\n'));
        Map<String, List<String>> unused = unused();
        roles.functions().forEach((name, function) -> {
            out.append('\n').append(name).append(" (").append(function.id()).append(")\n");
            List<String> made = new ArrayList<>(new TreeSet<>(calls.stream().filter(c -> c.function().equals(name))
                    .map(c -> (denied.contains(c) ? "DENIED " : "") + c.action() + " on " + arns.label(c.resource())
                            + (c.origin().equals(AwsCall.CODE) ? "" : " [" + c.origin() + "]")).toList()));
            made.forEach(m -> out.append("  called  ").append(m).append('\n'));
            unused.get(name).forEach(u -> out.append("  unused  ").append(u).append('\n'));
            function.unknownManaged().forEach(m -> out.append("  managed policy not evaluated: ").append(m).append('\n'));
        });
        return out.toString();
    }
}
