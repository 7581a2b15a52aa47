package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdsTest {

    @Test
    void theSameIdReadTwiceIsTheSameString() {
        StreamIds ids = new StreamIds();
        byte[] line = "xx r1 r2 r1".getBytes(StandardCharsets.UTF_8);
        String first = ids.get(line, 3, 5);
        String other = ids.get(line, 6, 8);
        String again = ids.get(line, 9, 11);

        assertThat(first).isEqualTo("r1");
        assertThat(other).isEqualTo("r2");
        assertThat(again).isSameAs(first);
    }
}
