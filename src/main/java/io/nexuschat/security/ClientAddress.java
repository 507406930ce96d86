package io.nexuschat.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * Who a request comes from, for rate limits: the connection's peer, or, when the peer is a trusted reverse proxy, the
 * address its {@code X-Forwarded-For} names. The header is read from the right (each proxy appends the address it
 * saw), skipping trusted proxies, so a client cannot choose its address by sending the header itself. Addresses are
 * parsed as literals only: nothing here resolves a name.
 */
final class ClientAddress {

    /** An address range: {@code 10.0.0.0/8}, or one address. */
    private record Range(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address == null || address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            if (!Arrays.equals(network, 0, full, address, 0, full)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (network[full] & mask) == (address[full] & mask);
        }
    }

    private final List<Range> trusted;

    ClientAddress(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalStateException("nexus.rate-limit.trusted-proxies: '" + text
                        + "' is not an IP address or CIDR range");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalStateException("nexus.rate-limit.trusted-proxies: '" + text
                            + "' has an invalid prefix length");
                }
            }
            ranges.add(new Range(network, bits));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client's address for a request from {@code peer} carrying {@code forwardedFor} (null when absent). */
    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = strip(hops[i].trim());
            if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
                return peer; // not an address: the chain cannot be trusted beyond here
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean trusted(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
    }

    /** {@code [::1]} and {@code 1.2.3.4:5678} as plain addresses. */
    private static String strip(String hop) {
        if (hop.startsWith("[") && hop.indexOf(']') > 0) {
            return hop.substring(1, hop.indexOf(']'));
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
