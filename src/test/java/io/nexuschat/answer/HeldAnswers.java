package io.nexuschat.answer;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds of the scripted engine's {@code #held:<id>}: the engine waits before its first chunk until the test releases
 * the hold. A test can so watch what a stream does while the engine thinks, for exactly as long as it needs to see it
 * (pings, a client's timeout), with no sleep and no margin. A hold never released ends after a minute with an
 * engine failure, so a failed test leaves no engine thread behind.
 */
public final class HeldAnswers {

    private static final Pattern HELD = Pattern.compile("#held:([\\w-]+)");
    private static final Map<String, CountDownLatch> HOLDS = new ConcurrentHashMap<>();

    private HeldAnswers() {
    }

    /** A new hold: put {@code #held:<the id>} into a query to make the engine wait for {@link #release}. */
    public static String newHold() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        latch(id);
        return id;
    }

    /** Lets the engine answer the query holding {@code id} (also before it started waiting). Idempotent. */
    public static void release(String id) {
        latch(id).countDown();
    }

    /** Waits for the release of the hold named in {@code query}, if any. */
    static void awaitRelease(String query) {
        Matcher m = HELD.matcher(query);
        if (!m.find()) {
            return;
        }
        try {
            if (!latch(m.group(1)).await(1, TimeUnit.MINUTES)) {
                throw new AnswerException("Held answer never released: " + m.group(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnswerException("interrupted");
        }
    }

    private static CountDownLatch latch(String id) {
        return HOLDS.computeIfAbsent(id, k -> new CountDownLatch(1));
    }
}
