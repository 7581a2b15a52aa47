package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteFailuresTest {

    @Test
    void aRunOfFailuresIsReportedOnceAndSoIsTheRecovery() {
        List<String> problems = new ArrayList<>();
        WriteFailures failures = new WriteFailures(problems::add);
        failures.succeeded();
        failures.failed("disk full");
        failures.failed("disk full again");
        failures.failed("still full");
        failures.succeeded();
        failures.succeeded();

        assertThat(problems).containsExactly("disk full", "The journal is writing to disk again.");
        assertThat(failures.count()).isEqualTo(3);
    }
}
