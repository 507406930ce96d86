package io.nexuschat.answer;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.nexuschat.experience.Experience;

/** Chooses the engine an experience asks for. */
@ApplicationScoped
public class AnswerEngines {

    private final Map<String, AnswerEngine> byId;

    @Inject
    public AnswerEngines(Instance<AnswerEngine> engines) {
        this.byId = engines.stream().collect(Collectors.toUnmodifiableMap(AnswerEngine::id, Function.identity()));
    }

    /** The engine of this experience; an unknown engine id is a configuration error. */
    public AnswerEngine forExperience(Experience experience) {
        AnswerEngine engine = byId.get(experience.engine());
        if (engine == null) {
            throw AnswerException.misconfigured("Experience '" + experience.id() + "' uses unknown answer engine '"
                    + experience.engine() + "'; known: " + byId.keySet());
        }
        return engine;
    }
}
