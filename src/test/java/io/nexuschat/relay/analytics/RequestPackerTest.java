package io.nexuschat.relay.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequestPackerTest {

    private static RequestPacker.Item item(String id, int bytes) {
        return new RequestPacker.Item(id, ("\"" + "x".repeat(bytes - 2) + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fillsARequestToExactlyTheByteLimitAndSplitsOneByteOver() {
        // Envelope {"events":[]} = 13 bytes (overhead 11 + "[]"); three 10-byte items with two commas = 32.
        byte[] envelope = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        int overhead = envelope.length - 2;
        List<RequestPacker.Item> items = List.of(item("a", 10), item("b", 10), item("c", 10));
        int exact = overhead + 2 + 32;

        List<RequestPacker.Pack> fits = RequestPacker.pack(items, 100, exact, overhead);
        assertThat(fits).singleElement().satisfies(p -> {
            assertThat(p.eventIds()).containsExactly("a", "b", "c");
            assertThat(RequestPacker.wrap(envelope, p.array())).hasSize(exact);
        });

        List<RequestPacker.Pack> split = RequestPacker.pack(items, 100, exact - 1, overhead);
        assertThat(split).extracting(RequestPacker.Pack::eventIds).containsExactly(List.of("a", "b"), List.of("c"));
        split.forEach(p -> assertThat(RequestPacker.wrap(envelope, p.array()).length).isLessThanOrEqualTo(exact - 1));
    }

    @Test
    void wrapsTheArrayIntoTheEnvelopeAsValidJson() {
        byte[] envelope = "{\"client_id\":\"c\",\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        RequestPacker.Pack pack = RequestPacker.pack(List.of(new RequestPacker.Item("a", "{\"n\":1}".getBytes(
                StandardCharsets.UTF_8)), new RequestPacker.Item("b", "{\"n\":2}".getBytes(StandardCharsets.UTF_8))),
                25, 1000, envelope.length - 2).get(0);
        assertThat(new String(RequestPacker.wrap(envelope, pack.array()), StandardCharsets.UTF_8)).isEqualTo(
                "{\"client_id\":\"c\",\"events\":[{\"n\":1},{\"n\":2}]}");
    }

    @Test
    void countLimitSplitsInOrder() {
        List<RequestPacker.Item> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(item("e" + i, 5));
        }
        assertThat(RequestPacker.pack(items, 3, 10_000, 0)).extracting(p -> p.eventIds().size()).containsExactly(3, 3,
                1);
        assertThat(RequestPacker.fitsAlone(item("big", 100), 101, 0)).isFalse();
        assertThat(RequestPacker.fitsAlone(item("big", 99), 101, 0)).isTrue();
    }
}
