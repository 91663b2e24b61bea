package io.flashcheckout.local;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One statement of a role's policy, resolved to local ARNs: Allow or Deny, actions and resources, each possibly with
 * IAM's wildcards ({@code *} any run of characters, {@code ?} one). Actions compare without case, resources with.
 *
 * @param source where it comes from: the inline policy's name, or the managed policy's ARN
 */
record IamStatement(boolean allow, List<String> actions, List<TemplateArns.Resolved> resources, String source) {

    boolean matches(String action, String resource) {
        return actions.stream().anyMatch(a -> action(a, action)) && resources.stream().anyMatch(r -> resource(r.value(), resource));
    }

    static boolean action(String pattern, String action) {
        return wildcard(pattern.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    static boolean resource(String pattern, String resource) {
        return wildcard(pattern).matcher(resource).matches();
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
