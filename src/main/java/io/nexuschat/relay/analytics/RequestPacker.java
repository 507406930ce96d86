package io.nexuschat.relay.analytics;

import java.util.ArrayList;
import java.util.List;

/** Packs encoded items into JSON arrays in order, within an item count and a byte budget per request. */
final class RequestPacker {

    /** One encoded array element and the event it carries. */
    record Item(String eventId, byte[] json) {
    }

    /** The items of one request, and the exact array text {@code [a,b,...]}. */
    record Pack(List<String> eventIds, byte[] array) {
    }

    private RequestPacker() {
    }

    /**
     * Greedy, order-keeping packing. {@code overheadBytes} is the envelope around the array (its size with an empty
     * array, minus the 2 bytes of {@code []}). Callers drop items that cannot fit even alone beforehand.
     */
    static List<Pack> pack(List<Item> items, int maxItems, int maxBytes, int overheadBytes) {
        List<Pack> packs = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        long size = overheadBytes + 2;
        for (Item item : items) {
            long added = item.json().length + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && (current.size() == maxItems || size + added > maxBytes)) {
                packs.add(toPack(current));
                current = new ArrayList<>();
                size = overheadBytes + 2;
                added = item.json().length;
            }
            current.add(item);
            size += added;
        }
        if (!current.isEmpty()) {
            packs.add(toPack(current));
        }
        return packs;
    }

    /** Whether one item alone fits a request. */
    static boolean fitsAlone(Item item, int maxBytes, int overheadBytes) {
        return overheadBytes + 2L + item.json().length <= maxBytes;
    }

    private static Pack toPack(List<Item> items) {
        int total = 2 + items.size() - 1;
        for (Item i : items) {
            total += i.json().length;
        }
        byte[] out = new byte[total];
        out[0] = '[';
        int pos = 1;
        List<String> ids = new ArrayList<>(items.size());
        for (int n = 0; n < items.size(); n++) {
            if (n > 0) {
                out[pos++] = ',';
            }
            byte[] json = items.get(n).json();
            System.arraycopy(json, 0, out, pos, json.length);
            pos += json.length;
            ids.add(items.get(n).eventId());
        }
        out[pos] = ']';
        return new Pack(ids, out);
    }

    /**
     * Puts {@code array} into an encoded envelope whose last field is an empty array (so the envelope ends with
     * {@code []}}), e.g. {@code {"client_id":"c","events":[]}}.
     */
    static byte[] wrap(byte[] envelopeWithEmptyArray, byte[] array) {
        int arrayOffset = envelopeWithEmptyArray.length - 3;
        byte[] out = new byte[envelopeWithEmptyArray.length - 2 + array.length];
        System.arraycopy(envelopeWithEmptyArray, 0, out, 0, arrayOffset);
        System.arraycopy(array, 0, out, arrayOffset, array.length);
        System.arraycopy(envelopeWithEmptyArray, arrayOffset + 2, out, arrayOffset + array.length,
                envelopeWithEmptyArray.length - arrayOffset - 2);
        return out;
    }
}
