package io.nexuschat.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.nexuschat.security.RateLimits;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents, on every operation of {@code /api/}, the problem answers that come from the server's shared machinery
 * rather than from one resource, read from the same tables the server enforces: the 403 of a scoped API key
 * ({@link ApiScopes}, enforced by {@link ApiScopeFilter}), naming the scope; the 429 with {@code Retry-After} of a rate
 * limit ({@link RateLimits#LIMITED}); the 401 of an invalid key, the 400 of a path id that is not a UUID, the 404 of an
 * unknown session, the 413/415 of a body, and what {@code limit} and {@code after} of a paginated read
 * ({@link PageRequest}) take. Every 4xx/5xx answer gets the {@code application/problem+json} body
 * ({@link Problem}). A resource documents only what is particular to it; a description it gives wins.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    /** The extension naming the scope an API key needs for an operation, e.g. {@code x-nexus-scope: sessions:read}. */
    public static final String SCOPE_EXTENSION = "x-nexus-scope";

    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String SESSION = "/api/v2/sessions/{id}";
    private static final Set<String> PAGINATION = Set.of("limit", "after");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> document(path, item, method, operation));
            }
        });
    }

    private static void document(String path, PathItem item, PathItem.HttpMethod method, Operation operation) {
        String verb = method.name();
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        List<String> invalid = new ArrayList<>();
        if (hasUuidPathParameter(path, item, operation)) {
            invalid.add("an id in the path is not a UUID");
        }
        if (paginate(operation)) {
            invalid.add("invalid pagination (limit or after)");
        }
        if (operation.getRequestBody() != null) {
            invalid.add("invalid body (field errors)");
        }
        if (!invalid.isEmpty()) {
            String reasons = String.join(", or ", invalid);
            addIfMissing(responses, "400", Character.toUpperCase(reasons.charAt(0)) + reasons.substring(1));
        }
        if (operation.getRequestBody() != null) {
            addIfMissing(responses, "413", "Body larger than the limit");
            addIfMissing(responses, "415", "Body is not application/json");
        }
        if (path.equals(SESSION) || path.startsWith(SESSION + "/")) {
            addIfMissing(responses, "404", "No such session");
        }
        if (!ApiScopes.keyless(verb, path)) {
            boolean keyRequired = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
            addIfMissing(responses, "401",
                    keyRequired ? "Missing or invalid API key" : "An Authorization header with an invalid API key");
            Optional<ApiScope> scope = ApiScopes.needed(verb, path);
            scope.ifPresent(s -> operation.addExtension(SCOPE_EXTENSION, s.value()));
            addOrAppend(responses, "403", scope
                    .map(s -> "An API key without the scope `" + s.value() + "` (the problem names it)")
                    .orElse("An API key with scopes: this operation is open only to keys with full access"));
        }
        RateLimits.limited(verb, path).ifPresent(limit -> {
            addIfMissing(responses, "429", "Rate limited (" + limit.name().toLowerCase(java.util.Locale.ROOT)
                    + " requests per client address or per session, when rate limits are on): retry after the "
                    + "seconds in Retry-After");
            responses.getAPIResponse("429").addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before trying again").required(true)
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(
                            java.math.BigDecimal.ONE)));
        });
        responses.getAPIResponses().forEach((code, response) -> {
            if (isError(code) && response.getRef() == null
                    && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        });
    }

    /** Whether the operation is paginated ({@link PageRequest}); describes its {@code limit} and {@code after}. */
    private static boolean paginate(Operation operation) {
        boolean paginated = false;
        for (Parameter parameter : operation.getParameters() == null
                ? List.<Parameter>of()
                : operation.getParameters()) {
            if (parameter.getIn() != Parameter.In.QUERY || parameter.getDescription() != null) {
                paginated |= parameter.getIn() == Parameter.In.QUERY && PAGINATION.contains(parameter.getName());
                continue;
            }
            if (parameter.getName().equals("limit")) {
                parameter.setDescription("Page size: 1 … " + PageRequest.MAX_LIMIT + " (default "
                        + PageRequest.DEFAULT_LIMIT + ")");
                paginated = true;
            } else if (parameter.getName().equals("after")) {
                parameter.setDescription("The previous page's `nextCursor`; absent for the first page");
                paginated = true;
            }
        }
        return paginated;
    }

    private static boolean hasUuidPathParameter(String path, PathItem item, Operation operation) {
        // Every {…} of /api/ is a UUID (FieldErrors.requireUuid); a string parameter of another format would say so.
        if (!path.contains("{")) {
            return false;
        }
        for (List<Parameter> parameters : java.util.Arrays.asList(item.getParameters(), operation.getParameters())) {
            if (parameters != null && parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH
                    && p.getSchema() != null && p.getSchema().getFormat() != null
                    && !p.getSchema().getFormat().equals("uuid"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isError(String code) {
        return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }

    private static void addIfMissing(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    /** Adds the answer, or appends its description to the one the resource gave (e.g. an identity 403). */
    private static void addOrAppend(APIResponses responses, String code, String description) {
        APIResponse existing = responses.getAPIResponse(code);
        if (existing == null) {
            addIfMissing(responses, code, description);
        } else if (existing.getDescription() == null || existing.getDescription().isBlank()) {
            existing.setDescription(description);
        } else if (!existing.getDescription().contains(description)) {
            existing.setDescription(existing.getDescription() + "; or " + lowerFirst(description));
        }
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)));
    }

    private static Schema problemSchema() {
        Supplier<Schema> string = () -> OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(Map.of(
                "field", string.get().description("The field, as a JSON-pointer-like path"),
                "message", string.get().description("What is wrong with it")));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details: the one error body of the API")
                .required(List.of("type", "title", "status"))
                .properties(Map.of(
                        "type", string.get().format("uri")
                                .description("Stable URI of the kind of problem, e.g. "
                                        + "urn:nexus-chat:problem:insufficient-scope"),
                        "title", string.get().description("Short summary of the kind of problem"),
                        "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                                .description("The HTTP status code"),
                        "detail", string.get().description("What was wrong with this request"),
                        "instance", string.get().description("The request path"),
                        "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)
                                .description("Field errors, for validation problems")));
    }
}
