package dev.tidemark.provider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void hidesTheKeyAndKeyShapedTextButNotOrdinaryWords() {
        String key = "my-custom-local-key-42";
        assertThat(Secrets.redact("rejected " + key + " for org", key)).isEqualTo("rejected [key hidden] for org");
        assertThat(Secrets.redact("Incorrect API key provided: sk-proj-abc***wxyz.", null))
                .isEqualTo("Incorrect API key provided: [key hidden].");
        assertThat(Secrets.redact("bad sk-ant-api03-AbCdEf012345 here", "")).isEqualTo("bad [key hidden] here");
        assertThat(Secrets.redact("the key-value store and key_management are fine", null))
                .isEqualTo("the key-value store and key_management are fine");
        assertThat(Secrets.redact(null, key)).isNull();
    }
}
