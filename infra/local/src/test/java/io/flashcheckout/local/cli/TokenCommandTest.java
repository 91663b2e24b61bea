package io.flashcheckout.local.cli;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.flashcheckout.local.LocalTokens;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {
    private static final String SECRET = "a-local-test-secret-of-more-than-32-bytes";

    @Test
    void theTokenCommandPrintsATokenSignedWithTheSecretFromTheEnvironment() throws Exception {
        StringWriter out = new StringWriter();
        int exit = command(Map.of(LocalTokens.SECRET_ENV, SECRET), out, new StringWriter()).execute("--customer", "alice");

        assertThat(exit).isZero();
        SignedJWT jwt = SignedJWT.parse(out.toString().trim());
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");

        StringWriter admin = new StringWriter();
        assertThat(command(Map.of(LocalTokens.SECRET_ENV, SECRET), admin, new StringWriter()).execute("--admin")).isZero();
        assertThat(SignedJWT.parse(admin.toString().trim()).getJWTClaimsSet().getStringClaim("scope")).isEqualTo("checkout/admin");
    }

    @Test
    void theTokenCommandNeedsTheSecretAndExactlyOneKindOfToken() {
        StringWriter err = new StringWriter();
        assertThat(command(Map.of(), new StringWriter(), err).execute("--admin")).isEqualTo(2);
        assertThat(err.toString()).contains("FLASH_CHECKOUT_JWT_SECRET is not set");

        assertThat(command(Map.of(LocalTokens.SECRET_ENV, SECRET), new StringWriter(), new StringWriter())
                .execute("--admin", "--customer", "bob")).isEqualTo(2);
        assertThat(command(Map.of(LocalTokens.SECRET_ENV, SECRET), new StringWriter(), new StringWriter())
                .execute()).isEqualTo(2);
    }

    private static CommandLine command(Map<String, String> env, StringWriter out, StringWriter err) {
        CommandLine command = new CommandLine(new TokenCommand(env::get));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command;
    }
}
