package dev.tidemark.ui.markdown;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a link may open, and the exact URL handed to the desktop. */
class LinkTargetsTest {

    @Test
    void webLinksAreWrittenOutAgainByUri() {
        assertThat(LinkTargets.normalise("https://example.com/tides?port=brest#today"))
                .contains("https://example.com/tides?port=brest#today");
        assertThat(LinkTargets.normalise("  HTTPS://Example.COM/a/./b/../c  ")).contains("https://example.com/a/c");
        assertThat(LinkTargets.normalise("http://example.com:8080")).contains("http://example.com:8080");
        assertThat(LinkTargets.normalise("https://example.com/mar\u00e9es")).contains("https://example.com/mar%C3%A9es");
    }

    @Test
    void aHostInAnotherScriptIsShownAndOpenedInItsAsciiForm() {
        // a look-alike (Cyrillic "а" in "pаypal") cannot pass for the real name on hover
        assertThat(LinkTargets.normalise("https://p\u0430ypal.com/login")).contains("https://xn--pypal-4ve.com/login");
        assertThat(LinkTargets.normalise("https://b\u00fccher.example/")).contains("https://xn--bcher-kva.example/");
    }

    @Test
    void whatDoesNotParseOrIsNotTheWebOrMailIsRefused() {
        for (String refused : List.of("javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi",
                "../etc/passwd", "tidemark://x", "https://", "http:example.com", "https://exa mple.com",
                "https://example.com/a b", "https://example.com/%zz", "https://[::1", "mailto:", "mailto://a@b.c",
                "https://example.com/\u0000", "")) {
            assertThat(LinkTargets.normalise(refused)).as(refused).isEmpty();
            assertThat(LinkTargets.isOpenable(refused)).as(refused).isFalse();
        }
        assertThat(LinkTargets.normalise(null)).isEmpty();
    }

    @Test
    void aMailLinkKeepsOnlyItsAddressesSubjectAndBody() {
        assertThat(LinkTargets.normalise("mailto:a@b.c")).contains("mailto:a@b.c");
        assertThat(LinkTargets.normalise("mailto:a@b.c,d@e.f?subject=Tides%20today&body=High%20at%206"))
                .contains("mailto:a@b.c,d@e.f?subject=Tides%20today&body=High%20at%206");
        assertThat(LinkTargets.normalise("mailto:a@b.c?cc=boss@b.c&Subject=Hi&bcc=spy@x.y&attach=/etc/passwd"
                + "&body=Hello&X-Header=1&in-reply-to=%3Cx%3E&to=other@x.y"))
                .contains("mailto:a@b.c?subject=Hi&body=Hello");
        assertThat(LinkTargets.normalise("mailto:?subject=Hi&attach=~/.ssh/id_rsa")).contains("mailto:?subject=Hi");
        assertThat(LinkTargets.normalise("mailto:?attach=~/.ssh/id_rsa")).isEmpty();
        assertThat(LinkTargets.normalise("MAILTO:a@b.c?body")).contains("mailto:a@b.c");
    }
}
