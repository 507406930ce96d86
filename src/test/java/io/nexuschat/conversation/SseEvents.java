package io.nexuschat.conversation;

import java.util.ArrayList;
import java.util.List;

import io.restassured.path.json.JsonPath;

/** Parses a text/event-stream body into its events: the event name and its one JSON {@code data:} line. */
public record SseEvents(List<Event> events) {

    /** One event. */
    public record Event(String name, String data) {

        public JsonPath json() {
            return JsonPath.from(data);
        }
    }

    public static SseEvents parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
            if (!data.isEmpty()) {
                events.add(new Event(name, data.toString()));
            }
        }
        return new SseEvents(events);
    }

    public List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    public Event first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No " + name + " event in " + names()));
    }

    public List<Event> all(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }
}
