package io.flashcheckout.local.cli;

import io.flashcheckout.local.LocalTokens;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token --customer ID | --admin}: prints one bearer token for the local API. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a bearer token for the local API (HS256, valid 24 h), signed with the secret in $"
                + LocalTokens.SECRET_ENV + " (the same one `serve` was started with).")
public final class TokenCommand implements Callable<Integer> {

    static final class Who {
        @Option(names = "--customer", paramLabel = "ID", required = true, description = "A shopper's token: sub = ID.")
        String customer;

        @Option(names = "--admin", required = true,
                description = "An admin's token: sub = " + LocalTokens.ADMIN_SUBJECT + ", scope = " + LocalTokens.ADMIN_SCOPE + ".")
        boolean admin;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    @Spec
    CommandSpec spec;

    private final UnaryOperator<String> env;

    TokenCommand() {
        this(System::getenv);
    }

    TokenCommand(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String secret = env.apply(LocalTokens.SECRET_ENV);
        if (secret == null || secret.isBlank()) {
            spec.commandLine().getErr().println(LocalTokens.SECRET_ENV + " is not set: export the secret `serve` printed "
                    + "(or the one you started it with) and run this again");
            return 2;
        }
        LocalTokens tokens;
        try {
            tokens = new LocalTokens(secret, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(LocalTokens.SECRET_ENV + ": " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(who.admin ? tokens.admin() : tokens.customer(who.customer));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
