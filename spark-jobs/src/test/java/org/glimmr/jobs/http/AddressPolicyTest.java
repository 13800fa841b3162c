package org.glimmr.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.glimmr.common.AddressRange;
import org.junit.jupiter.api.Test;

/**
 * The address policy as a pure function of address bytes: {@link InetAddress#getByAddress} makes no lookup and
 * nothing here connects anywhere. The only resolution exercised ({@link AddressPolicy#resolve}) is of loopback
 * literals.
 */
class AddressPolicyTest {
    private final AddressPolicy policy = new AddressPolicy(List.of(AddressRange.parse("127.0.0.1/32").orElseThrow()));

    @Test
    void refusesEveryInternalRangeInIpv4AndIpv6() throws Exception {
        assertRefused("127.0.0.2", "loopback");
        assertRefused("10.1.2.3", "private");
        assertRefused("172.16.0.1", "private");
        assertRefused("192.168.1.1", "private");
        assertRefused("169.254.169.254", "cloud metadata");
        assertRefused("100.64.0.1", "carrier-grade NAT");
        assertRefused("0.0.0.0", "this network");
        assertRefused("224.0.0.1", "multicast");
        assertRefused("::1", "loopback");
        assertRefused("fd00::1", "unique local");
        assertRefused("fe80::1", "link-local");
        assertRefused("ff02::1", "multicast");
        // IPv6 forms that carry an IPv4 address inside
        assertRefused(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169, (byte) 254}), "cloud metadata");
        assertRefused(InetAddress.getByAddress(new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1}), "private");
        assertRefused(InetAddress.getByAddress(new byte[] {0x20, 0x02, (byte) 192, (byte) 168, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), "private");
    }

    @Test
    void allowsPublicAddressesAndTheAllowListedRange() throws Exception {
        assertThat(policy.refusal(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14}))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByAddress(new byte[] {0x26, 0x06, 0x28, 0, 0x02, 0x20, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}))).isEmpty();
        // the allow-list is exact: 127.0.0.1 does not open the IPv4-mapped form of 127.0.0.2
        assertRefused(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 2}), "loopback");
    }

    @Test
    void resolvingChecksEveryAddressBeforeAnyConnection() throws Exception {
        assertThat(policy.resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> policy.resolve("127.0.0.2")).isInstanceOf(AddressPolicy.RefusedAddressException.class)
                .hasMessageContaining("127.0.0.2").hasMessageContaining("glimmr.fetch.allow.ranges");
    }

    @Test
    void rangesParseLiteralsOnly() {
        assertThat(AddressRange.parse("10.0.0.0/8")).hasValueSatisfying(r -> assertThat(r.prefixLength()).isEqualTo(8));
        assertThat(AddressRange.parse("::1")).hasValueSatisfying(r -> assertThat(r.prefixLength()).isEqualTo(128));
        assertThat(AddressRange.parse("localhost")).isEmpty();
        assertThat(AddressRange.parse("10.0.0.0/33")).isEmpty();
        assertThat(AddressRange.parse("10.0.0.0/x")).isEmpty();
    }

    private void assertRefused(String literal, String why) throws Exception {
        assertRefused(InetAddress.getByName(literal), why); // a literal: parsed, not looked up
    }

    private void assertRefused(InetAddress address, String why) {
        assertThat(policy.refusal(address)).as(address.getHostAddress()).hasValueSatisfying(r -> assertThat(r).contains(why));
    }
}
