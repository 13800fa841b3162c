package org.glimmr.jobs.http;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.apache.http.conn.DnsResolver;
import org.glimmr.common.AddressRange;
import org.glimmr.common.GlimmrConfig;

/**
 * Which addresses discover and fetch may connect to. A URL in a hospital's text file must never reach inside our
 * network: loopback, private, link-local (with the cloud metadata address 169.254.169.254), carrier-grade NAT,
 * multicast, reserved and documentation ranges are refused, in IPv4 and IPv6, also when an IPv6 address carries an
 * IPv4 one (mapped, compatible, NAT64, 6to4). Ranges of {@value GlimmrConfig#FETCH_ALLOW_RANGES} are opened anyway.
 *
 * <p>As the HTTP client's {@link DnsResolver}, this is the only name lookup of a connection: every resolved address
 * is checked (one refused address refuses the host, so a mixed answer cannot be raced), and the client connects to
 * exactly the addresses returned here, so a second lookup (DNS rebinding) has nothing to swap.
 */
public final class AddressPolicy implements DnsResolver {
    private record Refused(AddressRange range, String reason) {}

    private static final List<Refused> REFUSED = java.util.stream.Stream.of(
            "0.0.0.0/8 this network", "10.0.0.0/8 private", "100.64.0.0/10 carrier-grade NAT", "127.0.0.0/8 loopback",
            "169.254.0.0/16 link-local (cloud metadata)", "172.16.0.0/12 private", "192.0.0.0/24 IETF protocol assignments",
            "192.0.2.0/24 documentation", "192.88.99.0/24 6to4 relay", "192.168.0.0/16 private", "198.18.0.0/15 benchmarking",
            "198.51.100.0/24 documentation", "203.0.113.0/24 documentation", "224.0.0.0/4 multicast", "240.0.0.0/4 reserved",
            "::/128 unspecified", "::1/128 loopback", "100::/64 discard", "2001:db8::/32 documentation",
            "fc00::/7 unique local", "fe80::/10 link-local", "fec0::/10 site-local", "ff00::/8 multicast")
            .map(s -> new Refused(AddressRange.parse(s.substring(0, s.indexOf(' '))).orElseThrow(), s.substring(s.indexOf(' ') + 1)))
            .toList();

    private final List<AddressRange> allowed;

    public AddressPolicy(List<AddressRange> allowed) {
        this.allowed = List.copyOf(requireNonNull(allowed, "allowed is null"));
    }

    /** Why {@code address} is refused, or empty when it may be reached. */
    public Optional<String> refusal(InetAddress address) {
        if (allowed.stream().anyMatch(r -> r.contains(address))) {
            return Optional.empty();
        }
        Optional<String> own = rangeOf(address);
        if (own.isPresent()) {
            return own;
        }
        return embeddedIpv4(address).flatMap(v4 -> refusal(v4).map(r -> "carries the IPv4 address "
                + v4.getHostAddress() + ", which is " + r));
    }

    private static Optional<String> rangeOf(InetAddress address) {
        return REFUSED.stream().filter(r -> r.range().contains(address)).findFirst()
                .map(r -> r.reason() + " (" + r.range() + ")");
    }

    /** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != 16) {
            return Optional.empty();
        }
        int from;
        if (zeros(a, 0, 10) && ((a[10] == (byte) 0xff && a[11] == (byte) 0xff) || (a[10] == 0 && a[11] == 0 && !zeros(a, 12, 16)))) {
            from = 12; // ::ffff:a.b.c.d and ::a.b.c.d
        } else if (a[0] == 0 && a[1] == 0x64 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b && zeros(a, 4, 12)) {
            from = 12; // NAT64 64:ff9b::a.b.c.d
        } else if (a[0] == 0x20 && a[1] == 0x02) {
            from = 2; // 6to4 2002:AABB:CCDD::
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(java.util.Arrays.copyOfRange(a, from, from + 4)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean zeros(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                throw new RefusedAddressException(host, address, refused.get());
            }
        }
        return addresses;
    }

    /** A host that resolves to an address the policy refuses; raised before any connection is made. */
    public static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String host, InetAddress address, String why) {
            super("refused: " + host + " resolves to " + address.getHostAddress() + ", a " + why + " address; Glimmr does not"
                    + " connect inside networks. Fix: if this is a mirror you trust, add its range to "
                    + GlimmrConfig.FETCH_ALLOW_RANGES);
        }
    }
}
