package io.nexuschat.relay.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.nexuschat.relay.RelayConfig;

/**
 * SSRF protection: a webhook URL must be http(s) and every address its host resolves to must be public — not
 * loopback, private, link-local (cloud metadata at 169.254.169.254 included), unique-local, carrier-grade NAT,
 * multicast or unspecified — unless {@code nexus.relay.allow-private-targets} is set. Checked at registration and
 * again before every delivery, so a name that later resolves to an internal address (DNS rebinding) is refused.
 */
@ApplicationScoped
public class TargetGuard {

    private final boolean allowPrivate;

    @Inject
    public TargetGuard(RelayConfig config) {
        this(config.allowPrivateTargets());
    }

    /** A guard with the given policy (tests of the refusal itself). */
    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Parses and checks the form of a URL; the message of the exception says what is wrong. */
    public static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        if (url.length() > 2048) {
            throw new IllegalArgumentException("must be at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must have a host, and no user info or fragment");
        }
        return uri;
    }

    /**
     * Resolves the URL's host and returns its addresses, or throws {@link Refused} when the URL may not be used.
     */
    public List<InetAddress> check(URI uri) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("host " + uri.getHost() + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (internal(a)) {
                    throw new Refused("host " + uri.getHost() + " resolves to " + a.getHostAddress()
                            + ", a loopback, private, link-local or metadata address (allowed only with "
                            + "nexus.relay.allow-private-targets=true)");
                }
            }
        }
        return List.of(addresses);
    }

    /** Whether an address is not on the public internet. */
    public static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT 100.64/10
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) { // unique local fc00::/7 (fd00:ec2::254 metadata included)
                return true;
            }
            boolean mapped = true; // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                try {
                    return internal(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A URL that may not be used as a target. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
