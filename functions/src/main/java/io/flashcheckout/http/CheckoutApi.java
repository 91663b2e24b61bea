package io.flashcheckout.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header. micronaut-openapi writes the document at build time into the jar, at
 * {@code META-INF/swagger/flash-checkout-0.1.yml}.
 */
@OpenAPIDefinition(info = @Info(
        title = "flash-checkout",
        version = "0.1",
        description = "Reserve, pay and cancel in flash sales. Errors are application/problem+json (RFC 9457) whose "
                + "type ends in a stable slug."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
final class CheckoutApi {
    private CheckoutApi() {}
}
