package io.nexuschat.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks a resource method (or class) as a management endpoint: it answers only requests carrying
 * {@code Authorization: Bearer <api key>} (see {@link ApiKeyFilter}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ManagementApi {

    /** Name of the API key security scheme in the OpenAPI document, for {@code @SecurityRequirement}. */
    String SECURITY_SCHEME = "apiKey";
}
