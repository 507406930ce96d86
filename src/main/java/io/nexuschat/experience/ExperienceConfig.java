package io.nexuschat.experience;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where experiences come from ({@code nexus.experiences.*}). */
@ConfigMapping(prefix = "nexus.experiences")
public interface ExperienceConfig {

    /** Ids of the experiences shipped in the application under {@code classpath:experiences/<id>.json}. */
    @WithDefault("demo")
    List<String> builtin();

    /** Operator directory holding more {@code <id>.json} files (and {@code <id>/} knowledge bases); optional. */
    Optional<Path> dir();
}
