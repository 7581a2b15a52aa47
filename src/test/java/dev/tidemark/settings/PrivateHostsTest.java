package dev.tidemark.settings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which hosts a key may reach over plain http without a warning: this machine and private networks. */
class PrivateHostsTest {

    @Test
    void loopbackPrivateRangesLinkLocalAndLocalNamesArePrivate() {
        assertThat(List.of("localhost", "LOCALHOST", "ollama.localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]",
                "10.0.0.7", "172.16.0.1", "172.31.255.254", "192.168.1.20", "169.254.10.10", "fe80::1",
                "[fe80::1%25eth0]".replace("%25", "%"), "fc00::1", "fd12:3456::1", "0.0.0.0",
                "gpu-box", "printer.local", "gpu.lan", "vllm.internal", "nas.home.arpa", "nas.home.arpa."))
                .allSatisfy(h -> assertThat(PrivateHosts.isPrivate(h)).as(h).isTrue());
    }

    @Test
    void publicAddressesAndNamesAreNot() {
        assertThat(List.of("api.openai.com", "gateway.example.com", "8.8.8.8", "172.32.0.1", "172.15.255.255",
                "192.169.0.1", "11.0.0.1", "100.64.0.1", "2001:db8::1", "[2606:4700::1111]", "fbff::1", "fe00::1",
                "local.example.com", "localhost.example.com", "999.1.1.1", "", " "))
                .allSatisfy(h -> assertThat(PrivateHosts.isPrivate(h)).as(h).isFalse());
        assertThat(PrivateHosts.isPrivate(null)).isFalse();
    }
}
