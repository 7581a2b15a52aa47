package dev.tidemark.media;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdfsTest {

    private static byte[] longPdf;

    @BeforeAll
    static void makePdf() throws IOException {
        longPdf = TestMedia.textPdf(300);
    }

    @Test
    void countsPages() throws IOException {
        assertThat(Pdfs.pageCount(longPdf)).isEqualTo(300);
        assertThat(Pdfs.pageCount(TestMedia.textPdf(1))).isEqualTo(1);
    }

    @Test
    void extractsEveryPageAfterItsMarker() throws IOException {
        List<Integer> done = new CopyOnWriteArrayList<>();
        Pdfs.Text text = Pdfs.text(longPdf, (page, total) -> {
            assertThat(total).isEqualTo(300);
            done.add(page);
        }, () -> false);

        assertThat(text.pages()).isEqualTo(300);
        assertThat(text.text()).startsWith("--- page 1 ---\nPage 1 line 1 of the tide table\n")
                .contains("Page 150 line 40 of the tide table\n\n--- page 151 ---\nPage 151 line 1 ")
                .contains("Page 300 line 40 of the tide table");
        assertThat(text.text().indexOf("--- page 300 ---")).isLessThan(text.text().indexOf("Page 300 line 1 "));
        assertThat(done).hasSize(300).startsWith(1, 2, 3).endsWith(299, 300);
    }

    @Test
    void cancellingStopsBetweenPages() {
        AtomicInteger lastDone = new AtomicInteger();
        assertThatThrownBy(() -> Pdfs.text(longPdf, (page, total) -> lastDone.set(page), () -> lastDone.get() >= 150))
                .isInstanceOf(CancellationException.class);
        assertThat(lastDone.get()).isEqualTo(150); // page 151 was not read
    }

    @Test
    void cancelledBeforeStartingReadsNothing() {
        AtomicInteger pages = new AtomicInteger();
        assertThatThrownBy(() -> Pdfs.text(longPdf, (page, total) -> pages.incrementAndGet(), () -> true))
                .isInstanceOf(CancellationException.class);
        assertThat(pages.get()).isZero();
    }

    @Test
    void aPasswordProtectedPdfIsRefusedInWords() throws IOException {
        byte[] locked = TestMedia.protectedPdf("owner-secret", "user-secret");

        assertThatThrownBy(() -> Pdfs.pageCount(locked)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("is protected by a password").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Pdfs.text(locked, Pdfs.Progress.NONE, () -> false))
                .hasMessageStartingWith("is protected by a password");
    }

    @Test
    void aPdfWithOnlyAnOwnerPasswordOpens() throws IOException {
        byte[] restricted = TestMedia.protectedPdf("owner-secret", "");

        assertThat(Pdfs.pageCount(restricted)).isEqualTo(1);
        assertThat(Pdfs.text(restricted, Pdfs.Progress.NONE, () -> false).text()).contains("Page 1 line 1 of the tide table");
    }

    @Test
    void notAPdfIsRefusedInWords() {
        byte[] text = "just some notes, not a PDF\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Pdfs.pageCount(text)).isInstanceOf(IOException.class)
                .hasMessage(Pdfs.UNREADABLE);
        assertThatThrownBy(() -> Pdfs.text(new byte[0], Pdfs.Progress.NONE, () -> false))
                .hasMessage(Pdfs.UNREADABLE);
    }
}
