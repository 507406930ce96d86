package io.nexuschat.experience;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.ProblemException;
import io.quarkus.runtime.Startup;

/**
 * All experiences known to this server: the built-in ones shipped under {@code classpath:experiences/}, then those in
 * the operator's directory ({@code nexus.experiences.dir}), which override built-ins with the same id. Loaded once at
 * startup; a broken file stops startup with a clear message rather than serving half a configuration.
 */
@Startup
@ApplicationScoped
public class ExperienceRegistry {

    private static final Logger LOG = Logger.getLogger(ExperienceRegistry.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Experience fields that were documented once but are not enforced; an experience that sets them is refused. */
    private static final List<String> UNSUPPORTED = List.of("userHashSecretEnv");

    private final Map<String, Experience> experiences;
    private final Map<String, Path> directories = new LinkedHashMap<>();

    @Inject
    public ExperienceRegistry(ExperienceConfig config, ObjectMapper mapper) {
        Map<String, Experience> loaded = new LinkedHashMap<>();
        for (String id : config.builtin()) {
            String resource = "experiences/" + id + ".json";
            try (InputStream in = classpath(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Built-in experience not found: " + resource);
                }
                loaded.put(id, validate(parse(mapper, mapper.readTree(in), resource), id, resource));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + resource, e);
            }
        }
        config.dir().ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    String id = file.getFileName().toString().replaceFirst("\\.json$", "");
                    loaded.put(id, validate(parse(mapper, mapper.readTree(file.toFile()), file.toString()), id,
                            file.toString()));
                    directories.put(id, dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read experiences from " + dir, e);
            }
        });
        this.experiences = Collections.unmodifiableMap(loaded);
        LOG.infof("Loaded experiences: %s", experiences.keySet());
    }

    /**
     * Reads an experience, refusing settings that look protective but are not implemented: an operator who sets them
     * must not believe visitors are protected.
     */
    private static Experience parse(ObjectMapper mapper, JsonNode json, String source) throws IOException {
        if (json == null || !json.isObject()) {
            throw new IllegalStateException(source + ": an experience must be a JSON object");
        }
        JsonNode analytics = json.get("analytics");
        if (analytics != null && !analytics.isNull()) {
            if (!analytics.isObject()) {
                throw new IllegalStateException(source + ": \"analytics\" must be an object {\"ga4\", \"segment\", "
                        + "\"mixpanel\"}");
            }
            for (var names = analytics.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!List.of("ga4", "segment", "mixpanel").contains(name)) {
                    throw new IllegalStateException(source + ": analytics." + name + " is not a known sink (ga4, "
                            + "segment, mixpanel)");
                }
            }
        }
        if (json.path("relay").has("sinks")) {
            throw new IllegalStateException(source + ": \"relay.sinks\" is not supported; declare webhook "
                    + "endpoints as \"webhooks\": [{\"url\", \"secretEnv\", \"events\"}]");
        }
        for (String field : UNSUPPORTED) {
            if (json.has(field)) {
                throw new IllegalStateException(source + ": " + field + " is not supported yet; remove it and "
                        + "verify user ids with \"identity\": {\"secretEnv\": \"…\", \"required\": true}");
            }
        }
        JsonNode identity = json.get("identity");
        if (identity != null && !identity.isNull()) {
            if (!identity.isObject() || !identity.path("secretEnv").isTextual()
                    || identity.path("secretEnv").asText().isBlank()
                    || (identity.has("required") && !identity.get("required").isBoolean())) {
                throw new IllegalStateException(source + ": \"identity\" must be an object {\"secretEnv\": the name "
                        + "of the environment variable holding the user hash secret, \"required\": true|false}");
            }
        }
        return mapper.treeToValue(json, Experience.class);
    }

    private static Experience validate(Experience e, String expectedId, String source) {
        if (e.id() == null || !e.id().equals(expectedId) || !ID.matcher(e.id()).matches()) {
            throw new IllegalStateException(source + ": \"id\" must be present, match the file name (" + expectedId
                    + ") and use letters, digits, '-' or '_'");
        }
        long exp = e.expirationSeconds();
        if (exp < 60 || exp > 30L * 86_400) {
            throw new IllegalStateException(source + ": session.expirationSeconds must be between 60 and 2592000");
        }
        if (e.newSessionOnEvent().stream().anyMatch(name -> name == null || name.isBlank())) {
            throw new IllegalStateException(source + ": session.newSessionOnEvent must list action ids or send_event "
                    + "names (non-blank strings)");
        }
        Experience.Teaser t = e.teaser();
        if (t != null && (t.text() == null || t.text().isBlank() || t.text().length() > 500
                || (t.delaySeconds() != null && (t.delaySeconds() < 0 || t.delaySeconds() > 3600))
                || (t.pages() != null && t.pages().stream().anyMatch(p -> p == null || p.isBlank())))) {
            throw new IllegalStateException(source + ": \"teaser\" must be {\"text\": 1–500 characters, "
                    + "\"delaySeconds\": 0–3600, \"pages\": [path globs such as \"/pricing\" or \"/docs/**\"]}");
        }
        return e;
    }

    /** The experience with this id, if any. */
    public Optional<Experience> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(experiences.get(id));
    }

    /** The experience with this id, or a 400 naming the field {@code experienceId}. */
    public Experience require(String id) {
        if (id == null || id.isBlank()) {
            throw ProblemException.invalidField("experienceId", "is required");
        }
        return find(id).orElseThrow(() -> ProblemException.invalidField("experienceId", "unknown experience '"
                + (id.length() > 64 ? id.substring(0, 64) + "…" : id) + "'"));
    }

    /** Every experience, built-in first. */
    public Collection<Experience> all() {
        return experiences.values();
    }

    /**
     * Reads a file that belongs to an experience (e.g. a knowledge-base document), relative to the folder of its
     * JSON file. Returns empty when it does not exist.
     */
    public Optional<String> readFile(Experience experience, String relativePath) {
        if (relativePath.contains("..")) {
            throw new IllegalArgumentException("Experience file paths may not contain '..': " + relativePath);
        }
        Path dir = directories.get(experience.id());
        try {
            if (dir != null) {
                Path file = dir.resolve(relativePath);
                return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            }
            try (InputStream in = classpath("experiences/" + relativePath)) {
                return in == null
                        ? Optional.empty()
                        : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The knowledge-base documents of an experience: those listed in its {@code knowledgeBase}, or for an operator
     * directory experience without a list, every {@code .md} file under {@code <dir>/<id>/kb/}.
     */
    public List<String> knowledgeBaseFiles(Experience experience) {
        if (experience.knowledgeBase() != null) {
            return experience.knowledgeBase();
        }
        Path dir = directories.get(experience.id());
        if (dir == null) {
            return List.of();
        }
        Path kb = dir.resolve(experience.id()).resolve("kb");
        if (!Files.isDirectory(kb)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(kb)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted()
                    .map(f -> experience.id() + "/kb/" + f.getFileName()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream classpath(String resource) {
        return Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
    }
}
