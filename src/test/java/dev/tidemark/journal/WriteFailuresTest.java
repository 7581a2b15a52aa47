package dev.tidemark.journal;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteFailuresTest {

    @Test
    void aRunOfFailuresIsReportedOnceAndSoIsTheRecovery() {
        List<Problem> problems = new ArrayList<>();
        WriteFailures failures = new WriteFailures(problems::add);
        Problem full = new Problem.DiskFull(Area.JOURNAL, "its journal", "No space left on device");
        failures.succeeded();
        failures.failed(full);
        failures.failed(new Problem.DiskFull(Area.JOURNAL, "its journal to disk", "No space left on device"));
        failures.failed(new Problem.CannotWrite(Area.JOURNAL, "its journal", "Input/output error"));
        failures.succeeded();
        failures.succeeded();

        assertThat(problems).containsExactly(full, new Problem.WritingAgain(Area.JOURNAL));
        assertThat(failures.count()).isEqualTo(3);
    }
}
