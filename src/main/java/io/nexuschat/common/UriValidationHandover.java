package io.nexuschat.common;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the check of request URIs from Quarkus to {@link MalformedRequests}, which answers an invalid URI with a 400
 * problem instead of Quarkus's empty 400. Quarkus reads the switch ({@code vertx.disableURIValidation}) once, when its
 * HTTP recorder class is initialized, before any bean exists; configuration sources are created before that, so this
 * empty one sets the system property in its class initializer. Not set when the operator has set it either way.
 */
public class UriValidationHandover implements ConfigSource {

    static final String PROPERTY = "vertx.disableURIValidation";

    static {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return null;
    }

    @Override
    public String getName() {
        return "nexus-uri-validation-handover";
    }

    @Override
    public int getOrdinal() {
        return 0;
    }
}
